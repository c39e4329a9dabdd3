-- All ops the generator knows, by name, and the weighted choice of the next op's family.
local catalogue = { by_name = {}, families = {} }

for _, file in ipairs({ "ops_pointwise", "ops_reduce", "ops_view", "ops_matmul", "ops_join" }) do
  for _, spec in ipairs(require(file)) do
    assert(not catalogue.by_name[spec.name], "duplicate op " .. spec.name)
    catalogue.by_name[spec.name] = spec
    local fam = catalogue.families[spec.family] or {}
    catalogue.families[spec.family] = fam
    fam[#fam + 1] = spec
  end
end

local WEIGHTS = { { "pointwise", 40 }, { "reduce", 20 }, { "view", 22 }, { "matmul", 12 }, { "join", 6 } }

function catalogue.pick(g)
  return g:pick(catalogue.families[g:weighted(WEIGHTS)])
end

-- every op name, sorted (for the coverage listing)
function catalogue.names()
  local out = {}
  for name in pairs(catalogue.by_name) do out[#out + 1] = name end
  table.sort(out)
  return out
end

return catalogue
