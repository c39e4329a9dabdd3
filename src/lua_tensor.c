/*
** lua_tensor.c: the tensor userdata (a box around one lt_Tensor reference), its lifetime, and
** the methods that treat a tensor as a whole: size, dtype, conversion, reading and filling.
*/
#include <limits.h>
#include <stdlib.h>

#include "lt_tape.h"
#include "lua_tensor.h"

/* tensor bytes are reported to the collector in steps of this size (small tensors add up) */
#define GC_REPORT_BYTES (16 << 10)

/* the tensor box at i, or NULL: compares metatables by address (the hot path of every op) */
static lt_Tensor **tobox(lua_State *L, int i) {
  const lt_LuaContext *lc = lua_touserdata(L, lua_upvalueindex(1));
  void *p = lua_touserdata(L, i);
  if (p == NULL || !lua_getmetatable(L, i)) return NULL;
  bool is_tensor = lua_topointer(L, -1) == lc->tensor_mt;
  lua_pop(L, 1);
  return is_tensor ? p : NULL;
}

bool lt_istensor(lua_State *L, int i) { return tobox(L, i) != NULL; }

lt_Tensor *lt_totensor(lua_State *L, int i) {
  lt_Tensor **box = tobox(L, i);
  return box != NULL ? *box : NULL;
}

lt_Tensor *lt_checktensor(lua_State *L, int i) {
  lt_Tensor **box = tobox(L, i);
  if (box == NULL) luaL_typeerror(L, i, LT_TENSOR_MT);
  if (*box == NULL) luaL_argerror(L, i, "tensor was freed");
  return *box;
}

lt_Tensor **lt_newbox(lua_State *L) {
  const lt_LuaContext *lc = lua_touserdata(L, lua_upvalueindex(1));
  lt_Tensor **box = lua_newuserdatauv(L, sizeof *box, 0);
  *box = NULL; /* empty until the op succeeds, so __gc is always safe */
  lua_rawgeti(L, LUA_REGISTRYINDEX, lc->tensor_mt_ref);
  lua_setmetatable(L, -2);
  return box;
}

void lt_check(lua_State *L, lt_Context *ctx, lt_Status st, const char *fname) {
  if (st != LT_OK) luaL_error(L, "%s: %s", fname, ctx->err);
  /* Lua only sees the few bytes of the box: tell its collector about the buffers too, so that
     garbage tensors are collected at the pace their memory is used */
  if (ctx->gc_pending >= GC_REPORT_BYTES && lua_gc(L, LUA_GCISRUNNING)) {
    size_t kb = ctx->gc_pending >> 10;
    ctx->gc_pending &= 1023;
    lua_gc(L, LUA_GCSTEP, kb > INT_MAX ? INT_MAX : (int)kb);
  }
}

/* free and __close: drop the reference once; the box stays, empty */
static int l_free(lua_State *L) {
  lt_Tensor **box = tobox(L, 1);
  if (box == NULL) luaL_typeerror(L, 1, LT_TENSOR_MT);
  lt_tensor_release(*box);
  *box = NULL;
  return 0;
}

/* __gc: only the collector calls it, on our own boxes (scripts cannot reach the metatable, see
   __metatable), so it skips the type check that free needs */
static int l_gc(lua_State *L) {
  lt_Tensor **box = lua_touserdata(L, 1);
  lt_tensor_release(*box);
  *box = NULL;
  return 0;
}

static int push_cstring(lua_State *L) {
  lua_pushstring(L, lua_touserdata(L, 1));
  return 1;
}

static int l_tostring(lua_State *L) {
  lt_Tensor **box = luaL_checkudata(L, 1, LT_TENSOR_MT);
  if (*box == NULL) {
    lua_pushliteral(L, "tensor(freed)");
    return 1;
  }
  char *s = lt_format(*box);
  if (s == NULL) return luaL_error(L, "tostring: not enough memory");
  /* making the Lua string may run out of memory: free s before that error goes on */
  lua_pushcfunction(L, push_cstring);
  lua_pushlightuserdata(L, s);
  int status = lua_pcall(L, 1, 1, 0);
  free(s);
  return status == LUA_OK ? 1 : lua_error(L);
}

