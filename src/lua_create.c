/*
** lua_create.c: functions that make new tensors from Lua tables, constants, ranges and the
** per-state random generator.
*/
#include <string.h>

#include "lua_tensor.h"

/* ---- lt.tensor(nested table [, dtype]) ---- */

typedef struct {
  int ndim;
  int64_t size[LT_MAX_DIMS];
  bool has_float, has_int, has_bool;
} NestedInfo;

/* Checks that the value on the top of the stack, at nesting depth d, has the shape found along
   the first elements, and notes the kinds of its leaves. */
static void check_nested(lua_State *L, NestedInfo *info, int d) {
  int type = lua_type(L, -1);
  if (d == info->ndim) {
    if (type == LUA_TNUMBER) {
      if (lua_isinteger(L, -1)) info->has_int = true;
      else info->has_float = true;
    } else if (type == LUA_TBOOLEAN) {
      info->has_bool = true;
    } else {
      luaL_error(L, "tensor: %s at depth %d (expected numbers or booleans%s)", luaL_typename(L, -1),
                 d + 1, type == LUA_TTABLE ? ": the nested table is ragged" : "");
    }
    return;
  }
  if (type != LUA_TTABLE)
    luaL_error(L, "tensor: ragged nested table: expected a table at depth %d, got %s", d + 1,
               luaL_typename(L, -1));
  lua_Unsigned n = lua_rawlen(L, -1);
  if ((int64_t)n != info->size[d])
    luaL_error(L, "tensor: ragged nested table: expected %I elements at depth %d, got %I",
               (lua_Integer)info->size[d], d + 1, (lua_Integer)n);
  for (lua_Unsigned i = 1; i <= n; i++) {
    lua_rawgeti(L, -1, (lua_Integer)i);
    check_nested(L, info, d + 1);
    lua_pop(L, 1);
  }
}

static char *write_nested(lua_State *L, const lt_Tensor *t, int d, char *p) {
  if (d == t->ndim) {
    lt_write_scalar(t->dtype, p, lua_isboolean(L, -1) ? lt_scalar_int(lua_toboolean(L, -1))
                                                      : lt_checkscalar(L, -1));
    return p + lt_dtype_size(t->dtype);
  }
  for (int64_t i = 1; i <= t->size[d]; i++) {
    lua_rawgeti(L, -1, (lua_Integer)i);
    p = write_nested(L, t, d + 1, p);
    lua_pop(L, 1);
  }
  return p;
}

static int l_tensor(lua_State *L) {
  lt_Context *ctx = getctx(L);
  NestedInfo info = {0};
  lt_Tensor *src = lt_istensor(L, 1) ? checktensor(L, 1) : NULL;
  if (src != NULL) { /* lt.tensor(t [, dtype]): a copy */
    lt_DType dt = lt_optdtype(L, 2, src->dtype);
    lt_Tensor **box = lt_newbox(L);
    lt_Status st = lt_empty_like(ctx, src, dt, box);
    lt_check(L, ctx, st == LT_OK ? lt_copy(ctx, *box, src) : st, "tensor");
    return 1;
  }
  luaL_argexpected(L, lua_type(L, 1) == LUA_TTABLE || lua_type(L, 1) == LUA_TNUMBER ||
                      lua_type(L, 1) == LUA_TBOOLEAN, 1, "table, number or boolean");
  lt_DType explicit_dt = lt_optdtype(L, 2, LT_NUM_DTYPES);
  lua_settop(L, 1);
  /* the shape comes from the first element at each depth; check_nested verifies the rest */
  luaL_checkstack(L, LT_MAX_DIMS + 4, "tensor: nesting too deep");
  for (lua_pushvalue(L, 1); lua_type(L, -1) == LUA_TTABLE; lua_rawgeti(L, -1, 1)) {
    if (info.ndim == LT_MAX_DIMS)
      return luaL_error(L, "tensor: nesting deeper than %d dimensions", LT_MAX_DIMS);
    info.size[info.ndim++] = (int64_t)lua_rawlen(L, -1);
    if (lua_rawlen(L, -1) == 0) break;
  }
  lua_settop(L, 1);
  check_nested(L, &info, 0);
  lt_DType dt = explicit_dt != LT_NUM_DTYPES ? explicit_dt
              : info.has_float                ? ctx->default_dtype
              : info.has_int                  ? LT_INT64
              : info.has_bool                 ? LT_BOOL
                                              : ctx->default_dtype;
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_empty(ctx, dt, info.ndim, info.size, box), "tensor");
  lua_pushvalue(L, 1);
  write_nested(L, *box, 0, lt_data(*box));
  lua_pop(L, 1);
  return 1;
}

