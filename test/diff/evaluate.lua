-- Runs a batch of programs in luatensor, sends them all to one Python process (reference.py)
-- and compares: one Python start per batch, since importing torch takes most of a second.
local wire = require "wire"
local exec = require "exec"
local compare = require "compare"

local evaluate = {}

evaluate.PYTHON = os.getenv("LT_DIFF_PYTHON") or "/usr/bin/python3"

-- returns, per program, {obs, ref, failure}
function evaluate.batch(lt, catalogue, progs, dir)
  local inpath, outpath = os.tmpname(), os.tmpname()
  local f = assert(io.open(inpath, "w"))
  local obs = {}
  for i, prog in ipairs(progs) do
    obs[i] = exec.observe(lt, catalogue, prog)
    f:write(wire.encode(i, prog, obs[i]), "\n")
  end
  f:close()
  local cmd = ("%s %s/reference.py %s %s 2>&1"):format(evaluate.PYTHON, dir, inpath, outpath)
  local p = assert(io.popen(cmd))
  local text = p:read("a")
  local ok = p:close()
  os.remove(inpath)
  if not ok then
    os.remove(outpath)
    error("reference.py failed:\n" .. text, 0)
  end
  local refs = wire.parse(outpath)
  os.remove(outpath)
  local out = {}
  for i, prog in ipairs(progs) do
    out[i] = { obs = obs[i], ref = refs[i], failure = compare.case(prog, obs[i], refs[i], catalogue) }
  end
  return out
end

return evaluate
