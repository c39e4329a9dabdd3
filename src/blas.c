/*
** blas.c: finds and loads OpenBLAS for a context (see lt_blas.h for why at run time).
**
** Which library: $LUATENSOR_BLAS if set (a path or soname of any CBLAS), else the OpenBLAS already
** in the process if there is one, else libopenblas.so.0, the build's pkg-config libdir, and
** libopenblas.so. Which kernels: $OPENBLAS_CORETYPE if the user set it; otherwise SkylakeX on
** CPUs with AVX-512 (F, BW, DQ, VL), Haswell on CPUs with AVX2 and FMA, else OpenBLAS's own
** choice. The variable is set only around the dlopen() that runs OpenBLAS's constructor and then
** removed, so scripts and child processes see the environment the user gave; and only while the
** process has no threads but the caller and this state's pool workers (which never read the
** environment): setenv() races with getenv() in any other thread (POSIX; glibc may free the old
** environment array under a reader), and a host may run threads of its own.
** With several threads the environment is left alone and OpenBLAS chooses (blas_info() says so):
** a threaded host gets our choice by loading the BLAS (lt.blas_info()) before starting threads,
** or by setting OPENBLAS_CORETYPE itself.
*/
#include <dirent.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt_blas.h"
#include "lt_threads.h"

#define CORETYPE_VAR "OPENBLAS_CORETYPE"

static const char *coretype_for_cpu(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl"))
    return "SkylakeX";
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
#endif
  return NULL;
}

/* true when the process runs exactly `ours` threads (the caller and its pool's workers), so that
   no other thread can be reading the environment while we change it; false when unknown */
static bool only_our_threads(int ours) {
  DIR *d = opendir("/proc/self/task");
  if (d == NULL) return false;
  int threads = 0;
  for (struct dirent *e; threads <= ours && (e = readdir(d)) != NULL;) threads += e->d_name[0] != '.';
  closedir(d);
  return threads == ours;
}

static void *open_library(const char *name, lt_Blas *b) {
  void *h = dlopen(name, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
  if (h != NULL) snprintf(b->library, sizeof b->library, "%s", name);
  return h;
}

/* dlopen()s OpenBLAS with our core type unless the user chose one; sets b->coretype_from */
static void *open_openblas(lt_Context *ctx, lt_Blas *b) {
  static const char *const names[] = {"libopenblas.so.0",
#ifdef LT_OPENBLAS_LIBDIR
                                      LT_OPENBLAS_LIBDIR "/libopenblas.so",
#endif
                                      "libopenblas.so"};
  bool user_set = getenv(CORETYPE_VAR) != NULL;
  void *h = NULL;
  b->coretype_from = user_set ? LT_CORETYPE_ENVIRONMENT : LT_CORETYPE_OPENBLAS;
  for (size_t i = 0; h == NULL && i < sizeof names / sizeof names[0]; i++) { /* loaded already? */
    h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE | RTLD_NOLOAD);
    if (h != NULL) snprintf(b->library, sizeof b->library, "%s", names[i]);
  }
  if (h != NULL) return h; /* its constructor ran long ago: whatever it chose stays */
  const char *ours = user_set || !only_our_threads(lt_pool_threads(ctx->pool)) ? NULL : coretype_for_cpu();
  if (ours != NULL && setenv(CORETYPE_VAR, ours, 0) == 0) b->coretype_from = LT_CORETYPE_LUATENSOR;
  for (size_t i = 0; h == NULL && i < sizeof names / sizeof names[0]; i++) h = open_library(names[i], b);
  if (b->coretype_from == LT_CORETYPE_LUATENSOR) unsetenv(CORETYPE_VAR);
  return h;
}

static lt_Status load(lt_Context *ctx, lt_Blas *b) {
  const char *user = getenv("LUATENSOR_BLAS");
  void *h;
  if (user != NULL && *user != '\0') {
    b->coretype_from = getenv(CORETYPE_VAR) != NULL ? LT_CORETYPE_ENVIRONMENT : LT_CORETYPE_OPENBLAS;
    if ((h = open_library(user, b)) == NULL)
      return lt_error(ctx, "cannot load the BLAS named by LUATENSOR_BLAS: %s", dlerror());
  } else if ((h = open_openblas(ctx, b)) == NULL) {
    return lt_error(ctx, "cannot load OpenBLAS (%s); install it with `apt-get install libopenblas0` "
                         "or name a CBLAS library in LUATENSOR_BLAS", dlerror());
  }
  b->handle = h;
  /* POSIX: a function pointer may be converted from dlsym's void * */
  *(void **)&b->sgemm = dlsym(h, "cblas_sgemm");
  *(void **)&b->dgemm = dlsym(h, "cblas_dgemm");
  *(void **)&b->sgemv = dlsym(h, "cblas_sgemv");
  *(void **)&b->dgemv = dlsym(h, "cblas_dgemv");
  *(void **)&b->set_num_threads = dlsym(h, "openblas_set_num_threads");
  *(void **)&b->get_num_threads = dlsym(h, "openblas_get_num_threads");
  *(void **)&b->get_corename = dlsym(h, "openblas_get_corename");
  *(void **)&b->get_config = dlsym(h, "openblas_get_config");
  if (b->sgemm == NULL || b->dgemm == NULL || b->sgemv == NULL || b->dgemv == NULL) {
    dlclose(h);
    return lt_error(ctx, "%s has no cblas_sgemm/dgemm/sgemv/dgemv", b->library);
  }
  return LT_OK;
}

lt_Status lt_blas(lt_Context *ctx, const lt_Blas **out) {
  if (ctx->blas == NULL) {
    lt_Blas *b = calloc(1, sizeof *b);
    if (b == NULL) return lt_nomem(ctx, sizeof *b);
    if (load(ctx, b) != LT_OK) return free(b), LT_ERR;
    ctx->blas = b;
    if (ctx->blas_threads > 0 && b->set_num_threads != NULL) b->set_num_threads(ctx->blas_threads);
  }
  *out = ctx->blas;
  return LT_OK;
}

void lt_blas_set_threads(lt_Context *ctx, int n) {
  ctx->blas_threads = n;
  if (ctx->blas != NULL && ctx->blas->set_num_threads != NULL) ctx->blas->set_num_threads(n);
}

void lt_blas_close(lt_Context *ctx) {
  if (ctx->blas != NULL) {
    dlclose(ctx->blas->handle); /* RTLD_NODELETE: OpenBLAS stays (its threads must not lose their code) */
    free(ctx->blas);
    ctx->blas = NULL;
  }
}