/* ---- constant fills: zeros(2, 3 [, dtype]), zeros({2, 3} [, dtype]) ---- */

static int filled(lua_State *L, lt_Scalar value, bool fill, const char *fname) {
  lt_Context *ctx = getctx(L);
  int64_t size[LT_MAX_DIMS];
  lt_DType dt;
  int last = lt_lastnondtype(L, &dt, ctx->default_dtype);
  int n = lt_checksizes(L, 1, last, size, false);
  if (lua_type(L, 1) == LUA_TTABLE && last > 1) luaL_argerror(L, 2, "unexpected argument after the size table");
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, fill ? lt_full(ctx, dt, n, size, value, box) : lt_empty(ctx, dt, n, size, box), fname);
  return 1;
}

static int l_zeros(lua_State *L) { return filled(L, lt_scalar_int(0), true, "zeros"); }
static int l_ones(lua_State *L) { return filled(L, lt_scalar_int(1), true, "ones"); }
static int l_empty(lua_State *L) { return filled(L, lt_scalar_int(0), false, "empty"); }

/* a size argument that is a table of sizes or one integer (a 1-d shape) */
static int checkshape_arg(lua_State *L, int i, int64_t *size) {
  if (lua_type(L, i) == LUA_TTABLE) return lt_checksizes(L, i, i, size, false);
  luaL_argexpected(L, lua_type(L, i) == LUA_TNUMBER, i, "table of sizes or integer");
  return lt_checksizes(L, i, i, size, false);
}

/* the dtype a Lua value asks for: bool, int64 for integers, else the default float */
static lt_DType dtype_of_value(lt_Context *ctx, lua_State *L, int i) {
  if (lua_type(L, i) == LUA_TBOOLEAN) return LT_BOOL;
  return lua_isinteger(L, i) ? LT_INT64 : ctx->default_dtype;
}

static int l_full(lua_State *L) {
  lt_Context *ctx = getctx(L);
  int64_t size[LT_MAX_DIMS];
  int n = checkshape_arg(L, 1, size);
  lt_Scalar value = lt_checkscalar(L, 2);
  lt_DType dt = lt_optdtype(L, 3, dtype_of_value(ctx, L, 2));
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_full(ctx, dt, n, size, value, box), "full");
  return 1;
}

/* ---- *_like(t [, ...] [, dtype]) ---- */

static int like(lua_State *L, lt_Scalar value, bool fill, const char *fname) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  lt_DType dt = lt_optdtype(L, 2, t->dtype);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, fill ? lt_full(ctx, dt, t->ndim, t->size, value, box) : lt_empty_like(ctx, t, dt, box), fname);
  return 1;
}

static int l_zeros_like(lua_State *L) { return like(L, lt_scalar_int(0), true, "zeros_like"); }
static int l_ones_like(lua_State *L) { return like(L, lt_scalar_int(1), true, "ones_like"); }
static int l_empty_like(lua_State *L) { return like(L, lt_scalar_int(0), false, "empty_like"); }

static int l_full_like(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  lt_Scalar value = lt_checkscalar(L, 2);
  lt_DType dt = lt_optdtype(L, 3, t->dtype);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_full(ctx, dt, t->ndim, t->size, value, box), "full_like");
  return 1;
}

/* ---- ranges ---- */

static int l_arange(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_DType dt;
  int last = lt_lastnondtype(L, &dt, LT_NUM_DTYPES);
  if (last < 1 || last > 3) return luaL_error(L, "arange: expected (end), (start, end) or (start, end, step)");
  lt_Scalar arg[3];
  for (int i = 1; i <= last; i++) arg[i - 1] = lt_checkscalar(L, i);
  lt_Scalar start = last == 1 ? lt_scalar_int(0) : arg[0];
  lt_Scalar end = last == 1 ? arg[0] : arg[1];
  lt_Scalar step = last == 3 ? arg[2] : lt_scalar_int(1);
  if (dt == LT_NUM_DTYPES) dt = start.is_int && end.is_int && step.is_int ? LT_INT64 : ctx->default_dtype;
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_arange(ctx, dt, start, end, step, box), "arange");
  return 1;
}

static int l_linspace(lua_State *L) {
  lt_Context *ctx = getctx(L);
  double start = luaL_checknumber(L, 1), end = luaL_checknumber(L, 2);
  lua_Integer steps = luaL_checkinteger(L, 3);
  lt_DType dt = lt_optdtype(L, 4, ctx->default_dtype);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_linspace(ctx, dt, start, end, steps, box), "linspace");
  return 1;
}

