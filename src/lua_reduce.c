/*
** lua_reduce.c: reductions from Lua. Dims are 1-based (negative from the end), given as one
** number or a table of numbers; no dim means every dim. Indices returned are 1-based.
*/
#include <math.h>
#include <string.h>

#include "lt_ops.h"
#include "lt_reduce.h"
#include "lt_stats.h"
#include "lt_tape.h"
#include "lua_tensor.h"

/* the dims at i as a bit mask (0: all dims) */
static uint32_t checkdims(lua_State *L, int i, const lt_Tensor *t, const char *fname) {
  uint32_t mask = 0;
  if (lua_isnoneornil(L, i)) return 0;
  if (lua_type(L, i) != LUA_TTABLE) return 1u << lt_checkdim(L, i, t->ndim, 0, fname);
  int n = (int)lua_rawlen(L, i);
  if (n == 0) return luaL_error(L, "%s: the table of dims is empty", fname);
  for (int k = 1; k <= n; k++) {
    int isint;
    lua_rawgeti(L, i, k);
    lua_Integer d = lua_tointegerx(L, -1, &isint);
    if (!isint) return luaL_error(L, "%s: dim %d must be an integer, got %s", fname, k, lua_type(L, -1) == LUA_TNUMBER ? lua_tostring(L, -1) : luaL_typename(L, -1));
    lua_pop(L, 1);
    int dim = lt_normdim(L, d, t->ndim, 0, fname);
    if (mask >> dim & 1) return luaL_error(L, "%s: dim %d appears twice", fname, dim + 1);
    mask |= 1u << dim;
  }
  return mask;
}

static bool optbool(lua_State *L, int i, bool def) {
  if (lua_isnoneornil(L, i)) return def;
  luaL_checktype(L, i, LUA_TBOOLEAN);
  return lua_toboolean(L, i);
}

/* sum/prod/amax/amin/all/any(t [, dims [, keepdim]]) */
static int reduce(lua_State *L, lt_ReduceKind kind, const char *fname) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  uint32_t mask = checkdims(L, 2, t, fname);
  bool keepdim = optbool(L, 3, false);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_reduce(ctx, kind, t, mask, keepdim, box), fname);
  return 1;
}

static int l_sum(lua_State *L) { return reduce(L, LT_REDUCE_SUM, "sum"); }
static int l_prod(lua_State *L) { return reduce(L, LT_REDUCE_PROD, "prod"); }
static int l_amax(lua_State *L) { return reduce(L, LT_REDUCE_MAX, "amax"); }
static int l_amin(lua_State *L) { return reduce(L, LT_REDUCE_MIN, "amin"); }
static int l_all(lua_State *L) { return reduce(L, LT_REDUCE_ALL, "all"); }
static int l_any(lua_State *L) { return reduce(L, LT_REDUCE_ANY, "any"); }

/* indices are not differentiable: recorded as such, a gradient asked through them says so */
static const lt_GradFn index_fns[2] = {{"argmin", NULL, 0}, {"argmax", NULL, 0}};

/* 0-based indices of t's extremes from the core become 1-based in place */
static void one_based(lua_State *L, lt_Context *ctx, const lt_Tensor *t, lt_Tensor *idx, bool want_max,
                      const char *fname) {
  lt_Tensor one, *same;
  lt_Storage storage;
  _Alignas(8) char buf[8];
  lt_scalar_tensor(&one, &storage, buf, LT_INT64, lt_scalar_int(1));
  lt_Status st = lt_binary(ctx, &lt_binary_ops[LT_OP_ADD], (lt_Operand){idx, false}, (lt_Operand){&one, true},
                           idx, &same);
  lt_tensor_release(same);
  if (st == LT_OK && lt_recording(ctx)) st = lt_record(ctx, &index_fns[want_max], 1, &t, idx, NULL);
  lt_check(L, ctx, st, fname);
}

/* max(t) -> the largest value (0-d); max(t, dim [, keepdim]) -> values, 1-based indices;
   max(t, other) -> maximum(t, other) */
static int max_or_min(lua_State *L, bool want_max, const char *fname) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  if (lua_isnoneornil(L, 2)) return reduce(L, want_max ? LT_REDUCE_MAX : LT_REDUCE_MIN, fname);
  if (lua_type(L, 2) != LUA_TNUMBER) { /* the element-wise form */
    if (lua_type(L, 2) != LUA_TUSERDATA) return luaL_typeerror(L, 2, "number or tensor");
    lua_getfield(L, lua_upvalueindex(2), want_max ? "maximum" : "minimum");
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
  }
  int dim = lt_checkdim(L, 2, t->ndim, 0, fname);
  bool keepdim = optbool(L, 3, false);
  lt_Tensor **values = lt_newbox(L), **indices = lt_newbox(L);
  lt_check(L, ctx, lt_reduce_index(ctx, want_max, t, dim, keepdim, values, indices), fname);
  one_based(L, ctx, t, *indices, want_max, fname);
  return 2;
}

static int l_max(lua_State *L) { return max_or_min(L, true, "max"); }
static int l_min(lua_State *L) { return max_or_min(L, false, "min"); }

