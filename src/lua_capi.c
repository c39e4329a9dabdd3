/*
** lua_capi.c: the public C API for host programs (src/luatensor.h, documented there).
**
** The host calls these functions outside any of the module's C closures, so the state's context
** does not come from upvalue 1 (getctx) but from the registry: luaopen_luatensor stores the
** core's context userdata under LUATENSOR_REGISTRY_KEY; when the module was loaded another way
** (require of core.so through package.cpath), the first call finds it as upvalue 1 of the core's
** functions through package.loaded["luatensor.core"] and stores it there. No C globals.
*/
#include <string.h>

#include "lua_tensor.h"
#include "luatensor.h"

#include <lauxlib.h>

_Static_assert(LUATENSOR_FLOAT32 == (int)LT_FLOAT32, "dtype values differ");
_Static_assert(LUATENSOR_FLOAT64 == (int)LT_FLOAT64, "dtype values differ");
_Static_assert(LUATENSOR_INT32 == (int)LT_INT32, "dtype values differ");
_Static_assert(LUATENSOR_INT64 == (int)LT_INT64, "dtype values differ");
_Static_assert(LUATENSOR_UINT8 == (int)LT_UINT8, "dtype values differ");
_Static_assert(LUATENSOR_BOOL == (int)LT_BOOL, "dtype values differ");
_Static_assert(LT_NUM_DTYPES == 6, "a dtype was added: add it to luatensor.h too");
_Static_assert(LUATENSOR_MAX_DIMS == LT_MAX_DIMS, "LUATENSOR_MAX_DIMS differs from LT_MAX_DIMS");

/* stores the context of the core module table at index module in the registry; false when
   module does not look like the core (its functions carry the context as upvalue 1) */
static bool store_ctx(lua_State *L, int module) {
  luaL_checkstack(L, 3, "luatensor");
  if (!lua_istable(L, module)) return false;
  lua_pushliteral(L, "zeros");
  if (lua_rawget(L, module) != LUA_TFUNCTION || !lua_iscfunction(L, -1) ||
      lua_getupvalue(L, -1, 1) == NULL) {
    lua_pop(L, 1);
    return false;
  }
  bool ok = lua_type(L, -1) == LUA_TUSERDATA && !lua_islightuserdata(L, -1);
  if (ok)
    lua_setfield(L, LUA_REGISTRYINDEX, LUATENSOR_REGISTRY_KEY);
  else
    lua_pop(L, 1);
  lua_pop(L, 1);
  return ok;
}

static lt_LuaContext *capi_ctx(lua_State *L) {
  luaL_checkstack(L, 3, "luatensor");
  if (lua_getfield(L, LUA_REGISTRYINDEX, LUATENSOR_REGISTRY_KEY) != LUA_TUSERDATA) {
    lua_pop(L, 1);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_getfield(L, -1, "luatensor.core");
    bool ok = store_ctx(L, lua_gettop(L));
    lua_pop(L, 2);
    if (!ok) luaL_error(L, "luatensor: not opened in this lua_State (call luaopen_luatensor)");
    lua_getfield(L, LUA_REGISTRYINDEX, LUATENSOR_REGISTRY_KEY);
  }
  lt_LuaContext *lc = lua_touserdata(L, -1);
  lua_pop(L, 1); /* the core's closures keep it alive as long as the state */
  return lc;
}

LT_EXPORT int luaopen_luatensor(lua_State *L) {
  luaL_checkversion(L);
  /* a static host: `require "luatensor.core"` (init.lua) must find the linked-in core */
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(L, luaopen_luatensor_core);
  lua_setfield(L, -2, "luatensor.core");
  lua_pop(L, 1);
  luaL_requiref(L, "luatensor.core", luaopen_luatensor_core, 0);
  if (!store_ctx(L, lua_gettop(L))) return luaL_error(L, "luatensor: package.loaded[\"luatensor.core\"] is not the core");
  lua_pop(L, 1);

  /* the Lua part, found and run as require's Lua searcher would (not through require itself:
     a host may have put luaopen_luatensor in package.preload["luatensor"]) */
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  if (lua_getfield(L, -1, "package") != LUA_TTABLE)
    return luaL_error(L, "luatensor: the package library is not open (luaL_openlibs)");
  lua_getfield(L, -1, "searchpath");
  lua_pushliteral(L, "luatensor");
  lua_getfield(L, -3, "path");
  lua_call(L, 2, 2);
  if (lua_isnil(L, -2))
    return luaL_error(L, "luatensor: the Lua part (luatensor/init.lua) is not on package.path "
                         "(set it to the lua/ directory, or install the files):%s",
                      lua_tostring(L, -1));
  lua_pop(L, 1);
  const char *filename = lua_tostring(L, -1);
  if (luaL_loadfilex(L, filename, "t") != LUA_OK) return lua_error(L);
  lua_pushliteral(L, "luatensor");
  lua_pushvalue(L, -3); /* filename */
  lua_call(L, 2, 1);
  return 1;
}

/* pushes an empty tensor box (as lt_newbox does inside the module) */
static lt_Tensor **newbox(lua_State *L, const lt_LuaContext *lc) {
  luaL_checkstack(L, 2, "luatensor");
  lt_Tensor **box = lua_newuserdatauv(L, sizeof *box, 0);
  *box = NULL;
  lua_rawgeti(L, LUA_REGISTRYINDEX, lc->tensor_mt_ref);
  lua_setmetatable(L, -2);
  return box;
}

