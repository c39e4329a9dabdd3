/*
** context.c: the per-state context (allocator, random generator, defaults, error message).
*/
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "lt_alloc.h"
#include "lt_blas.h"
#include "lt_threads.h"

lt_Status lt_context_init(lt_Context *ctx) {
  ctx->err[0] = '\0';
  ctx->default_dtype = LT_FLOAT32;
  ctx->gc_pending = 0;
  ctx->blas = NULL;
  ctx->blas_threads = 0;
  ctx->tapes = NULL;
  ctx->no_record = 0;
  ctx->tape_depth = 0;
  ctx->next_grad_id = 0;
  ctx->spare_entries = NULL;
  ctx->spare_entries_cap = 0;
  lt_rng_seed(&ctx->rng, LT_DEFAULT_SEED);
  ctx->pool = lt_pool_new(lt_cpu_count()); /* NULL is fine: everything runs inline */
  ctx->alloc = lt_allocator_new();
  return ctx->alloc != NULL ? LT_OK : lt_nomem(ctx, sizeof(lt_Allocator *));
}

void lt_context_close(lt_Context *ctx) {
  lt_blas_close(ctx);
  free(ctx->spare_entries); /* tapes still alive after this free their own arrays */
  ctx->spare_entries = NULL;
  lt_pool_free(ctx->pool);
  ctx->pool = NULL;
  lt_allocator_release(ctx->alloc); /* storages still alive keep it until they go */
  ctx->alloc = NULL;
}

lt_Status lt_error(lt_Context *ctx, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(ctx->err, sizeof ctx->err, fmt, ap);
  va_end(ap);
  return LT_ERR;
}

lt_Status lt_nomem(lt_Context *ctx, size_t nbytes) {
  snprintf(ctx->err, sizeof ctx->err, "not enough memory (failed to allocate %zu bytes)", nbytes);
  return LT_ENOMEM;
}

const char *lt_shape_str(char *buf, size_t bufsize, int ndim, const int64_t *size) {
  size_t n = 0;
  n += (size_t)snprintf(buf + n, bufsize - n, "(");
  for (int i = 0; i < ndim && n < bufsize; i++)
    n += (size_t)snprintf(buf + n, bufsize - n, i ? ", %" PRId64 : "%" PRId64, size[i]);
  if (n < bufsize) snprintf(buf + n, bufsize - n, ")");
  return buf;
}
