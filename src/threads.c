/*
** threads.c: the per-state worker pool of lt_threads.h.
**
** Design. Each worker owns one cache line (Worker) holding its futex word `gen` and its whole
** job (fn, arg, range). The caller fills the line and bumps `gen` to hand it the job; the
** worker adds 1 to the pool's `done` counter when finished, and the caller waits until `done`
** reaches `target` (the count of jobs ever handed out). So a round trip moves the worker's
** line there and the `done` line back, the floor of a cross-core handoff; a job wakes only the
** workers it needs; and the caller never rewrites a line while a worker still reads it. Ordering: the job is
** published by the release of the `gen` bump; the caller's acquire load that sees `done` ==
** `target` makes every worker's writes visible (each fetch_add heads a release sequence).
**
** Waiting spins for SPIN_NS (back-to-back ops of 50-500 us re-use a warm worker without a
** syscall), then sleeps on the futex, so an idle pool uses no CPU and leaves the cores to
** OpenBLAS and to other states' pools. A sleeper first raises its `sleeping` flag and then
** re-checks the word; the waker changes the word and then reads the flag. Both sides use
** seq_cst, so at least one of them sees the other (no lost wakeup), and FUTEX_WAIT itself
** re-checks the word in the kernel.
*/
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#endif
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "lt_threads.h"

#define SPIN_NS 50000 /* 50 us: longer than the gap between back-to-back ops, short when idle */
#define CACHE_LINE 64

typedef struct Worker {
  _Alignas(CACHE_LINE) atomic_uint gen; /* bumped by the caller: a new job (or stop) */
  atomic_uint sleeping;                 /* 1 while the worker may be in FUTEX_WAIT */
  unsigned target;                      /* pool->done when this job is the last to finish */
  lt_RangeFn fn;                        /* NULL: stop */
  void *arg;
  int64_t begin, end;
  lt_Pool *pool;
  pthread_t thread;
} Worker;
_Static_assert(sizeof(Worker) == CACHE_LINE, "a worker's job moves as one cache line");

struct lt_Pool {
  int nthreads;
  unsigned target; /* caller only: jobs handed out so far (wraps; compared for equality) */
  /* Written by workers: its own cache line, away from what the caller writes per job. */
  _Alignas(CACHE_LINE) atomic_uint done; /* jobs finished so far */
  atomic_uint caller_sleeping;
  Worker workers[]; /* nthreads - 1 */
};

static void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause(); /* eases the pipeline and the sibling hyperthread while spinning */
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void futex_wait(atomic_uint *word, unsigned old) {
  /* Returns at once if *word != old; EINTR and spurious wakeups are handled by the caller's loop. */
  syscall(SYS_futex, (unsigned *)word, FUTEX_WAIT_PRIVATE, old, NULL, NULL, 0);
}

static void futex_wake(atomic_uint *word) {
  syscall(SYS_futex, (unsigned *)word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0); /* one waiter per word */
}

/* Returns once *word != old: spins up to SPIN_NS, then sleeps until woken. */
static void await_change(atomic_uint *word, unsigned old, atomic_uint *sleeping) {
  if (atomic_load_explicit(word, memory_order_acquire) != old) return;
  int64_t start = now_ns();
  for (unsigned i = 1;; i++) {
    cpu_relax();
    if (atomic_load_explicit(word, memory_order_acquire) != old) return;
    if ((i & 63) == 0 && now_ns() - start > SPIN_NS) break; /* reading the clock costs ~20 ns */
  }
  atomic_store(sleeping, 1);
  while (atomic_load(word) == old) futex_wait(word, old);
  atomic_store(sleeping, 0);
}

/* [begin, end) of range i of k over [0, n): sizes differ by at most 1. */
static void range_of(int64_t n, int64_t k, int64_t i, int64_t *begin, int64_t *end) {
  int64_t base = n / k, rem = n % k;
  *begin = base * i + (i < rem ? i : rem);
  *end = *begin + base + (i < rem);
}