static void check_args(lua_State *L, int dtype, int ndim, const int64_t *sizes, const char *fname) {
  if (dtype < 0 || dtype >= LT_NUM_DTYPES) luaL_error(L, "%s: unknown dtype %d", fname, dtype);
  if (ndim < 0 || ndim > LT_MAX_DIMS)
    luaL_error(L, "%s: ndim %d is not in [0, %d]", fname, ndim, LT_MAX_DIMS);
  if (ndim > 0 && sizes == NULL) luaL_error(L, "%s: sizes is NULL", fname);
}

LT_EXPORT lt_tensor *luatensor_pushexternal(lua_State *L, int dtype, int ndim, const int64_t *sizes,
                                            const int64_t *strides, void *data,
                                            void (*release)(void *ud, void *data), void *ud) {
  static const char fname[] = "luatensor_pushexternal";
  lt_LuaContext *lc = capi_ctx(L);
  lt_Context *ctx = &lc->core;
  check_args(L, dtype, ndim, sizes, fname);
  int64_t numel;
  if (lt_check_shape(ctx, ndim, sizes, &numel) != LT_OK) luaL_error(L, "%s: %s", fname, ctx->err);
  int64_t stride[LT_MAX_DIMS];
  if (strides == NULL)
    lt_contiguous_strides(ndim, sizes, stride);
  else
    memcpy(stride, strides, (size_t)ndim * sizeof *stride);
  /* the span [lo, hi] of element offsets from data that the view reaches */
  int64_t lo = 0, hi = 0;
  if (numel > 0) {
    if (data == NULL) luaL_error(L, "%s: data is NULL", fname);
    for (int d = 0; d < ndim; d++) {
      int64_t ext;
      if (__builtin_mul_overflow(sizes[d] - 1, stride[d], &ext) ||
          __builtin_add_overflow(ext < 0 ? lo : hi, ext, ext < 0 ? &lo : &hi))
        luaL_error(L, "%s: the strides overflow", fname);
    }
  }
  size_t esize = lt_dtype_size((lt_DType)dtype);
  int64_t span = 0;
  if (numel > 0 && (__builtin_sub_overflow(hi, lo, &span) || span >= INT64_MAX / (int64_t)esize))
    luaL_error(L, "%s: the strides overflow", fname);
  size_t nbytes = numel > 0 ? (size_t)(span + 1) * esize : 0;
  void *base = numel > 0 ? (char *)data + lo * (int64_t)esize : data;

  lt_Tensor **box = newbox(L, lc); /* may raise: nothing made yet */
  lt_Storage *s;
  if (lt_storage_external(ctx, base, nbytes, release, ud, &s) != LT_OK)
    luaL_error(L, "%s: %s", fname, ctx->err);
  lt_Status st = lt_tensor_over(ctx, s, (lt_DType)dtype, -lo, ndim, sizes, stride, box);
  if (st != LT_OK) s->release = NULL; /* documented: no release call when we raise */
  lt_storage_release(s); /* the tensor holds its own reference */
  if (st != LT_OK) luaL_error(L, "%s: %s", fname, ctx->err);
  return *box;
}

LT_EXPORT lt_tensor *luatensor_pushcopy(lua_State *L, int dtype, int ndim, const int64_t *sizes,
                                        const void *data) {
  static const char fname[] = "luatensor_pushcopy";
  lt_LuaContext *lc = capi_ctx(L);
  lt_Context *ctx = &lc->core;
  check_args(L, dtype, ndim, sizes, fname);
  lt_Tensor **box = newbox(L, lc);
  lt_check(L, ctx, lt_empty(ctx, (lt_DType)dtype, ndim, sizes, box), fname);
  int64_t numel = lt_numel(*box);
  if (numel > 0) {
    if (data == NULL) luaL_error(L, "%s: data is NULL", fname);
    memcpy(lt_data(*box), data, (size_t)numel * lt_dtype_size((lt_DType)dtype));
  }
  return *box;
}

/* the box at idx, or NULL when the value there is not a tensor box */
static lt_Tensor **capi_tobox(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  const lt_LuaContext *lc = capi_ctx(L);
  void *p = lua_touserdata(L, idx);
  if (p == NULL || lua_islightuserdata(L, idx) || !lua_getmetatable(L, idx)) return NULL;
  bool is_tensor = lua_topointer(L, -1) == lc->tensor_mt;
  lua_pop(L, 1);
  return is_tensor ? p : NULL;
}

LT_EXPORT lt_tensor *luatensor_totensor(lua_State *L, int idx) {
  lt_Tensor **box = capi_tobox(L, idx);
  return box != NULL ? *box : NULL;
}

LT_EXPORT lt_tensor *luatensor_checktensor(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  lt_Tensor **box = capi_tobox(L, idx);
  if (box == NULL) luaL_typeerror(L, idx, LT_TENSOR_MT);
  if (*box == NULL) luaL_argerror(L, idx, "tensor was freed");
  return *box;
}

LT_EXPORT int luatensor_dtype(const lt_tensor *t) { return (int)t->dtype; }
LT_EXPORT int luatensor_ndim(const lt_tensor *t) { return t->ndim; }
LT_EXPORT int64_t luatensor_size(const lt_tensor *t, int d) {
  return d >= 0 && d < t->ndim ? t->size[d] : -1;
}
LT_EXPORT int64_t luatensor_stride(const lt_tensor *t, int d) {
  return d >= 0 && d < t->ndim ? t->stride[d] : 0;
}
LT_EXPORT int64_t luatensor_numel(const lt_tensor *t) { return lt_numel(t); }
LT_EXPORT void *luatensor_data(const lt_tensor *t) { return lt_data(t); }

LT_EXPORT void luatensor_retain(lt_tensor *t) { lt_tensor_retain(t); }
LT_EXPORT void luatensor_release(lt_tensor *t) {
  if (t != NULL) lt_tensor_release(t);
}
