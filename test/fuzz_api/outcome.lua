--- outcome.lua: runs one call under an instruction budget and judges what came back. The only
-- acceptable outcomes are results or an error whose message is a non-empty string; anything
-- else (a non-string error object, an empty message, the budget running out) is a bug. Crashes
-- and sanitizer reports end the process: tools/with-asan.sh reports those.
local O = {}

local BUDGET_TICKS = 20000 -- hook ticks of 1000 instructions: 2e7 instructions per call
local HANG = "fuzz_api: instruction budget exceeded (a hang?)"

local ticks = 0
local function hook()
  ticks = ticks + 1
  if ticks > BUDGET_TICKS then
    ticks = 0
    error(HANG, 0)
  end
end

-- fn() in the main thread or, now and then, in a coroutine (a yield out of it is a result)
function O.run(fn, in_coroutine)
  ticks = 0
  if not in_coroutine then
    debug.sethook(hook, "", 1000)
    local res = table.pack(pcall(fn))
    debug.sethook()
    return res
  end
  local co = coroutine.create(fn)
  debug.sethook(co, hook, "", 1000)
  local res = table.pack(coroutine.resume(co))
  return res
end

-- "ok" | "error" | a bug description
function O.judge(res)
  if res[1] then return "ok" end
  local e = res[2]
  if e == HANG then return "bug: " .. HANG end
  if type(e) ~= "string" then return "bug: error object is a " .. type(e) .. " (" .. tostring(e) .. ")" end
  if e:match("^%s*$") then return "bug: empty error message" end
  return "error"
end

-- a message with its numbers, addresses and long filler taken out, so that messages differing
-- only in a size or an index count once
function O.normalize(msg, tmpdir)
  local s = msg:gsub(tmpdir:gsub("%p", "%%%0"), "<tmp>")
  s = s:gsub("^[^%s:]+:%d+: ", "") -- where error() was raised: not part of the message
  s = s:gsub("0x%x+", "<addr>")
  s = s:gsub("xxx+", "xxx")
  s = s:gsub("%-?%d[%d%.]*e[-+]?%d+", "<n>")
  s = s:gsub("%-?%d[%d%.]*", "<n>")
  return s
end

return O