/* argmax(t [, dim [, keepdim]]): 1-based; without dim, the index into the flattened tensor */
static int arg(lua_State *L, bool want_max, const char *fname) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1), *flat = NULL, *values = NULL;
  bool all = lua_isnoneornil(L, 2);
  int dim = all ? 0 : lt_checkdim(L, 2, t->ndim, 0, fname);
  bool keepdim = optbool(L, 3, false);
  lt_Tensor **indices = lt_newbox(L);
  int64_t n = lt_numel(t);
  if (all && n == 0) return luaL_error(L, "%s: cannot find the %s of an empty tensor", fname, want_max ? "max" : "min");
  lt_Status st = all ? lt_reshape(ctx, t, 1, &n, &flat) : LT_OK;
  if (st == LT_OK) st = lt_reduce_index(ctx, want_max, all ? flat : t, dim, keepdim && !all, &values, indices);
  lt_tensor_release(flat);
  lt_tensor_release(values);
  lt_check(L, ctx, st, fname);
  one_based(L, ctx, t, *indices, want_max, fname);
  if (all && keepdim) {
    int64_t ones[LT_MAX_DIMS];
    for (int d = 0; d < t->ndim; d++) ones[d] = 1;
    lt_Tensor **kept = lt_newbox(L);
    lt_check(L, ctx, lt_view(ctx, *indices, t->ndim, ones, kept), fname);
  }
  return 1;
}

static int l_argmax(lua_State *L) { return arg(L, true, "argmax"); }
static int l_argmin(lua_State *L) { return arg(L, false, "argmin"); }

static int cumulative(lua_State *L, bool product, const char *fname) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  int dim = lt_checkdim(L, 2, t->ndim, 0, fname);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_cumulative(ctx, product, t, dim, box), fname);
  return 1;
}

static int l_cumsum(lua_State *L) { return cumulative(L, false, "cumsum"); }
static int l_cumprod(lua_State *L) { return cumulative(L, true, "cumprod"); }

typedef lt_Status (*DimsFn)(lt_Context *ctx, const lt_Tensor *t, uint32_t mask, bool keepdim,
                           lt_Tensor **out);

/* mean/logsumexp(t [, dims [, keepdim]]) */
static int over_dims(lua_State *L, DimsFn fn, const char *fname) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  uint32_t mask = checkdims(L, 2, t, fname);
  bool keepdim = optbool(L, 3, false);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, fn(ctx, t, mask, keepdim, box), fname);
  return 1;
}

static int l_mean(lua_State *L) { return over_dims(L, lt_mean, "mean"); }
static int l_logsumexp(lua_State *L) { return over_dims(L, lt_logsumexp, "logsumexp"); }

/* var/std(t [, dims [, unbiased [, keepdim]]]); var/std(t, unbiased) over every dim */
static int variance(lua_State *L, bool take_sqrt, const char *fname) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  if (lua_type(L, 2) == LUA_TBOOLEAN) lua_pushnil(L), lua_insert(L, 2);
  uint32_t mask = checkdims(L, 2, t, fname);
  bool unbiased = optbool(L, 3, true), keepdim = optbool(L, 4, false);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_var(ctx, t, mask, unbiased ? 1 : 0, keepdim, take_sqrt, box), fname);
  return 1;
}

static int l_var(lua_State *L) { return variance(L, false, "var"); }
static int l_std(lua_State *L) { return variance(L, true, "std"); }

/* norm(t [, p [, dims [, keepdim]]]): p a number (math.huge for the max norm) or "fro" */
static int l_norm(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  double p = 2;
  if (lua_type(L, 2) == LUA_TSTRING) {
    if (strcmp(lua_tostring(L, 2), "fro") != 0)
      return luaL_error(L, "norm: unknown norm '%s' (expected a number or \"fro\")", lua_tostring(L, 2));
  } else if (!lua_isnoneornil(L, 2)) {
    p = luaL_checknumber(L, 2);
    if (isnan(p) || (p < 0 && !isinf(p)))
      return luaL_error(L, "norm: p must be a non-negative number or +-inf, got %f", (lua_Number)p);
  }
  uint32_t mask = checkdims(L, 3, t, "norm");
  bool keepdim = optbool(L, 4, false);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_norm(ctx, t, p, mask, keepdim, box), "norm");
  return 1;
}

static int softmax(lua_State *L, bool log_form, const char *fname) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  int dim = lt_checkdim(L, 2, t->ndim, 0, fname);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_softmax(ctx, t, dim, log_form, box), fname);
  return 1;
}

static int l_softmax(lua_State *L) { return softmax(L, false, "softmax"); }
static int l_log_softmax(lua_State *L) { return softmax(L, true, "log_softmax"); }

const luaL_Reg lt_reduce_funcs[] = {
    {"sum", l_sum},         {"prod", l_prod},       {"amax", l_amax},
    {"amin", l_amin},       {"all", l_all},         {"any", l_any},
    {"max", l_max},         {"min", l_min},         {"argmax", l_argmax},
    {"argmin", l_argmin},   {"cumsum", l_cumsum},   {"cumprod", l_cumprod},
    {"mean", l_mean},       {"var", l_var},         {"std", l_std},
    {"norm", l_norm},       {"logsumexp", l_logsumexp}, {"softmax", l_softmax},
    {"log_softmax", l_log_softmax}, {NULL, NULL},
};
