/*
** lua_einsum.c: einsum and tensordot from Lua. tensordot's dims are 1-based (negative from the
** end), as everywhere in luatensor; einsum's operands are counted from 1 in its messages.
*/
#include <string.h>

#include "lt_einsum.h"
#include "lua_tensor.h"

/* the operands of einsum(spec, a, b, ...) or einsum(spec, {a, b, ...}) into ops; returns their
   count. In the table form the table keeps them alive during the call. */
static int checkoperands(lua_State *L, const lt_Tensor **ops) {
  bool table = lua_gettop(L) == 2 && lua_type(L, 2) == LUA_TTABLE;
  lua_Integer n = table ? (lua_Integer)lua_rawlen(L, 2) : lua_gettop(L) - 1;
  if (n > LT_EINSUM_MAX_OPERANDS)
    luaL_error(L, "einsum: at most %d operands (got %I)", LT_EINSUM_MAX_OPERANDS, n);
  for (int k = 0; k < (int)n; k++) {
    if (!table) {
      ops[k] = checktensor(L, k + 2);
      continue;
    }
    lua_rawgeti(L, 2, k + 1);
    ops[k] = lt_totensor(L, -1);
    if (ops[k] == NULL)
      luaL_error(L, "einsum: operand %d must be a tensor, got %s", k + 1,
                 lt_istensor(L, -1) ? "a freed tensor" : luaL_typename(L, -1));
    lua_pop(L, 1);
  }
  return (int)n;
}

static int l_einsum(lua_State *L) {
  lt_Context *ctx = getctx(L);
  const lt_Tensor *ops[LT_EINSUM_MAX_OPERANDS];
  size_t len;
  if (lua_type(L, 1) != LUA_TSTRING) luaL_typeerror(L, 1, "string");
  const char *spec = lua_tolstring(L, 1, &len);
  if (strlen(spec) != len) /* the core reads a C string */
    return luaL_error(L, "einsum: invalid byte 0x00 at position %d in the spec", (int)strlen(spec) + 1);
  int nops = checkoperands(L, ops);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_einsum(ctx, spec, nops, ops, box), "einsum");
  return 1;
}

/* one side's dims of tensordot's {dims_a, dims_b} (an integer or a table of them), 0-based */
static int checkdimlist(lua_State *L, int i, const lt_Tensor *t, int *dims, const char *side) {
  int isint;
  if (lua_type(L, i) == LUA_TNUMBER) {
    dims[0] = lt_normdim(L, luaL_checkinteger(L, i), t->ndim, 0, "tensordot");
    return 1;
  }
  if (lua_type(L, i) != LUA_TTABLE)
    luaL_error(L, "tensordot: the dims of %s must be an integer or a table of integers, got %s", side,
               luaL_typename(L, i));
  lua_Integer n = (lua_Integer)lua_rawlen(L, i);
  if (n > t->ndim) luaL_error(L, "tensordot: %I dims given for %s, a %d-d tensor", n, side, t->ndim);
  for (int k = 0; k < (int)n; k++) {
    lua_rawgeti(L, i, k + 1);
    lua_Integer d = lua_tointegerx(L, -1, &isint);
    if (!isint)
      luaL_error(L, "tensordot: dim %d of %s must be an integer, got %s", k + 1, side,
                 lua_type(L, -1) == LUA_TNUMBER ? lua_tostring(L, -1) : luaL_typename(L, -1));
    lua_pop(L, 1);
    dims[k] = lt_normdim(L, d, t->ndim, 0, "tensordot");
  }
  return (int)n;
}

/* tensordot(a, b [, dims]): dims = n (the last n dims of a with the first n of b; 2 by default)
   or {dims_a, dims_b} */
static int l_tensordot(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *a = checktensor(L, 1), *b = checktensor(L, 2);
  int da[LT_MAX_DIMS], db[LT_MAX_DIMS], n;
  if (lua_type(L, 3) == LUA_TTABLE) {
    if (lua_rawlen(L, 3) != 2) luaL_error(L, "tensordot: dims must be an integer or a pair {dims_a, dims_b}");
    lua_rawgeti(L, 3, 1);
    lua_rawgeti(L, 3, 2);
    n = checkdimlist(L, -2, a, da, "a");
    int nb = checkdimlist(L, -1, b, db, "b");
    if (n != nb) luaL_error(L, "tensordot: %d dims given for a but %d for b", n, nb);
  } else {
    lua_Integer m = luaL_optinteger(L, 3, 2);
    if (m < 0) luaL_error(L, "tensordot: dims must be non-negative, got %I", m);
    if (m > a->ndim || m > b->ndim)
      luaL_error(L, "tensordot: cannot contract %I dims of a %d-d and a %d-d tensor", m, a->ndim, b->ndim);
    n = (int)m;
    for (int k = 0; k < n; k++) da[k] = a->ndim - n + k, db[k] = k;
  }
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_tensordot(ctx, a, b, n, da, db, box), "tensordot");
  return 1;
}

const luaL_Reg lt_einsum_funcs[] = {
    {"einsum", l_einsum},
    {"tensordot", l_tensordot},
    {NULL, NULL},
};
