/*
** test/host/oom.c: a host whose lua_Alloc fails on demand. Every allocation that luatensor makes
** through Lua is made to fail in turn, once (a transient failure) and from then on (memory is
** gone), while (1) luatensor is being opened and (2) a workload runs (oom_workload.lua, with a
** tensor over the host's buffer from luatensor_pushexternal and one from luatensor_pushcopy).
** Each run must end in success or in a Lua error saying "not enough memory"; afterwards, with
** memory back, the same state must still compute right. Built with ASan+UBSan by
** `make host-tests`, which also catches leaks and bad accesses on the error paths.
**
**   usage: oom LUA_DIR WORKLOAD [STRIDE]
**   (the opening is tried at every STRIDE-th allocation, default 1: each try is a fresh state, and
**   most of the opening is Lua compiling luatensor's Lua files; the workload at every one)
**
** Exit status 0 when every failure point passed.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "open_static.h"

/* Counts growing allocations; fails number fail_at (and all after it when persistent). Lua
   assumes that freeing and shrinking never fail, so those are never failed. */
typedef struct Budget {
  size_t count, fail_at;
  int persistent;
  size_t failed;
} Budget;

static void *budget_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  Budget *b = ud;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  if (ptr == NULL || nsize > osize) { /* (for a new object, osize is its type, not a size) */
    b->count++;
    if (b->fail_at != 0 && (b->count == b->fail_at || (b->persistent && b->count > b->fail_at))) {
      b->failed++;
      return NULL;
    }
  }
  return realloc(ptr, nsize);
}

static void arm(Budget *b, size_t k, int persistent) {
  b->count = 0;
  b->fail_at = k;
  b->persistent = persistent;
  b->failed = 0;
}

typedef struct Host {
  const char *lua_dir, *workload, *tmpfile;
  float buffer[6];           /* the host's own memory, lent to scripts as `ext` */
  long pushed, released;     /* successful luatensor_pushexternal calls, release callbacks */
} Host;

static void on_release(void *ud, void *data) {
  (void)data;
  ((Host *)ud)->released++;
}

static int open_luatensor(lua_State *L) {
  Host *h = lua_touserdata(L, 1);
  open_luatensor_static(L, h->lua_dir);
  lua_getglobal(L, "require");
  lua_pushliteral(L, "luatensor.nn");
  lua_call(L, 1, 0);
  lua_getglobal(L, "require");
  lua_pushliteral(L, "luatensor.optim");
  lua_call(L, 1, 0);
  return 0;
}

/* the workload chunk is the upvalue-free function at the registry key "oom.workload" */
static int run_workload(lua_State *L) {
  Host *h = lua_touserdata(L, 1);
  lua_getfield(L, LUA_REGISTRYINDEX, "oom.workload");
  const int64_t sizes[2] = {2, 3};
  luatensor_pushexternal(L, LUATENSOR_FLOAT32, 2, sizes, NULL, h->buffer, on_release, h);
  h->pushed++;
  const double values[6] = {1, 2, 3, 4, 5, 6};
  lt_tensor *copy = luatensor_pushcopy(L, LUATENSOR_FLOAT64, 2, sizes, values);
  if (((const double *)luatensor_data(copy))[5] != 6) return luaL_error(L, "pushcopy: bad copy");
  lua_pushstring(L, h->tmpfile);
  lua_call(L, 3, 1);
  return 1;
}

/* memory back: the state must still work */
static const char *const SANITY =
    "local lt = require 'luatensor'\n"
    "local m = lt.ones(2, 3):matmul(lt.ones(3, 2, 'float64'))\n"
    "assert(m:sum():item() == 12, 'matmul after a memory error')\n"
    "local x = lt.variable(lt.tensor({1, 2, 3}, 'float64'))\n"
    "local tape <close> = lt.tape()\n"
    "local g = tape:gradient((x * x):sum(), x)\n"
    "assert(g:eq(lt.tensor({2, 4, 6}, 'float64')):all():item(), 'gradient after a memory error')\n";

static int sane(lua_State *L) {
  if (luaL_loadstring(L, SANITY) == LUA_OK && lua_pcall(L, 0, 0, 0) == LUA_OK) return 1;
  printf("oom: the state is broken after a memory error: %s\n", lua_tostring(L, -1));
  lua_pop(L, 1);
  return 0;
}

