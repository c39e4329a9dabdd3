/*
** lt_threads.h: the per-state worker pool that splits large element-wise and reduction work
** over the cores. Workers sleep when idle (after a short spin), so they never starve
** OpenBLAS's own threads or another state's pool.
*/
#ifndef LT_THREADS_H
#define LT_THREADS_H

#include <stdint.h>

typedef struct lt_Pool lt_Pool;

/* Work on the index range [begin, end). */
typedef void (*lt_RangeFn)(void *arg, int64_t begin, int64_t end);

/* A pool that runs work on nthreads threads in all: the caller plus nthreads - 1 workers.
   NULL when out of memory or when threads cannot be started. */
lt_Pool *lt_pool_new(int nthreads);
void lt_pool_free(lt_Pool *pool); /* joins the workers; NULL is fine */
int lt_pool_threads(const lt_Pool *pool); /* 1 for a NULL pool */

/* Calls fn over [0, n) split into k = min(threads, ceil(n / grain)) contiguous ranges of near
   equal size (so none is shorter than grain / 2, and n <= grain runs inline on the caller with no
   synchronization at all). Range 0 runs on the caller. Returns when every range is done.
   Contract: fn must return normally (no longjmp, so no Lua errors inside kernels) and must not
   call lt_parallel_for on the same pool; the pool must not be freed meanwhile, and does not work
   in a fork()ed child. pool may be NULL (everything inline). */
void lt_parallel_for(lt_Pool *pool, int64_t n, int64_t grain, lt_RangeFn fn, void *arg);

/* The number of CPUs this process may run on (sched_getaffinity), at least 1. */
int lt_cpu_count(void);

#endif
