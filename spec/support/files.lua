-- Temporary files for the specs (loaded with dofile: busted runs from the repository root):
-- names that remove_all() deletes in a teardown, and whole-file reads and writes.
local files = {}
local made = {}

-- path, to be removed by remove_all()
function files.track(path)
  made[#made + 1] = path
  return path
end

-- a new temporary path; with a suffix, os.tmpname's own (created) file is removed later too
function files.tmp(suffix)
  local p = files.track(os.tmpname())
  return suffix and files.track(p .. suffix) or p
end

function files.write(path, bytes)
  local f = assert(io.open(path, "wb"))
  f:write(bytes)
  f:close()
  return path
end

-- the file's bytes, or nil when it cannot be opened
function files.read(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

function files.remove_all()
  for _, p in ipairs(made) do os.remove(p) end
  made = {}
end

return files