static int l_len(lua_State *L) {
  lt_Tensor *t = checktensor(L, 1);
  if (t->ndim == 0) return luaL_error(L, "#: a 0-d tensor has no length");
  lua_pushinteger(L, t->size[0]);
  return 1;
}

/* size() -> table of sizes; size(d) -> one size. stride works the same way. */
static int push_dims(lua_State *L, const int64_t *v, const char *fname) {
  lt_Tensor *t = checktensor(L, 1);
  if (!lua_isnoneornil(L, 2)) {
    lua_pushinteger(L, v[lt_checkdim(L, 2, t->ndim, 0, fname)]);
    return 1;
  }
  lua_createtable(L, t->ndim, 0);
  for (int i = 0; i < t->ndim; i++) {
    lua_pushinteger(L, v[i]);
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}

static int l_size(lua_State *L) { return push_dims(L, checktensor(L, 1)->size, "size"); }
static int l_stride(lua_State *L) { return push_dims(L, checktensor(L, 1)->stride, "stride"); }

static int l_dim(lua_State *L) {
  lua_pushinteger(L, checktensor(L, 1)->ndim);
  return 1;
}

static int l_numel(lua_State *L) {
  lua_pushinteger(L, lt_numel(checktensor(L, 1)));
  return 1;
}

static int l_is_contiguous(lua_State *L) {
  lua_pushboolean(L, lt_is_contiguous(checktensor(L, 1)));
  return 1;
}

static int l_storage_offset(lua_State *L) {
  lua_pushinteger(L, checktensor(L, 1)->offset);
  return 1;
}

static int l_is_tensor(lua_State *L) {
  luaL_checkany(L, 1);
  lua_pushboolean(L, lt_istensor(L, 1));
  return 1;
}

int lt_pushresult(lua_State *L, lt_Tensor **box, int arg) {
  if (arg == 0) return 1; /* the new box, already on the top */
  lt_tensor_release(*box); /* the op answered with arg's tensor, retained: hand back arg itself */
  *box = NULL;
  lua_pushvalue(L, arg);
  return 1;
}

static int l_contiguous(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_contiguous(ctx, t, box), "contiguous");
  return lt_pushresult(L, box, *box == t ? 1 : 0);
}

static int l_clone(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_clone(ctx, t, box), "clone");
  return 1;
}

static lt_DType checktarget_dtype(lua_State *L, int i) {
  lt_Tensor *other = lt_totensor(L, i);
  if (other != NULL) return other->dtype;
  luaL_checkstring(L, i);
  return lt_optdtype(L, i, LT_FLOAT32);
}

static int convert(lua_State *L, lt_DType dt, const char *fname) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_to_dtype(ctx, t, dt, box), fname);
  return lt_pushresult(L, box, *box == t ? 1 : 0);
}

static int l_to(lua_State *L) {
  checktensor(L, 1);
  return convert(L, checktarget_dtype(L, 2), "to");
}

/* Torch7/PyTorch shortcuts. No t:bool(): lt.bool is the dtype name (use t:to(lt.bool)). */
static int l_float(lua_State *L) { return convert(L, LT_FLOAT32, "float"); }
static int l_double(lua_State *L) { return convert(L, LT_FLOAT64, "double"); }
static int l_int(lua_State *L) { return convert(L, LT_INT32, "int"); }
static int l_long(lua_State *L) { return convert(L, LT_INT64, "long"); }
static int l_byte(lua_State *L) { return convert(L, LT_UINT8, "byte"); }

/* type() tells the dtype; type(dtype) converts, as in Torch7 */
static int l_type(lua_State *L) {
  lt_Tensor *t = checktensor(L, 1);
  if (lua_isnoneornil(L, 2)) {
    lua_pushstring(L, lt_dtype_name(t->dtype));
    return 1;
  }
  return l_to(L);
}

