/*
** examples/embed/host_static.c: a C program that runs Lua 5.4 and has luatensor linked in
** statically (build/libluatensor.a). It hands a float array of its own to a training script as
** the tensor `w` (zero-copy), runs the script, then reads the trained weights from its own array.
** It also runs a failing chunk under lua_pcall to show that errors stay inside Lua.
**
**   usage: embed_static LUA_DIR SCRIPT      (make embed: build/embed_static lua examples/embed/train.lua)
**
** Exit status 0 when the weights are within 1e-3 of the true ones (2, -3, 0.5), 1 otherwise.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "luatensor.h"

static void on_release(void *ud, void *data) {
  (void)data;
  *(int *)ud += 1; /* the host learns when Lua no longer views its buffer */
}

/* runs a chunk under lua_pcall; prints the error and returns 0 when it fails */
static int run(lua_State *L, int status) {
  if (status == LUA_OK) status = lua_pcall(L, 0, 0, 0);
  if (status != LUA_OK) {
    printf("host: Lua error: %s\n", lua_tostring(L, -1));
    lua_pop(L, 1);
    return 0;
  }
  return 1;
}

/* the setup, in protected mode: luaopen_luatensor and luatensor_pushexternal raise on errors */
typedef struct Setup {
  const char *lua_dir;
  float *w;
  int *released;
} Setup;

static int setup(lua_State *L) {
  Setup *s = lua_touserdata(L, 1);
  /* the Lua part of luatensor is found on package.path; no core.so from package.cpath */
  lua_getglobal(L, "package");
  lua_pushfstring(L, "%s/?.lua;%s/?/init.lua", s->lua_dir, s->lua_dir);
  lua_setfield(L, -2, "path");
  lua_pushliteral(L, "");
  lua_setfield(L, -2, "cpath");
  lua_pop(L, 1);

  luaL_requiref(L, "luatensor", luaopen_luatensor, 0);
  lua_setglobal(L, "lt");

  const int64_t size[1] = {3};
  lt_tensor *t = luatensor_pushexternal(L, LUATENSOR_FLOAT32, 1, size, NULL, s->w, on_release,
                                        s->released);
  if (luatensor_data(t) != (void *)s->w || luatensor_numel(t) != 3) return luaL_error(L, "bad tensor");
  lua_setglobal(L, "w");
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s LUA_DIR SCRIPT\n", argv[0]);
    return 2;
  }
  float w[3] = {0.0f, 0.0f, 0.0f}; /* the host's own weights */
  int released = 0;

  lua_State *L = luaL_newstate();
  if (L == NULL) return 1;
  luaL_openlibs(L);

  Setup s = {argv[1], w, &released};
  lua_pushcfunction(L, setup);
  lua_pushlightuserdata(L, &s);
  if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
    fprintf(stderr, "host: setup failed: %s\n", lua_tostring(L, -1));
    lua_close(L);
    return 1;
  }

  if (!run(L, luaL_loadfile(L, argv[2]))) {
    lua_close(L);
    return 1;
  }

  /* the script updated w in place: the host reads its own array, no copy back */
  const float w_true[3] = {2.0f, -3.0f, 0.5f};
  int good = 1;
  printf("host: w = {%.5f, %.5f, %.5f}\n", w[0], w[1], w[2]);
  for (int i = 0; i < 3; i++) good &= fabsf(w[i] - w_true[i]) < 1e-3f;

  /* a failing chunk: the host gets the message and goes on */
  run(L, luaL_loadstring(L, "return lt.zeros(2, 3):matmul(lt.zeros(2, 3))"));
  run(L, luaL_loadstring(L, "print('host: still running, lt.ones(2):sum() = ' .. lt.ones(2):sum():item())"));

  lua_close(L); /* the last view of w dies: on_release is called once */
  printf("host: release callback called %d time(s)\n", released);
  good &= released == 1;
  printf("host: %s\n", good ? "weights OK (within 1e-3 of 2, -3, 0.5)" : "FAILED");
  return good ? 0 : 1;
}