static void *worker_main(void *p) {
  Worker *w = p;
  lt_Pool *pool = w->pool;
  for (unsigned seen = 0;; seen++) { /* the caller bumps gen once per job, then waits for it */
    await_change(&w->gen, seen, &w->sleeping);
    if (w->fn == NULL) return NULL;
    unsigned target = w->target;
    w->fn(w->arg, w->begin, w->end);
    /* seq_cst RMW then seq_cst load of the flag: pairs with the caller's sleep in await_change. */
    if (atomic_fetch_add(&pool->done, 1) + 1 == target && atomic_load(&pool->caller_sleeping))
      futex_wake(&pool->done);
  }
}

/* Hands the job written in w to its worker: bump the word, wake the worker if asleep. */
static void post(Worker *w) {
  atomic_fetch_add(&w->gen, 1);
  if (atomic_load(&w->sleeping)) futex_wake(&w->gen);
}

/* Stops and joins the first `started` workers, then frees the pool. */
static void pool_shutdown(lt_Pool *pool, int started) {
  for (int i = 0; i < started; i++) {
    pool->workers[i].fn = NULL;
    post(&pool->workers[i]);
  }
  for (int i = 0; i < started; i++) pthread_join(pool->workers[i].thread, NULL);
  free(pool);
}

lt_Pool *lt_pool_new(int nthreads) {
  if (nthreads < 1) nthreads = 1;
  size_t size = sizeof(lt_Pool) + (size_t)(nthreads - 1) * sizeof(Worker);
  size = (size + CACHE_LINE - 1) / CACHE_LINE * CACHE_LINE; /* aligned_alloc wants a multiple */
  lt_Pool *pool = aligned_alloc(CACHE_LINE, size);
  if (pool == NULL) return NULL;
  pool->nthreads = nthreads;
  pool->target = 0;
  atomic_init(&pool->done, 0);
  atomic_init(&pool->caller_sleeping, 0);
  /* Workers block every signal, so that signals (SIGINT in lua.c) reach the Lua thread. */
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  int started = 0;
  for (; started < nthreads - 1; started++) {
    Worker *w = &pool->workers[started];
    atomic_init(&w->gen, 0);
    atomic_init(&w->sleeping, 0);
    w->pool = pool;
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0) break;
  }
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (started < nthreads - 1) {
    pool_shutdown(pool, started);
    return NULL;
  }
  return pool;
}

/* The pool must not be running lt_parallel_for; any thread may free it. */
void lt_pool_free(lt_Pool *pool) {
  if (pool != NULL) pool_shutdown(pool, pool->nthreads - 1);
}

int lt_pool_threads(const lt_Pool *pool) { return pool != NULL ? pool->nthreads : 1; }

void lt_parallel_for(lt_Pool *pool, int64_t n, int64_t grain, lt_RangeFn fn, void *arg) {
  if (n <= 0) return;
  if (grain < 1) grain = 1;
  /* ceil(n / grain) ranges, at most one per thread: n <= grain runs inline, and no range is
     shorter than grain / 2. */
  int64_t k = (n - 1) / grain + 1;
  if (pool == NULL || k <= 1 || pool->nthreads == 1) {
    fn(arg, 0, n); /* the hot path for small tensors: no atomics, no shared writes */
    return;
  }
  if (k > pool->nthreads) k = pool->nthreads;
  unsigned target = pool->target += (unsigned)k - 1;
  for (int64_t i = 1; i < k; i++) { /* worker i - 1 runs range i; the rest stay asleep */
    Worker *w = &pool->workers[i - 1];
    w->fn = fn;
    w->arg = arg;
    w->target = target;
    range_of(n, k, i, &w->begin, &w->end);
    post(w); /* its release publishes the fields above */
  }
  int64_t begin, end;
  range_of(n, k, 0, &begin, &end);
  fn(arg, begin, end);
  for (unsigned d; (d = atomic_load_explicit(&pool->done, memory_order_acquire)) != target;)
    await_change(&pool->done, d, &pool->caller_sleeping);
}

int lt_cpu_count(void) {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    int c = CPU_COUNT(&set);
    if (c > 0) return c;
  }
  long c = sysconf(_SC_NPROCESSORS_ONLN); /* more CPUs than a cpu_set_t holds */
  return c > 0 ? (c < INT_MAX ? (int)c : INT_MAX) : 1;
}
