-- Runs Lua chunks in a fresh lua5.4 process (loaded with dofile: busted runs from the repository
-- root). The child gets this run's module paths, so under `make asan` it loads the sanitized
-- build too, and a case that could kill the interpreter cannot take the spec run with it.
local subprocess = {}

local function quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

-- run(chunk [, env]) -> output (stdout and stderr), exited_normally_with_0.
-- env: variables to set (a string) or to remove (false) for the child.
function subprocess.run(chunk, env)
  local script = os.tmpname()
  local f = assert(io.open(script, "w"))
  f:write(chunk)
  f:close()
  local parts = { "env" }
  for name, value in pairs(env or {}) do
    parts[#parts + 1] = value == false and ("-u " .. name) or (name .. "=" .. quote(value))
  end
  parts[#parts + 1] = "LUA_PATH_5_4=" .. quote(package.path)
  parts[#parts + 1] = "LUA_CPATH_5_4=" .. quote(package.cpath)
  parts[#parts + 1] = "lua5.4 " .. script .. " 2>&1"
  local p = assert(io.popen(table.concat(parts, " ")))
  local output = p:read("a")
  local ok, how, code = p:close()
  os.remove(script)
  return output, ok == true and how == "exit" and code == 0
end

return subprocess
