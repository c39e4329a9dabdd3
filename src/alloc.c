/*
** alloc.c: 64-byte aligned tensor buffers, with a small cache of freed large buffers.
**
** Why a cache: a fresh large buffer costs a page fault per 4 KiB on first touch (the kernel
** zeroes each page), which halves the speed of an element-wise op that allocates its output.
** Reusing a freed buffer of the same size class avoids that. The allocator is refcounted and
** shared by its context and every storage it made, because storages may outlive the Lua state
** (a host can keep a tensor), and it is locked because a host may release one from any thread.
*/
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lt_alloc.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define ALIGNMENT 64
#define CACHE_MIN_BYTES ((size_t)64 << 10)   /* smaller buffers: malloc is fast enough */
#define CACHE_ENTRIES 16
#define CACHE_MAX_BYTES ((size_t)512 << 20) /* never hold more than this much idle memory */

struct lt_Allocator {
  atomic_long refs;
  atomic_size_t live_bytes; /* handed out and not yet freed */
  size_t max_bytes;         /* no single buffer larger than the machine's memory */
  pthread_mutex_t lock;
  size_t cached_bytes;
  int ncached;
  struct {
    void *ptr;
    size_t size;
  } cache[CACHE_ENTRIES];
};

/* Large buffers are rounded to whole pages so that near sizes share a class. */
static size_t size_class(size_t nbytes) {
  if (nbytes < CACHE_MIN_BYTES) return (nbytes + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1);
  return (nbytes + 4095) & ~(size_t)4095;
}

lt_Allocator *lt_allocator_new(void) {
  lt_Allocator *a = calloc(1, sizeof *a);
  if (a == NULL) return NULL;
  atomic_init(&a->refs, 1);
  atomic_init(&a->live_bytes, 0);
  /* where the kernel overcommits, a huge allocation would "succeed" and the first touch would
     get the process killed: refuse what cannot possibly fit instead */
  long pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGESIZE);
  a->max_bytes = pages > 0 && page_size > 0 ? (size_t)pages * (size_t)page_size : SIZE_MAX;
  if (pthread_mutex_init(&a->lock, NULL) != 0) {
    free(a);
    return NULL;
  }
  return a;
}

void lt_allocator_retain(lt_Allocator *a) { atomic_fetch_add(&a->refs, 1); }

static void drop_cache(lt_Allocator *a) {
  for (int i = 0; i < a->ncached; i++) {
    UNPOISON(a->cache[i].ptr, a->cache[i].size);
    free(a->cache[i].ptr);
  }
  a->ncached = 0;
  a->cached_bytes = 0;
}

void lt_allocator_release(lt_Allocator *a) {
  if (a == NULL || atomic_fetch_sub(&a->refs, 1) != 1) return;
  drop_cache(a);
  pthread_mutex_destroy(&a->lock);
  free(a);
}

void *lt_buffer_alloc(lt_Allocator *a, size_t nbytes) {
  size_t cls = size_class(nbytes);
  if (cls < nbytes || cls > a->max_bytes) return NULL; /* rounding overflowed, or cannot fit */
  if (cls >= CACHE_MIN_BYTES) {
    void *hit = NULL;
    pthread_mutex_lock(&a->lock);
    for (int i = a->ncached - 1; i >= 0; i--) {
      if (a->cache[i].size == cls) {
        hit = a->cache[i].ptr;
        a->cached_bytes -= cls;
        a->cache[i] = a->cache[--a->ncached];
        break;
      }
    }
    pthread_mutex_unlock(&a->lock);
    if (hit != NULL) {
      UNPOISON(hit, cls);
      atomic_fetch_add(&a->live_bytes, cls);
      return hit;
    }
  }
  void *p = aligned_alloc(ALIGNMENT, cls == 0 ? ALIGNMENT : cls);
  if (p != NULL) atomic_fetch_add(&a->live_bytes, cls);
  return p;
}

void lt_buffer_free(lt_Allocator *a, void *ptr, size_t nbytes) {
  size_t cls = size_class(nbytes);
  if (ptr == NULL) return;
  atomic_fetch_sub(&a->live_bytes, cls);
  if (cls >= CACHE_MIN_BYTES && cls <= CACHE_MAX_BYTES) {
    pthread_mutex_lock(&a->lock);
    /* make room: evict the oldest entries until this one fits */
    while (a->ncached > 0 &&
           (a->ncached == CACHE_ENTRIES || a->cached_bytes + cls > CACHE_MAX_BYTES)) {
      void *old = a->cache[0].ptr;
      a->cached_bytes -= a->cache[0].size;
      UNPOISON(old, a->cache[0].size);
      memmove(&a->cache[0], &a->cache[1], (size_t)(a->ncached - 1) * sizeof a->cache[0]);
      a->ncached--;
      free(old);
    }
    a->cache[a->ncached].ptr = ptr;
    a->cache[a->ncached].size = cls;
    a->ncached++;
    a->cached_bytes += cls;
    POISON(ptr, cls);
    pthread_mutex_unlock(&a->lock);
    return;
  }
  free(ptr);
}

void lt_allocator_trim(lt_Allocator *a) {
  pthread_mutex_lock(&a->lock);
  drop_cache(a);
  pthread_mutex_unlock(&a->lock);
}

void lt_allocator_stats(lt_Allocator *a, size_t *live, size_t *cached) {
  pthread_mutex_lock(&a->lock);
  *cached = a->cached_bytes;
  pthread_mutex_unlock(&a->lock);
  *live = atomic_load(&a->live_bytes);
}
