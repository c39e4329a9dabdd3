/*
** test/host/threads.c: several lua_States in several threads use luatensor at the same time.
** Each thread opens its own state with luatensor linked statically, runs the same training script
** (test/host/train_mlp.lua: a fixed seed, tape, Adam, OpenBLAS, the state's thread pool) and
** keeps the fingerprint it returns. The fingerprints must all equal that of a run made first,
** alone, on the main thread: no state sees another's random generator, defaults, buffers, tape or
** pool. `make host-tests` runs it as built normally and built with ThreadSanitizer.
** The run alone loads OpenBLAS while an idle host thread exists: luatensor must then leave the
** environment alone (setenv would race with that thread's getenv) and let OpenBLAS choose its
** kernels, so blas_info().coretype_from is "openblas" (or "environment" when the user set
** OPENBLAS_CORETYPE), and OPENBLAS_CORETYPE is as the host left it.
**
**   usage: threads LUA_DIR SCRIPT [NTHREADS [ROUNDS]]      (default 2 threads, 2 rounds)
**
** Exit status 0 when every run succeeded with the reference fingerprint.
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "open_static.h"

#define MAX_THREADS 16

typedef struct Job {
  const char *lua_dir, *script;
  pthread_barrier_t *start; /* all threads begin together, to overlap as much as possible */
  char *result;             /* malloc'ed fingerprint, or NULL */
  char error[512];
  char coretype_from[32];   /* blas_info().coretype_from after the run */
} Job;

static int open_and_run(lua_State *L) {
  Job *job = lua_touserdata(L, 1);
  open_luatensor_static(L, job->lua_dir);
  if (luaL_loadfile(L, job->script) != LUA_OK) return lua_error(L);
  lua_call(L, 0, 1);
  return 1;
}

/* a host thread that only waits (for the lock main holds) */
static void *idle_thread(void *lock) {
  pthread_mutex_lock(lock);
  pthread_mutex_unlock(lock);
  return NULL;
}

static void *run_job(void *arg) {
  Job *job = arg;
  if (job->start != NULL) pthread_barrier_wait(job->start);
  lua_State *L = luaL_newstate();
  if (L == NULL) {
    snprintf(job->error, sizeof job->error, "luaL_newstate failed");
    return NULL;
  }
  luaL_openlibs(L);
  lua_pushcfunction(L, open_and_run);
  lua_pushlightuserdata(L, job);
  if (lua_pcall(L, 1, 1, 0) != LUA_OK)
    snprintf(job->error, sizeof job->error, "%s", lua_tostring(L, -1));
  else if (lua_type(L, -1) != LUA_TSTRING)
    snprintf(job->error, sizeof job->error, "the script returned no string");
  else
    job->result = strdup(lua_tostring(L, -1));
  if (luaL_dostring(L, "return require('luatensor').blas_info().coretype_from") == LUA_OK)
    snprintf(job->coretype_from, sizeof job->coretype_from, "%s", lua_tostring(L, -1));
  lua_close(L);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 3 || argc > 5) {
    fprintf(stderr, "usage: %s LUA_DIR SCRIPT [NTHREADS [ROUNDS]]\n", argv[0]);
    return 2;
  }
  int nthreads = argc > 3 ? atoi(argv[3]) : 2, rounds = argc > 4 ? atoi(argv[4]) : 2;
  if (nthreads < 1 || nthreads > MAX_THREADS || rounds < 1) {
    fprintf(stderr, "threads: NTHREADS in 1..%d, ROUNDS >= 1\n", MAX_THREADS);
    return 2;
  }

  /* the run alone, on this thread, while another host thread merely exists */
  const char *user_coretype = getenv("OPENBLAS_CORETYPE");
  pthread_mutex_t idle_lock = PTHREAD_MUTEX_INITIALIZER;
  pthread_t idle;
  pthread_mutex_lock(&idle_lock);
  if (pthread_create(&idle, NULL, idle_thread, &idle_lock) != 0) return 1;
  Job reference = {argv[1], argv[2], NULL, NULL, "", ""};
  run_job(&reference);
  pthread_mutex_unlock(&idle_lock);
  pthread_join(idle, NULL);
  if (reference.result == NULL) {
    fprintf(stderr, "threads: the reference run failed: %s\n", reference.error);
    return 1;
  }
  const char *from_expected = user_coretype != NULL ? "environment" : "openblas";
  const char *now = getenv("OPENBLAS_CORETYPE");
  if (strcmp(reference.coretype_from, from_expected) != 0 ||
      (user_coretype == NULL) != (now == NULL)) {
    printf("threads: with a host thread running, OpenBLAS was loaded with coretype_from '%s' "
           "(expected '%s') and OPENBLAS_CORETYPE is now %s\n", reference.coretype_from,
           from_expected, now ? now : "unset");
    return 1;
  }
  printf("threads: OpenBLAS loaded beside a host thread: coretype_from %s, environment untouched\n",
         reference.coretype_from);

  int failures = 0;
  for (int round = 1; round <= rounds; round++) {
    Job jobs[MAX_THREADS];
    pthread_t tids[MAX_THREADS];
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, (unsigned)nthreads);
    for (int i = 0; i < nthreads; i++) {
      jobs[i] = (Job){argv[1], argv[2], &start, NULL, "", ""};
      if (pthread_create(&tids[i], NULL, run_job, &jobs[i]) != 0) {
        fprintf(stderr, "threads: pthread_create failed\n");
        return 1;
      }
    }
    for (int i = 0; i < nthreads; i++) pthread_join(tids[i], NULL);
    pthread_barrier_destroy(&start);
    for (int i = 0; i < nthreads; i++) {
      if (jobs[i].result == NULL) {
        printf("threads: round %d, state %d failed: %s\n", round, i + 1, jobs[i].error);
        failures++;
      } else if (strcmp(jobs[i].result, reference.result) != 0) {
        printf("threads: round %d, state %d: results differ from the run alone\n", round, i + 1);
        failures++;
      }
      free(jobs[i].result);
    }
  }
  printf("threads: %d rounds of %d states in %d threads at once: %s (fingerprint of %zu bytes)\n",
         rounds, nthreads, nthreads, failures ? "FAILED" : "identical to the run alone",
         strlen(reference.result));
  free(reference.result);
  if (failures == 0) printf("ok\n");
  return failures ? 1 : 0;
}
