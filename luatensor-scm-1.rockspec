-- LuaRocks spec for building and installing luatensor from a working copy:
--   luarocks --lua-version=5.4 make --tree DIR luatensor-scm-1.rockspec
-- Build type "make": the Makefile finds OpenBLAS through pkg-config (Debian keeps cblas.h in a
-- non-standard directory, which the "builtin" type cannot find without OPENBLAS_INCDIR=...).
-- The Makefile adds -std=c11, -fPIC, its warnings and the include paths to LuaRocks's CFLAGS,
-- and never links -llua5.4 (lua5.4 exports the Lua API itself).
rockspec_format = "3.0"
package = "luatensor"
version = "scm-1"
source = {
   url = "git+file://.",
}
description = {
   summary = "Tensors for Lua 5.4 (C module with OpenBLAS)",
   detailed = [[
      n-dimensional tensors for Lua 5.4, implemented in C (module luatensor.core) with a Lua
      front end (module luatensor); matrix products through OpenBLAS.
   ]],
   license = "MIT",
}
dependencies = {
   "lua >= 5.4",
}
build = {
   type = "make",
   -- The same variables are passed to `make install`, so that it finds the module up to date
   -- and does not rebuild it with other flags.
   build_variables = {
      CC = "$(CC)",
      CFLAGS = "$(CFLAGS)",
      LIBFLAG = "$(LIBFLAG)",
      LUA_INCDIR = "$(LUA_INCDIR)",
   },
   install_variables = {
      CC = "$(CC)",
      CFLAGS = "$(CFLAGS)",
      LIBFLAG = "$(LIBFLAG)",
      LUA_INCDIR = "$(LUA_INCDIR)",
      INST_LIBDIR = "$(LIBDIR)",
      INST_LUADIR = "$(LUADIR)",
      INST_BINDIR = "$(BINDIR)",  -- the `luatensor` command (deployed to the tree's bin/)
      -- for C hosts, luatensor.h and libluatensor.a, kept in the rock's own directory (LuaRocks
      -- would deploy anything under $(PREFIX)/lib onto the module path)
      INST_INCDIR = "$(PREFIX)/embed/include",
      INST_ARCHIVEDIR = "$(PREFIX)/embed/lib",
   },
}
test = {
   type = "command",
   command = "make test",
}