static int l_item(lua_State *L) {
  lt_Tensor *t = checktensor(L, 1);
  int64_t n = lt_numel(t);
  if (n != 1)
    return luaL_error(L, "item: a tensor with %I elements cannot be converted to a number", (lua_Integer)n);
  lt_pushscalar(L, t->dtype, lt_read_scalar(t->dtype, lt_data(t)));
  return 1;
}

static void push_table(lua_State *L, const lt_Tensor *t, int dim, const char *p, bool empty) {
  if (dim == t->ndim) {
    lt_pushscalar(L, t->dtype, lt_read_scalar(t->dtype, p));
    return;
  }
  /* an empty tensor's strides may be anything: never step by them */
  int64_t step = empty ? 0 : t->stride[dim] * (int64_t)lt_dtype_size(t->dtype);
  luaL_checkstack(L, 3, "totable: nesting too deep");
  lua_createtable(L, t->size[dim] > INT_MAX ? INT_MAX : (int)t->size[dim], 0);
  for (int64_t i = 0; i < t->size[dim]; i++) {
    push_table(L, t, dim + 1, p + i * step, empty);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

static int l_totable(lua_State *L) {
  lt_Tensor *t = checktensor(L, 1);
  push_table(L, t, 0, lt_data(t), lt_numel(t) == 0);
  return 1;
}

/* in-place writes are refused while a tape tracks the tensor (or the source of a copy) */
static void check_write(lua_State *L, lt_Context *ctx, const lt_Tensor *t, const lt_Tensor *src, const char *fname) {
  lt_check(L, ctx, lt_check_write(ctx, t, src != NULL, &src), fname);
}

static int l_fill_(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  lt_Scalar v = lt_checkscalar(L, 2);
  check_write(L, ctx, t, NULL, "fill_");
  lt_check(L, ctx, lt_fill(ctx, t, v), "fill_");
  lua_settop(L, 1);
  return 1;
}

static int l_zero_(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  check_write(L, ctx, t, NULL, "zero_");
  lt_check(L, ctx, lt_fill(ctx, t, lt_scalar_int(0)), "zero_");
  lua_settop(L, 1);
  return 1;
}

static int l_copy_(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *dst = checktensor(L, 1), *src = checktensor(L, 2);
  check_write(L, ctx, dst, src, "copy_");
  lt_check(L, ctx, lt_copy(ctx, dst, src), "copy_");
  lua_settop(L, 1);
  return 1;
}

static int l_uniform_(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  double low = luaL_optnumber(L, 2, 0.0), high = luaL_optnumber(L, 3, 1.0);
  check_write(L, ctx, t, NULL, "uniform_");
  lt_check(L, ctx, lt_fill_uniform(ctx, t, low, high), "uniform_");
  lua_settop(L, 1);
  return 1;
}

static int l_normal_(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  double mean = luaL_optnumber(L, 2, 0.0), std = luaL_optnumber(L, 3, 1.0);
  check_write(L, ctx, t, NULL, "normal_");
  lt_check(L, ctx, lt_fill_normal(ctx, t, mean, std), "normal_");
  lua_settop(L, 1);
  return 1;
}

const luaL_Reg lt_tensor_methods[] = {
    {"size", l_size},
    {"stride", l_stride},
    {"dim", l_dim},
    {"numel", l_numel},
    {"is_contiguous", l_is_contiguous},
    {"storage_offset", l_storage_offset},
    {"is_tensor", l_is_tensor},
    {"contiguous", l_contiguous},
    {"clone", l_clone},
    {"to", l_to},
    {"float", l_float},
    {"double", l_double},
    {"int", l_int},
    {"long", l_long},
    {"byte", l_byte},
    {"type", l_type},
    {"item", l_item},
    {"totable", l_totable},
    {"fill_", l_fill_},
    {"zero_", l_zero_},
    {"copy_", l_copy_},
    {"uniform_", l_uniform_},
    {"normal_", l_normal_},
    {"free", l_free},
    {NULL, NULL},
};

const luaL_Reg lt_tensor_metamethods[] = {
    {"__gc", l_gc},
    {"__close", l_free},
    {"__tostring", l_tostring},
    {"__len", l_len},
    {"__index", lt_index},
    {"__newindex", lt_newindex},
    {NULL, NULL},
};
