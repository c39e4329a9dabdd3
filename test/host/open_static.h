/*
** test/host/open_static.h: how the test hosts open luatensor in a state (linked statically):
** the Lua part from LUA_DIR on package.path, and an empty package.cpath so that no core.so can
** be picked up instead of the linked-in core. Raises Lua errors: call it protected.
*/
#ifndef OPEN_STATIC_H
#define OPEN_STATIC_H

#include <lauxlib.h>
#include <lua.h>

#include "luatensor.h"

static void open_luatensor_static(lua_State *L, const char *lua_dir) {
  lua_getglobal(L, "package");
  lua_pushfstring(L, "%s/?.lua;%s/?/init.lua", lua_dir, lua_dir);
  lua_setfield(L, -2, "path");
  lua_pushliteral(L, "");
  lua_setfield(L, -2, "cpath");
  lua_pop(L, 1);
  luaL_requiref(L, "luatensor", luaopen_luatensor, 0);
  lua_pop(L, 1);
}

#endif
