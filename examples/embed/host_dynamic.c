/*
** examples/embed/host_dynamic.c: a C program that runs Lua 5.4 and gets luatensor the way a
** script does, `require "luatensor"`, with core.so found through package.cpath: nothing of
** luatensor is linked in. It then finds the public C API (luatensor.h) in that same core.so with
** dlopen(RTLD_NOLOAD) + dlsym, hands a float array of its own to the training script as the
** tensor `w` (zero-copy) and reads the trained weights back from the array.
**
**   usage: embed_dynamic LUA_DIR CPATH_DIR SCRIPT
**   (make embed: build/embed_dynamic lua build examples/embed/train.lua)
**
** Exit status 0 when the weights are within 1e-3 of the true ones (2, -3, 0.5), 1 otherwise.
** Build: cc -std=c99 host_dynamic.c -I<dir of luatensor.h> $(pkg-config --cflags --libs lua5.4)
**        -ldl -lm     (the executable must link liblua5.4: core.so takes the Lua API from it)
*/
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "luatensor.h" /* for the types and the dtype enum; the functions come from dlsym */

/* the part of the API this host uses, as pointers into the loaded core.so */
typedef struct Api {
  lt_tensor *(*pushexternal)(lua_State *, int, int, const int64_t *, const int64_t *, void *,
                             void (*)(void *, void *), void *);
  void *(*data)(const lt_tensor *);
  int64_t (*numel)(const lt_tensor *);
} Api;

static void on_release(void *ud, void *data) {
  (void)data;
  *(int *)ud += 1;
}

/* dlsym into a function pointer (POSIX allows the conversion through void **) */
static int find(void *lib, const char *name, void *slot) {
  *(void **)slot = dlsym(lib, name);
  if (*(void **)slot == NULL) fprintf(stderr, "host: %s not found: %s\n", name, dlerror());
  return *(void **)slot != NULL;
}

typedef struct Setup {
  const char *lua_dir, *cpath_dir;
  float *w;
  int *released;
} Setup;

/* protected: require and luatensor_pushexternal raise Lua errors */
static int setup(lua_State *L) {
  Setup *s = lua_touserdata(L, 1);
  lua_getglobal(L, "package");
  lua_pushfstring(L, "%s/?.lua;%s/?/init.lua", s->lua_dir, s->lua_dir);
  lua_setfield(L, -2, "path");
  lua_pushfstring(L, "%s/?.so", s->cpath_dir);
  lua_setfield(L, -2, "cpath");
  lua_pop(L, 1);

  lua_getglobal(L, "require"); /* lt = require "luatensor": init.lua requires luatensor.core */
  lua_pushliteral(L, "luatensor");
  lua_call(L, 1, 1);
  lua_setglobal(L, "lt");

  /* the core.so that require loaded: the same file, found the same way */
  if (luaL_dostring(L, "return package.searchpath('luatensor.core', package.cpath)") != LUA_OK)
    return lua_error(L);
  const char *core = lua_tostring(L, -1);
  if (core == NULL) return luaL_error(L, "luatensor.core not on package.cpath");
  void *lib = dlopen(core, RTLD_NOW | RTLD_NOLOAD); /* already loaded: just a handle */
  if (lib == NULL) return luaL_error(L, "%s is not loaded: %s", core, dlerror());
  printf("host: luatensor.core loaded from %s\n", core);
  Api api;
  int ok = find(lib, "luatensor_pushexternal", &api.pushexternal) &&
           find(lib, "luatensor_data", &api.data) && find(lib, "luatensor_numel", &api.numel);
  dlclose(lib); /* drops our handle only: the module stays loaded for the state */
  if (!ok) return luaL_error(L, "core.so lacks the C API");

  const int64_t size[1] = {3};
  lt_tensor *t = api.pushexternal(L, LUATENSOR_FLOAT32, 1, size, NULL, s->w, on_release, s->released);
  if (api.data(t) != (void *)s->w || api.numel(t) != 3) return luaL_error(L, "bad tensor");
  lua_setglobal(L, "w");
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s LUA_DIR CPATH_DIR SCRIPT\n", argv[0]);
    return 2;
  }
  float w[3] = {0.0f, 0.0f, 0.0f};
  int released = 0;
  lua_State *L = luaL_newstate();
  if (L == NULL) return 1;
  luaL_openlibs(L);

  Setup s = {argv[1], argv[2], w, &released};
  lua_pushcfunction(L, setup);
  lua_pushlightuserdata(L, &s);
  int status = lua_pcall(L, 1, 0, 0);
  if (status == LUA_OK) status = luaL_loadfile(L, argv[3]);
  if (status == LUA_OK) status = lua_pcall(L, 0, 0, 0);
  if (status != LUA_OK) {
    fprintf(stderr, "host: Lua error: %s\n", lua_tostring(L, -1));
    lua_close(L);
    return 1;
  }
  const float w_true[3] = {2.0f, -3.0f, 0.5f};
  int good = 1;
  printf("host: w = {%.5f, %.5f, %.5f}\n", w[0], w[1], w[2]);
  for (int i = 0; i < 3; i++) good &= fabsf(w[i] - w_true[i]) < 1e-3f;
  lua_close(L);
  printf("host: release callback called %d time(s)\n", released);
  good &= released == 1;
  printf("host: %s\n", good ? "weights OK (within 1e-3 of 2, -3, 0.5)" : "FAILED");
  return good ? 0 : 1;
}