static int l_eye(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_DType dt;
  int last = lt_lastnondtype(L, &dt, ctx->default_dtype);
  lua_Integer n = luaL_checkinteger(L, 1), m = last >= 2 ? luaL_checkinteger(L, 2) : n;
  if (n < 0 || m < 0) return luaL_error(L, "eye: sizes must be non-negative (got %I, %I)", n, m);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_eye(ctx, dt, n, m, box), "eye");
  return 1;
}

/* ---- random ---- */

typedef enum { DRAW_UNIFORM, DRAW_NORMAL } Draw;

static int drawn(lua_State *L, Draw kind, const char *fname) {
  lt_Context *ctx = getctx(L);
  int64_t size[LT_MAX_DIMS];
  lt_DType dt;
  int last = lt_lastnondtype(L, &dt, ctx->default_dtype);
  int n = lt_checksizes(L, 1, last, size, false);
  if (!lt_dtype_is_float(dt))
    return luaL_error(L, "%s: expected a floating point dtype, got %s", fname, lt_dtype_name(dt));
  lt_Tensor **box = lt_newbox(L);
  lt_Status st = lt_empty(ctx, dt, n, size, box);
  if (st == LT_OK)
    st = kind == DRAW_UNIFORM ? lt_fill_uniform(ctx, *box, 0, 1) : lt_fill_normal(ctx, *box, 0, 1);
  lt_check(L, ctx, st, fname);
  return 1;
}

static int l_rand(lua_State *L) { return drawn(L, DRAW_UNIFORM, "rand"); }
static int l_randn(lua_State *L) { return drawn(L, DRAW_NORMAL, "randn"); }

static int drawn_like(lua_State *L, Draw kind, const char *fname) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  lt_DType dt = lt_optdtype(L, 2, t->dtype);
  if (!lt_dtype_is_float(dt))
    return luaL_error(L, "%s: expected a floating point dtype, got %s", fname, lt_dtype_name(dt));
  lt_Tensor **box = lt_newbox(L);
  lt_Status st = lt_empty_like(ctx, t, dt, box);
  if (st == LT_OK)
    st = kind == DRAW_UNIFORM ? lt_fill_uniform(ctx, *box, 0, 1) : lt_fill_normal(ctx, *box, 0, 1);
  lt_check(L, ctx, st, fname);
  return 1;
}

static int l_rand_like(lua_State *L) { return drawn_like(L, DRAW_UNIFORM, "rand_like"); }
static int l_randn_like(lua_State *L) { return drawn_like(L, DRAW_NORMAL, "randn_like"); }

/* randint([low,] high, size [, dtype]): integers in [low, high), as PyTorch (high excluded) */
static int l_randint(lua_State *L) {
  lt_Context *ctx = getctx(L);
  int64_t size[LT_MAX_DIMS];
  lt_DType dt;
  int last = lt_lastnondtype(L, &dt, LT_INT64);
  if (last != 2 && last != 3) return luaL_error(L, "randint: expected (high, size) or (low, high, size)");
  lua_Integer low = last == 3 ? luaL_checkinteger(L, 1) : 0;
  lua_Integer high = luaL_checkinteger(L, last - 1);
  int n = checkshape_arg(L, last, size);
  lt_Tensor **box = lt_newbox(L);
  lt_Status st = lt_empty(ctx, dt, n, size, box);
  lt_check(L, ctx, st == LT_OK ? lt_fill_randint(ctx, *box, low, high) : st, "randint");
  return 1;
}

/* randint_like(t, [low,] high [, dtype]) */
static int l_randint_like(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  lt_DType dt;
  int last = lt_lastnondtype(L, &dt, t->dtype);
  if (last != 2 && last != 3) return luaL_error(L, "randint_like: expected (t, high) or (t, low, high)");
  lua_Integer low = last == 3 ? luaL_checkinteger(L, 2) : 0, high = luaL_checkinteger(L, last);
  lt_Tensor **box = lt_newbox(L);
  lt_Status st = lt_empty_like(ctx, t, dt, box);
  lt_check(L, ctx, st == LT_OK ? lt_fill_randint(ctx, *box, low, high) : st, "randint_like");
  return 1;
}

const luaL_Reg lt_create_funcs[] = {
    {"tensor", l_tensor},
    {"zeros", l_zeros},
    {"ones", l_ones},
    {"empty", l_empty},
    {"full", l_full},
    {"zeros_like", l_zeros_like},
    {"ones_like", l_ones_like},
    {"empty_like", l_empty_like},
    {"full_like", l_full_like},
    {"arange", l_arange},
    {"linspace", l_linspace},
    {"eye", l_eye},
    {"rand", l_rand},
    {"randn", l_randn},
    {"rand_like", l_rand_like},
    {"randn_like", l_randn_like},
    {"randint", l_randint},
    {"randint_like", l_randint_like},
    {NULL, NULL},
};
