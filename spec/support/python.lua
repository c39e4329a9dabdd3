-- Runs Python (Debian's /usr/bin/python3, where python3-numpy and python3-torch live) for the
-- interop specs (loaded with dofile: busted runs from the repository root).
local python = {}

local PYTHON = "/usr/bin/python3"

-- can Python import every module named in the list?
function python.can_import(modules)
  local p = io.popen(PYTHON .. " -c 'import " .. table.concat(modules, ", ") .. "' 2>/dev/null && echo yes")
  if not p then return false end
  local out = p:read("a")
  p:close()
  return out:match("yes") ~= nil
end

-- runs a Python script, returns its output; fails with that output when Python fails
function python.run(code)
  local script = os.tmpname()
  local f = assert(io.open(script, "w"))
  f:write(code)
  f:close()
  local p = assert(io.popen(PYTHON .. " " .. script .. " 2>&1"))
  local out = p:read("a")
  local ok = p:close()
  os.remove(script)
  assert(ok, out)
  return out
end

return python
