/*
** lua_io.c: saving and loading tensors (the formats are in io_safetensors.c and io_npy.c).
**
**   lt.save(path, tensors [, metadata])   safetensors; tensors: name -> tensor, metadata:
**                                          string -> string
**   lt.load(path [, {mmap = bool}])       -> name -> tensor, metadata (a table, maybe empty)
**   lt.save_npy(path, t), lt.load_npy(path) -> t, lt.load_npz(path) -> name -> tensor
**
** Errors read "fname: path: what is wrong".
*/
#include <string.h>

#include "lt_io.h"
#include "lua_tensor.h"

#define IOLIST_MT "luatensor.IOList"

static int iolist_gc(lua_State *L) {
  lt_iolist_free(lua_touserdata(L, 1));
  return 0;
}

/* A userdata that owns what the core returns until it is in Lua tables, so that a memory
   error while building those tables leaks nothing. */
static lt_IOList *newlist(lua_State *L) {
  lt_IOList *l = lua_newuserdatauv(L, sizeof *l, 0);
  memset(l, 0, sizeof *l);
  if (luaL_newmetatable(L, IOLIST_MT)) {
    lua_pushcfunction(L, iolist_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushliteral(L, IOLIST_MT);
    lua_setfield(L, -2, "__metatable");
  }
  lua_setmetatable(L, -2);
  return l;
}

static void check(lua_State *L, lt_Context *ctx, lt_Status st, const char *fname, const char *path) {
  if (st != LT_OK) luaL_error(L, "%s: %s: %s", fname, path, ctx->err);
  lt_check(L, ctx, LT_OK, fname); /* reports the new tensors' memory to the collector */
}

/* pushes name -> tensor, taking the tensors over from the list */
static void pushtensors(lua_State *L, lt_IOList *l) {
  lua_createtable(L, 0, (int)(l->n > 1000000 ? 1000000 : l->n));
  for (size_t i = 0; i < l->n; i++) {
    lt_Tensor **box = lt_newbox(L);
    *box = l->tensors[i];
    l->tensors[i] = NULL;
    lua_setfield(L, -2, l->names[i]);
  }
}

static int l_load(lua_State *L) {
  lt_Context *ctx = getctx(L);
  const char *path = luaL_checkstring(L, 1);
  bool use_mmap = false;
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    int t = lua_getfield(L, 2, "mmap");
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TBOOLEAN, 2, "mmap to be a boolean");
    use_mmap = lua_toboolean(L, -1);
    lua_pop(L, 1);
  }
  lt_IOList *l = newlist(L);
  check(L, ctx, lt_safetensors_load(ctx, path, use_mmap, l), "load", path);
  pushtensors(L, l);
  lua_createtable(L, 0, (int)(l->nmeta > 1000000 ? 1000000 : l->nmeta));
  for (size_t i = 0; i < l->nmeta; i++) {
    lua_pushstring(L, l->values[i]);
    lua_setfield(L, -2, l->keys[i]);
  }
  return 2;
}

/* a string key without embedded zeros (the formats store C strings) */
static const char *checkname(lua_State *L, int idx, const char *what) {
  size_t len;
  if (lua_type(L, idx) != LUA_TSTRING)
    luaL_error(L, "save: %s: keys must be strings (got a %s key)", what, luaL_typename(L, idx));
  const char *s = lua_tolstring(L, idx, &len);
  if (strlen(s) != len) luaL_error(L, "save: %s: the key '%s...' contains a zero byte", what, s);
  return s;
}

static int l_save(lua_State *L) {
  lt_Context *ctx = getctx(L);
  const char *path = luaL_checkstring(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  if (!lua_isnoneornil(L, 3)) luaL_checktype(L, 3, LUA_TTABLE);
  lua_settop(L, 3);
  size_t n = 0, nmeta = 0;
  for (lua_pushnil(L); lua_next(L, 2); lua_pop(L, 1)) n++;
  if (!lua_isnil(L, 3))
    for (lua_pushnil(L); lua_next(L, 3); lua_pop(L, 1)) nmeta++;
  /* the arrays are userdata, collected whatever happens; the strings stay anchored in the
     argument tables, which nothing changes while the core writes */
  const char **names = lua_newuserdatauv(L, (n ? n : 1) * sizeof *names, 0);
  lt_Tensor **tensors = lua_newuserdatauv(L, (n ? n : 1) * sizeof *tensors, 0);
  const char **keys = lua_newuserdatauv(L, (nmeta ? nmeta : 1) * sizeof *keys, 0);
  const char **values = lua_newuserdatauv(L, (nmeta ? nmeta : 1) * sizeof *values, 0);
  size_t i = 0;
  for (lua_pushnil(L); lua_next(L, 2); lua_pop(L, 1)) {
    names[i] = checkname(L, -2, "tensors");
    tensors[i] = lt_totensor(L, -1);
    if (tensors[i] == NULL)
      return luaL_error(L, "save: tensors['%s'] is %s, expected a tensor", names[i],
                        lt_istensor(L, -1) ? "a freed tensor" : luaL_typename(L, -1));
    i++;
  }
  i = 0;
  if (!lua_isnil(L, 3))
    for (lua_pushnil(L); lua_next(L, 3); lua_pop(L, 1)) {
      keys[i] = checkname(L, -2, "metadata");
      if (lua_type(L, -1) != LUA_TSTRING)
        return luaL_error(L, "save: metadata['%s'] is a %s, expected a string", keys[i], luaL_typename(L, -1));
      size_t len;
      values[i] = lua_tolstring(L, -1, &len);
      if (strlen(values[i]) != len) return luaL_error(L, "save: metadata['%s'] contains a zero byte", keys[i]);
      i++;
    }
  check(L, ctx, lt_safetensors_save(ctx, path, n, names, tensors, nmeta, keys, values), "save", path);
  return 0;
}

static int l_save_npy(lua_State *L) {
  lt_Context *ctx = getctx(L);
  const char *path = luaL_checkstring(L, 1);
  lt_Tensor *t = checktensor(L, 2);
  check(L, ctx, lt_npy_save(ctx, path, t), "save_npy", path);
  return 0;
}

static int l_load_npy(lua_State *L) {
  lt_Context *ctx = getctx(L);
  const char *path = luaL_checkstring(L, 1);
  lt_Tensor **box = lt_newbox(L);
  check(L, ctx, lt_npy_load(ctx, path, box), "load_npy", path);
  return 1;
}

static int l_load_npz(lua_State *L) {
  lt_Context *ctx = getctx(L);
  const char *path = luaL_checkstring(L, 1);
  lt_IOList *l = newlist(L);
  check(L, ctx, lt_npz_load(ctx, path, l), "load_npz", path);
  pushtensors(L, l);
  return 1;
}

const luaL_Reg lt_io_funcs[] = {
    {"save", l_save},
    {"load", l_load},
    {"save_npy", l_save_npy},
    {"load_npy", l_load_npy},
    {"load_npz", l_load_npz},
    {NULL, NULL},
};
