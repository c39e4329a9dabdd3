/*
** lua_matmul.c: matmul and its fixed-shape forms (mm, mv, dot, bmm) and outer from Lua.
** Lua has no @ operator: a:matmul(b) is the matrix product, a * b stays element-wise.
*/
#include "lt_matmul.h"
#include "lt_ops.h"
#include "lua_tensor.h"

/* the shape each form requires: dims of a and b (0: any) */
static int product(lua_State *L, int ndim_a, int ndim_b, const char *fname) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *a = checktensor(L, 1), *b = checktensor(L, 2);
  lt_Tensor *out = lua_isnoneornil(L, 3) ? NULL : checktensor(L, 3);
  if ((ndim_a && a->ndim != ndim_a) || (ndim_b && b->ndim != ndim_b))
    return luaL_error(L, "%s: expected a %d-d and a %d-d tensor, got %d-d and %d-d", fname, ndim_a, ndim_b,
                      a->ndim, b->ndim);
  if (ndim_a == 3 && a->size[0] != b->size[0])
    return luaL_error(L, "%s: batch sizes differ (%I and %I)", fname, (lua_Integer)a->size[0], (lua_Integer)b->size[0]);
  if (ndim_a == 1 && ndim_b == 1 && a->size[0] != b->size[0])
    return luaL_error(L, "%s: vectors of different lengths (%I and %I)", fname, (lua_Integer)a->size[0],
                      (lua_Integer)b->size[0]);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_matmul(ctx, a, b, out, box), fname);
  return lt_pushresult(L, box, out != NULL ? 3 : 0);
}

static int l_matmul(lua_State *L) { return product(L, 0, 0, "matmul"); }
static int l_mm(lua_State *L) { return product(L, 2, 2, "mm"); }
static int l_mv(lua_State *L) { return product(L, 2, 1, "mv"); }
static int l_dot(lua_State *L) { return product(L, 1, 1, "dot"); }
static int l_bmm(lua_State *L) { return product(L, 3, 3, "bmm"); }

/* outer(a, b): a as a column times b as a row, element-wise */
static int l_outer(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *a = checktensor(L, 1), *b = checktensor(L, 2), *col = NULL, *row = NULL;
  if (a->ndim != 1 || b->ndim != 1)
    return luaL_error(L, "outer: expected two 1-d tensors, got %d-d and %d-d", a->ndim, b->ndim);
  lt_Tensor **box = lt_newbox(L);
  int64_t cs[2] = {a->size[0], 1}, rs[2] = {1, b->size[0]};
  lt_Status st = lt_view(ctx, a, 2, cs, &col);
  if (st == LT_OK) st = lt_view(ctx, b, 2, rs, &row);
  if (st == LT_OK)
    st = lt_binary(ctx, lt_find_binary("mul"), (lt_Operand){col, false}, (lt_Operand){row, false}, NULL, box);
  lt_tensor_release(col);
  lt_tensor_release(row);
  lt_check(L, ctx, st, "outer");
  return 1;
}

const luaL_Reg lt_matmul_funcs[] = {
    {"matmul", l_matmul}, {"mm", l_mm}, {"mv", l_mv}, {"dot", l_dot},
    {"bmm", l_bmm},       {"outer", l_outer}, {NULL, NULL},
};
