/*
** lua_args.c: argument checks shared by the bindings (sizes, dims, indices, dtypes, scalars).
*/
#include "lua_tensor.h"

lt_DType lt_optdtype(lua_State *L, int i, lt_DType def) {
  if (lua_isnoneornil(L, i)) return def;
  if (lua_type(L, i) != LUA_TSTRING) luaL_typeerror(L, i, "dtype name");
  const char *name = lua_tostring(L, i);
  lt_DType dt = lt_dtype_from_name(name);
  if (dt == LT_NUM_DTYPES)
    luaL_argerror(L, i, lua_pushfstring(L, "unknown dtype '%s' (expected float32, float64, int32, "
                                           "int64, uint8 or bool)", name));
  return dt;
}

int lt_lastnondtype(lua_State *L, lt_DType *dt, lt_DType def) {
  int top = lua_gettop(L);
  if (top >= 1 && lua_type(L, top) == LUA_TSTRING) {
    *dt = lt_optdtype(L, top, def);
    return top - 1;
  }
  *dt = def;
  return top;
}

static int64_t checksize(lua_State *L, int arg, int valueidx, int pos, bool allow_minus_one) {
  int isint;
  lua_Integer n = lua_tointegerx(L, valueidx, &isint);
  if (!isint) {
    if (lua_type(L, valueidx) == LUA_TNUMBER)
      luaL_argerror(L, arg, lua_pushfstring(L, "size %d is not an integer (%s)", pos,
                                            lua_tostring(L, valueidx)));
    luaL_argerror(L, arg, lua_pushfstring(L, "size %d must be an integer, got %s", pos,
                                          luaL_typename(L, valueidx)));
  }
  if (n < 0 && !(allow_minus_one && n == -1))
    luaL_argerror(L, arg, lua_pushfstring(L, "size %d is negative (%I)", pos, n));
  return (int64_t)n;
}

int lt_checksizes(lua_State *L, int i, int last, int64_t *size, bool allow_minus_one) {
  int n;
  if (lua_type(L, i) == LUA_TTABLE) {
    lua_Unsigned len = lua_rawlen(L, i);
    if (len > LT_MAX_DIMS)
      luaL_argerror(L, i, lua_pushfstring(L, "too many dimensions (%d, at most %d)", (int)len, LT_MAX_DIMS));
    n = (int)len;
    for (int k = 0; k < n; k++) {
      lua_rawgeti(L, i, k + 1);
      size[k] = checksize(L, i, -1, k + 1, allow_minus_one);
      lua_pop(L, 1);
    }
    return n;
  }
  n = last - i + 1;
  if (n < 0) n = 0;
  if (n > LT_MAX_DIMS)
    luaL_argerror(L, i, lua_pushfstring(L, "too many dimensions (%d, at most %d)", n, LT_MAX_DIMS));
  for (int k = 0; k < n; k++) {
    if (lua_type(L, i + k) != LUA_TNUMBER) luaL_checkinteger(L, i + k); /* the standard type error */
    size[k] = checksize(L, i + k, i + k, k + 1, allow_minus_one);
  }
  return n;
}

int lt_normdim(lua_State *L, lua_Integer d, int ndim, int extra, const char *fname) {
  int n = ndim + extra;
  if (n == 0)
    luaL_error(L, "%s: dimension %I out of range (a 0-d tensor has no dimensions)", fname, d);
  if (d < -n || d > n || d == 0)
    luaL_error(L, "%s: dimension %I out of range for a %d-d tensor (expected 1..%d or -%d..-1)",
               fname, d, ndim, n, n);
  return (int)(d > 0 ? d - 1 : d + n);
}

int lt_checkdim(lua_State *L, int i, int ndim, int extra, const char *fname) {
  return lt_normdim(L, luaL_checkinteger(L, i), ndim, extra, fname);
}

void lt_checkdimlist(lua_State *L, int i, int ndim, int *dims, const char *fname) {
  bool table = lua_type(L, i) == LUA_TTABLE;
  lua_Integer n = table ? (lua_Integer)lua_rawlen(L, i) : lua_gettop(L) - i + 1;
  if (n != ndim) luaL_error(L, "%s: expected %d dims for a %d-d tensor, got %I", fname, ndim, ndim, n);
  for (int k = 0; k < ndim; k++) {
    int isint;
    if (table) lua_rawgeti(L, i, k + 1);
    else lua_pushvalue(L, i + k);
    lua_Integer d = lua_tointegerx(L, -1, &isint);
    if (!isint)
      luaL_error(L, "%s: dim %d must be an integer, got %s", fname, k + 1,
                 lua_type(L, -1) == LUA_TNUMBER ? lua_tostring(L, -1) : luaL_typename(L, -1));
    lua_pop(L, 1);
    dims[k] = lt_normdim(L, d, ndim, 0, fname);
  }
}

int64_t lt_normindex(lua_State *L, lua_Integer idx, int64_t n, int dim, const char *fname) {
  if (idx == 0 || idx < -n || idx > n)
    luaL_error(L, "%s: index %I out of range for dimension %d of size %I", fname, idx, dim + 1,
               (lua_Integer)n);
  return idx > 0 ? idx - 1 : idx + n;
}

lt_Scalar lt_checkscalar(lua_State *L, int i) {
  switch (lua_type(L, i)) {
    case LUA_TBOOLEAN: return lt_scalar_int(lua_toboolean(L, i));
    case LUA_TNUMBER:
      if (lua_isinteger(L, i)) return lt_scalar_int(lua_tointeger(L, i));
      return lt_scalar_float(lua_tonumber(L, i));
    default: luaL_typeerror(L, i, "number"); return lt_scalar_int(0);
  }
}

void lt_pushscalar(lua_State *L, lt_DType dt, lt_Scalar v) {
  if (dt == LT_BOOL) lua_pushboolean(L, v.v.i != 0);
  else if (v.is_int) lua_pushinteger(L, v.v.i);
  else lua_pushnumber(L, v.v.f);
}
