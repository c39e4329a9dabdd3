-- The `luatensor` command (src/cli/luatensor.c, built as <build>/bin/luatensor by `make`): run in
-- subprocesses with a script and its args, -e, -v, an error, and the interactive prompt fed
-- through stdin with -i. The binary is found next to the module this run loads (the cpath's
-- build directory); when it is not built there (e.g. `make asan` builds only the module), the
-- cases are pending.

local function quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

local function find_binary()
  for dir in package.cpath:gmatch("([^;]+)/%?%.so") do
    local path = dir .. "/bin/luatensor"
    local f = io.open(path, "rb")
    if f then
      f:close()
      return path
    end
  end
end

local bin = find_binary()

local function write_tmp(text)
  local name = os.tmpname()
  local f = assert(io.open(name, "w"))
  f:write(text)
  f:close()
  return name
end

-- run(args [, stdin]) -> stdout, stderr, exit code. args: a list of strings (quoted here).
local function run(args, stdin)
  local quoted = {}
  for i, a in ipairs(args) do quoted[i] = quote(a) end
  local errfile = os.tmpname()
  local infile = write_tmp(stdin or "")
  local cmd = string.format("%s %s < %s 2> %s", quote(bin), table.concat(quoted, " "),
    quote(infile), quote(errfile))
  local p = assert(io.popen(cmd))
  local out = p:read("a")
  local _, _, code = p:close()
  local f = assert(io.open(errfile))
  local err = f:read("a")
  f:close()
  os.remove(errfile)
  os.remove(infile)
  return out, err, code
end

describe("the luatensor command", function()
  if not bin then
    pending("build/bin/luatensor is not built next to the module (run `make`)")
    return
  end

  it("runs a script with arg set as lua.c does and the library as `lt`", function()
    local script = write_tmp([[
print("arg0", arg[0])
print("args", arg[1], arg[2], #arg, select("#", ...), ...)
print("tensor", lt.ones(3):sum():item())
]])
    local out, err, code = run({ script, "one", "two" })
    os.remove(script)
    assert.are.equal(0, code, err)
    assert.are.equal("", err)
    assert.matches("arg0\t" .. script:gsub("%p", "%%%0"), out)
    assert.matches("args\tone\ttwo\t2\t2\tone\ttwo", out, 1, true)
    assert.matches("tensor\t3", out, 1, true)
  end)

  it("runs -e chunks in order and prints tensors", function()
    local out, err, code = run({ "-e", "x = 2", "-e", "print(lt.ones(2, 2) * 3, x)" })
    assert.are.equal(0, code, err)
    assert.are.equal("tensor([[3., 3.],\n        [3., 3.]], dtype=float32)\t2\n", out)
  end)

  it("prints versions with -v and usage with -h", function()
    local out, _, code = run({ "-v" })
    assert.are.equal(0, code)
    assert.matches("Lua 5.4", out, 1, true)
    assert.matches("luatensor", out, 1, true)
    assert.matches("BLAS", out, 1, true)
    out, _, code = run({ "-h" })
    assert.are.equal(0, code)
    assert.matches("usage: luatensor", out, 1, true)
  end)

  it("exits 1 with the message and a traceback on an error", function()
    local script = write_tmp("local function f() error('broken here') end\nf()\n")
    local out, err, code = run({ script })
    os.remove(script)
    assert.are.equal(1, code)
    assert.are.equal("", out)
    assert.matches("broken here", err, 1, true)
    assert.matches("stack traceback", err, 1, true)
    local _, err2, code2 = run({ "-e", "lt.ones(2) + lt.ones(3)" })
    assert.are.equal(1, code2)
    assert.matches("^luatensor: ", err2)
    _, err2, code2 = run({ "-z" })
    assert.are.equal(1, code2)
    assert.matches("unrecognized option '-z'", err2, 1, true)
  end)

  it("runs stdin as a script when it is not a terminal and no script is given", function()
    local out, err, code = run({}, "print('from stdin', lt.zeros(2):sum():item())\n")
    assert.are.equal(0, code, err)
    assert.matches("from stdin\t0", out, 1, true)
  end)

  it("evaluates lines at the prompt with -i, survives errors, reads multi-line chunks", function()
    local out, err, code = run({ "-i" }, table.concat({
      "1 + 2",
      "x = 10",
      "x * 2, 'two'",
      "lt.ones(2, 2) * 3",
      "error('oops')",
      "nosuch.field",
      "function f(a)",
      "  return a + x",
      "end",
      "f(5)",
      "",
    }, "\n"))
    assert.are.equal(0, code, err)
    assert.matches("lt> 3\n", out, 1, true)
    assert.matches("20\ttwo\n", out, 1, true)
    assert.matches("tensor([[3., 3.],\n        [3., 3.]], dtype=float32)", out, 1, true)
    assert.matches(">>  >>  lt> 15\n", out, 1, true)  -- continuation prompts, then f(5)
    assert.matches("oops", err, 1, true)
    assert.matches("attempt to index a nil value (global 'nosuch')", err, 1, true)
  end)
end)