/* calls fn(host) under lua_pcall; 1 when it succeeded or failed with a memory error */
static int protected_run(lua_State *L, lua_CFunction fn, Host *h, const char *what, size_t k,
                         int persistent, long *errors) {
  lua_pushcfunction(L, fn);
  lua_pushlightuserdata(L, h);
  int status = lua_pcall(L, 1, 0, 0);
  if (status == LUA_OK) return 1;
  (*errors)++;
  const char *msg = lua_tostring(L, -1);
  int ok = msg != NULL && strstr(msg, "not enough memory") != NULL;
  if (!ok)
    printf("oom: %s, allocation %zu failing%s: not a memory error (status %d): %s\n", what, k,
           persistent ? " from then on" : " once", status, msg ? msg : "(not a string)");
  lua_pop(L, 1);
  return ok;
}

static lua_State *new_state(Budget *b) {
  arm(b, 0, 0);
  lua_State *L = lua_newstate(budget_alloc, b);
  if (L != NULL) luaL_openlibs(L);
  return L;
}

int main(int argc, char **argv) {
  if (argc < 3 || argc > 4) {
    fprintf(stderr, "usage: %s LUA_DIR WORKLOAD [STRIDE]\n", argv[0]);
    return 2;
  }
  size_t stride = argc > 3 ? (size_t)atol(argv[3]) : 1;
  if (stride < 1) stride = 1;
  char tmpfile[] = "/tmp/luatensor-oom-XXXXXX";
  int fd = mkstemp(tmpfile);
  if (fd < 0) return perror("mkstemp"), 1;
  close(fd);
  static Host host;
  host.lua_dir = argv[1];
  host.workload = argv[2];
  host.tmpfile = tmpfile;
  Budget budget;
  int bad = 0;
  long errors = 0, points = 0;

  /* (1) opening: a fresh state for each failure point; after a failure, opening again works */
  for (int persistent = 0; persistent <= 1; persistent++) {
    for (size_t k = 1;; k += stride) {
      lua_State *L = new_state(&budget);
      if (L == NULL) return 1;
      arm(&budget, k, persistent);
      int ok = protected_run(L, open_luatensor, &host, "opening", k, persistent, &errors);
      size_t failed = budget.failed;
      arm(&budget, 0, 0);
      points++;
      if (!ok || (failed && !protected_run(L, open_luatensor, &host, "reopening", k, 0, &errors)) ||
          !sane(L))
        bad++;
      lua_close(L);
      if (!failed) break; /* the whole opening fitted before allocation k */
    }
  }

  /* (2) the workload: one state, failure points one after another */
  lua_State *L = new_state(&budget);
  if (L == NULL || !protected_run(L, open_luatensor, &host, "opening", 0, 0, &errors)) return 1;
  if (luaL_loadfile(L, host.workload) != LUA_OK) {
    printf("oom: %s\n", lua_tostring(L, -1));
    return 1;
  }
  lua_setfield(L, LUA_REGISTRYINDEX, "oom.workload");
  arm(&budget, 0, 0);
  long clean_errors = 0;
  if (!protected_run(L, run_workload, &host, "the workload without failures", 0, 0, &clean_errors) ||
      clean_errors != 0)
    return 1;
  size_t needed = budget.count;
  for (int persistent = 0; persistent <= 1; persistent++) {
    for (size_t k = 1; k <= needed; k++) {
      arm(&budget, k, persistent);
      int ok = protected_run(L, run_workload, &host, "the workload", k, persistent, &errors);
      arm(&budget, 0, 0);
      points++;
      if (!ok || !sane(L)) bad++;
      if (k % 64 == 0) lua_gc(L, LUA_GCCOLLECT); /* finalizers run with memory back */
    }
  }
  lua_close(L);
  remove(tmpfile);
  char npy[sizeof tmpfile + 4];
  snprintf(npy, sizeof npy, "%s.npy", tmpfile);
  remove(npy);

  if (host.released != host.pushed) {
    printf("oom: %ld external tensors made, %ld release callbacks\n", host.pushed, host.released);
    bad++;
  }
  printf("oom: %ld failure points (opening: every %zu-th allocation; workload: all %zu; each failing "
         "once and from then on), %ld memory errors raised, %d bad\n", points, stride, needed, errors, bad);
  if (bad == 0) printf("ok\n");
  return bad ? 1 : 0;
}
