/*
** lua_matmul.c: matmul and its fixed-shape forms (mm, mv, dot, bmm), outer, and the
** beta * input + alpha * product forms (addmm, addmv, baddbmm) from Lua.
** Lua has no @ operator: a:matmul(b) is the matrix product, a * b stays element-wise.
*/
#include "lt_matmul.h"
#include "lt_ops.h"
#include "lua_tensor.h"

/* the operands' dims each form requires (0: any), checked before the core's general rules */
static void check_forms(lua_State *L, const lt_Tensor *a, const lt_Tensor *b, int ndim_a, int ndim_b,
                        const char *fname) {
  if ((ndim_a && a->ndim != ndim_a) || (ndim_b && b->ndim != ndim_b))
    luaL_error(L, "%s: expected a %d-d and a %d-d tensor, got %d-d and %d-d", fname, ndim_a, ndim_b, a->ndim,
               b->ndim);
  if (ndim_a == 3 && a->size[0] != b->size[0])
    luaL_error(L, "%s: batch sizes differ (%I and %I)", fname, (lua_Integer)a->size[0], (lua_Integer)b->size[0]);
  if (ndim_a == 1 && ndim_b == 1 && a->size[0] != b->size[0])
    luaL_error(L, "%s: vectors of different lengths (%I and %I)", fname, (lua_Integer)a->size[0],
               (lua_Integer)b->size[0]);
}

/* matmul(a, b [, out]) and its fixed-shape forms */
static int product(lua_State *L, int ndim_a, int ndim_b, const char *fname) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *a = checktensor(L, 1), *b = checktensor(L, 2);
  lt_Tensor *out = lua_isnoneornil(L, 3) ? NULL : checktensor(L, 3);
  check_forms(L, a, b, ndim_a, ndim_b, fname);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_matmul(ctx, a, b, out, box), fname);
  return lt_pushresult(L, box, out != NULL ? 3 : 0);
}

static int l_matmul(lua_State *L) { return product(L, 0, 0, "matmul"); }
static int l_mm(lua_State *L) { return product(L, 2, 2, "mm"); }
static int l_mv(lua_State *L) { return product(L, 2, 1, "mv"); }
static int l_dot(lua_State *L) { return product(L, 1, 1, "dot"); }
static int l_bmm(lua_State *L) { return product(L, 3, 3, "bmm"); }

/* addmm(input, a, b [, beta [, alpha]] [, out]) = beta * input + alpha * a.b, and the in-place
   input:addmm_(a, b [, beta [, alpha]]); beta and alpha default to 1 (PyTorch's keyword order) */
static int add_product(lua_State *L, int ndim_a, int ndim_b, bool inplace, const char *fname) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *input = checktensor(L, 1), *a = checktensor(L, 2), *b = checktensor(L, 3), *out = NULL;
  lt_Scalar beta = lt_scalar_int(1), alpha = lt_scalar_int(1);
  int top = lua_gettop(L), out_arg = 0;
  if (!inplace && top >= 4 && lt_istensor(L, top)) out = checktensor(L, out_arg = top--);
  if (top > 5) luaL_argerror(L, 6, inplace ? "no more arguments expected" : "expected an out tensor");
  if (top >= 4 && !lua_isnil(L, 4)) beta = lt_checkscalar(L, 4);
  if (top >= 5 && !lua_isnil(L, 5)) alpha = lt_checkscalar(L, 5);
  if (inplace) out = input;
  check_forms(L, a, b, ndim_a, ndim_b, fname);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_addmm(ctx, input, a, b, beta, alpha, out, box), fname);
  return lt_pushresult(L, box, inplace ? 1 : out_arg);
}

static int l_addmm(lua_State *L) { return add_product(L, 2, 2, false, "addmm"); }
static int l_addmm_(lua_State *L) { return add_product(L, 2, 2, true, "addmm_"); }
static int l_addmv(lua_State *L) { return add_product(L, 2, 1, false, "addmv"); }
static int l_addmv_(lua_State *L) { return add_product(L, 2, 1, true, "addmv_"); }
static int l_baddbmm(lua_State *L) { return add_product(L, 3, 3, false, "baddbmm"); }
static int l_baddbmm_(lua_State *L) { return add_product(L, 3, 3, true, "baddbmm_"); }

/* outer(a, b [, out]): a as a column times b as a row, element-wise */
static int l_outer(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *a = checktensor(L, 1), *b = checktensor(L, 2), *col = NULL, *row = NULL;
  lt_Tensor *out = lua_isnoneornil(L, 3) ? NULL : checktensor(L, 3);
  if (a->ndim != 1 || b->ndim != 1)
    return luaL_error(L, "outer: expected two 1-d tensors, got %d-d and %d-d", a->ndim, b->ndim);
  lt_Tensor **box = lt_newbox(L);
  int64_t cs[2] = {a->size[0], 1}, rs[2] = {1, b->size[0]};
  lt_Status st = lt_view(ctx, a, 2, cs, &col);
  if (st == LT_OK) st = lt_view(ctx, b, 2, rs, &row);
  if (st == LT_OK)
    st = lt_binary(ctx, &lt_binary_ops[LT_OP_MUL], (lt_Operand){col, false}, (lt_Operand){row, false}, out, box);
  lt_tensor_release(col);
  lt_tensor_release(row);
  lt_check(L, ctx, st, "outer");
  return lt_pushresult(L, box, out != NULL ? 3 : 0);
}

const luaL_Reg lt_matmul_funcs[] = {
    {"matmul", l_matmul}, {"mm", l_mm}, {"mv", l_mv}, {"dot", l_dot},
    {"bmm", l_bmm},       {"outer", l_outer},       {"addmm", l_addmm},       {"addmm_", l_addmm_},
    {"addmv", l_addmv},   {"addmv_", l_addmv_},     {"baddbmm", l_baddbmm},   {"baddbmm_", l_baddbmm_},
    {NULL, NULL},
};
