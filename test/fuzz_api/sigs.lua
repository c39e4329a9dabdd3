--- sigs.lua: the plausible argument kinds of each luatensor function, so that half the calls
-- come close to valid (and reach the code past the argument checks); run.lua mutates them, and
-- the other half of the calls get arguments of any kind. A name missing here is still fuzzed,
-- with random arguments only.
--
-- Kinds: T tensor, X tensor or number, N number, I small integer, D dim, Y dtype name,
-- S sizes (integers or one table), L list of tensors, A anything, O options table, F function,
-- P a path in the fuzzer's temp dir, H a thread count, Q tape, M nn module or optimizer,
-- E einsum spec. A trailing "?" marks an argument that is often left out.
local S = {}

local function set(sig, names)
  for name in names:gmatch("%S+") do S[name] = sig end
end

local UNARY = "abs acos asin atan ceil cos cosh erf exp exp2 expm1 floor gelu log log1p log2 neg " ..
  "reciprocal relu round rsqrt sigmoid sign silu sin sinh softplus sqrt square tan tanh trunc logical_not"
local BINARY = "add sub mul div pow remainder floor_divide maximum minimum atan2 eq ne lt le gt ge " ..
  "logical_and logical_or logical_xor"

set("T T?", UNARY)
set("X X T?", BINARY)
for name in (UNARY .. " " .. BINARY):gmatch("%S+") do
  S[name .. "_"] = S[name]:find("X X") and "T X" or "T"
end
set("T X X T?", "where")
set("T T N", "masked_fill masked_fill_")
set("T X? X? T?", "clamp clamp_")
set("T T X T?", "lerp lerp_")

set("T D? B?", "sum prod amax amin all any mean logsumexp argmax argmin max min")
set("T D? B? B?", "var std")
set("T N? D? B?", "norm")
set("T D", "softmax log_softmax cumsum cumprod")

-- the fused ops: value (addc*) and alpha (add/sub) a number, then the out tensor (also after a
-- nil value); add/sub's old form (a, b, out) comes from mutations and valid.lua
set("T T T N? T?", "addcmul addcdiv")
set("T T T N?", "addcmul_ addcdiv_")
set("X X N? T?", "add sub")
set("T X N?", "add_ sub_")

set("T T T?", "matmul mm mv dot bmm outer")
set("T T T N? N? T?", "addmm addmv baddbmm")
set("T T T N? N?", "addmm_ addmv_ baddbmm_")
set("E T T? T?", "einsum")
set("T T A?", "tensordot")

set("T S", "view reshape expand permute")
set("T T", "view_as reshape_as expand_as copy_")
set("T D D", "transpose")
set("T D? D?", "flatten squeeze")
set("T D", "unsqueeze")
set("T D I I", "narrow unfold")
set("T D I", "select")
set("T D T", "index_select gather")
set("T D T T", "scatter_add scatter_add_ index_add index_add_")
set("L D?", "cat stack")

set("S Y?", "zeros ones empty rand randn")
set("S N Y?", "full")
set("T Y?", "zeros_like ones_like empty_like rand_like randn_like")
set("T N Y?", "full_like")
set("T I I? Y?", "randint_like")
set("N N? N? Y?", "arange")
set("N N I Y?", "linspace")
set("I I? Y?", "eye")
set("I I S Y?", "randint")
set("A Y?", "tensor")

set("T D?", "size stride")
set("T", "t dim numel is_contiguous storage_offset contiguous clone item totable zero_ free float double " ..
  "int long byte detach stop_gradient is_variable")
set("T Y", "to type")
set("T N", "fill_")
set("T N? N?", "uniform_ normal_")
set("A", "is_tensor set_rng_state")
set("T B?", "requires_grad variable")

set("N", "manual_seed")
set("", "initial_seed seed get_rng_state get_default_dtype get_num_threads clock memory_stats empty_cache blas_info")
set("Y", "set_default_dtype")
set("H", "set_num_threads")

set("O? F?", "tape")
set("F A? A?", "no_grad")
set("F A?", "grad value_and_grad")
set("F T", "jacobian hessian")
set("F L O?", "gradcheck")

set("P A O?", "save")
set("P O?", "load load_npy load_npz")
set("P T", "save_npy")

-- functions whose string arguments are file paths: they only ever get paths in the temp dir
S.FILE_FUNCTIONS = {save = true, load = true, save_npy = true, load_npy = true, load_npz = true}

return S
