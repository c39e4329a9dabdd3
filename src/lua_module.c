/*
** lua_module.c: luaopen_luatensor_core. One table is both the module and the tensors' method
** table, so lt.view(t, ...) and t:view(...) are the same function.
*/
#include "lua_tensor.h"

static int l_context_gc(lua_State *L) {
  lt_context_close(lua_touserdata(L, 1));
  return 0;
}

/* registers fns into the table on the top, each with upvalues (context, module table) */
static void setfuncs(lua_State *L, int ctx, int module, const luaL_Reg *fns) {
  lua_pushvalue(L, ctx);
  lua_pushvalue(L, module);
  luaL_setfuncs(L, fns, 2);
}

LT_EXPORT int luaopen_luatensor_core(lua_State *L) {
  luaL_checkversion(L);
  lt_LuaContext *lc = lua_newuserdatauv(L, sizeof *lc, 0);
  lt_Context *c = &lc->core;
  c->alloc = NULL; /* safe for __gc until init succeeds */
  c->pool = NULL;
  c->blas = NULL;
  c->spare_entries = NULL;
  lc->tensor_mt = NULL;
  lc->tensor_mt_ref = LUA_NOREF;
  lua_createtable(L, 0, 1);
  lua_pushcfunction(L, l_context_gc);
  lua_setfield(L, -2, "__gc");
  lua_setmetatable(L, -2);
  if (lt_context_init(c) != LT_OK) return luaL_error(L, "luatensor: %s", c->err);
  int ctx = lua_gettop(L);

  lua_newtable(L);
  int module = lua_gettop(L);
  setfuncs(L, ctx, module, lt_create_funcs);
  setfuncs(L, ctx, module, lt_state_funcs);
  setfuncs(L, ctx, module, lt_tensor_methods);
  setfuncs(L, ctx, module, lt_shape_methods);
  setfuncs(L, ctx, module, lt_op_funcs);
  setfuncs(L, ctx, module, lt_reduce_funcs);
  setfuncs(L, ctx, module, lt_matmul_funcs);
  setfuncs(L, ctx, module, lt_tape_funcs);
  setfuncs(L, ctx, module, lt_einsum_funcs);
  setfuncs(L, ctx, module, lt_join_funcs);
  setfuncs(L, ctx, module, lt_io_funcs);
  for (int dt = 0; dt < LT_NUM_DTYPES; dt++) {
    lua_pushstring(L, lt_dtype_name((lt_DType)dt));
    lua_setfield(L, module, lt_dtype_name((lt_DType)dt));
  }

  luaL_newmetatable(L, LT_TENSOR_MT);
  lc->tensor_mt = lua_topointer(L, -1); /* the registry keeps it alive as long as the state */
  lua_pushvalue(L, -1);
  lc->tensor_mt_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  setfuncs(L, ctx, module, lt_tensor_metamethods);
  lt_register_ops(L, ctx, module, lua_gettop(L));
  /* getmetatable(t) gives this name, never the table: scripts cannot call __gc by hand */
  lua_pushliteral(L, LT_TENSOR_MT);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 1);

  lt_register_tape(L, ctx, module);
  lua_pushvalue(L, module);
  return 1;
}
