/*
** storage.c: refcounted buffers. Owned ones come from the context's allocator; external ones
** wrap a host's memory and call its release callback when the last view goes.
*/
#include <stdlib.h>

#include "lt_alloc.h"

static lt_Status new_header(lt_Context *ctx, lt_Storage **out) {
  lt_Storage *s = malloc(sizeof *s);
  if (s == NULL) return lt_nomem(ctx, sizeof *s);
  atomic_init(&s->refs, 1);
  atomic_init(&s->version, 0);
  s->data = NULL;
  s->nbytes = 0;
  s->alloc = NULL;
  s->release = NULL;
  s->release_ud = NULL;
  s->embedded = false;
  *out = s;
  return LT_OK;
}

lt_Status lt_storage_new(lt_Context *ctx, size_t nbytes, lt_Storage **out) {
  lt_Storage *s;
  if (new_header(ctx, &s) != LT_OK) return LT_ENOMEM;
  s->data = lt_buffer_alloc(ctx->alloc, nbytes);
  if (s->data == NULL) {
    free(s);
    return lt_nomem(ctx, nbytes);
  }
  s->nbytes = nbytes;
  s->alloc = ctx->alloc;
  lt_allocator_retain(ctx->alloc);
  ctx->gc_pending += nbytes;
  *out = s;
  return LT_OK;
}

lt_Status lt_storage_external(lt_Context *ctx, void *data, size_t nbytes, lt_ReleaseFn release,
                              void *release_ud, lt_Storage **out) {
  lt_Storage *s;
  if (new_header(ctx, &s) != LT_OK) return LT_ENOMEM;
  s->data = data;
  s->nbytes = nbytes;
  s->release = release;
  s->release_ud = release_ud;
  *out = s;
  return LT_OK;
}

void lt_storage_retain(lt_Storage *s) { atomic_fetch_add_explicit(&s->refs, 1, memory_order_relaxed); }

void lt_storage_release(lt_Storage *s) {
  if (s == NULL || atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel) != 1) return;
  if (s->embedded) {
    s->release(s->release_ud, s->data); /* frees the header with the block */
    return;
  }
  if (s->alloc != NULL) {
    lt_buffer_free(s->alloc, s->data, s->nbytes);
    lt_allocator_release(s->alloc);
  } else if (s->release != NULL) {
    s->release(s->release_ud, s->data);
  }
  free(s);
}
