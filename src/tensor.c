/*
** tensor.c: tensor headers, their lifetime, and creation of fresh tensors.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lt_core.h"
#include "lt_tape.h"

void lt_tensor_retain(lt_Tensor *t) { atomic_fetch_add_explicit(&t->refs, 1, memory_order_relaxed); }

void lt_tensor_release(lt_Tensor *t) {
  if (t == NULL || atomic_fetch_sub_explicit(&t->refs, 1, memory_order_acq_rel) != 1) return;
  bool embedded = t->embedded;
  lt_storage_release(t->storage); /* frees t too when it is embedded and this was the last use */
  if (!embedded) free(t);
}

/* Does every element of the layout lie inside the storage? */
static bool fits_storage(const lt_Storage *s, lt_DType dt, int64_t offset, int ndim,
                         const int64_t *size, const int64_t *stride) {
  int64_t lo = offset, hi = offset, reach, bytes;
  for (int i = 0; i < ndim; i++)
    if (size[i] == 0) return true; /* no element: the strides (which may have wrapped) are never used */
  for (int i = 0; i < ndim; i++) { /* checked: a layout whose reach overflows cannot fit */
    if (__builtin_mul_overflow(size[i] - 1, stride[i], &reach) ||
        __builtin_add_overflow(reach < 0 ? lo : hi, reach, reach < 0 ? &lo : &hi))
      return false;
  }
  return lo >= 0 && !__builtin_add_overflow(hi, 1, &hi) &&
         !__builtin_mul_overflow(hi, (int64_t)lt_dtype_size(dt), &bytes) && (uint64_t)bytes <= s->nbytes;
}

lt_Status lt_tensor_over(lt_Context *ctx, lt_Storage *s, lt_DType dt, int64_t offset, int ndim,
                         const int64_t *size, const int64_t *stride, lt_Tensor **out) {
  int64_t numel;
  lt_Status st = lt_check_shape(ctx, ndim, size, &numel);
  if (st != LT_OK) return st;
  if (!fits_storage(s, dt, offset, ndim, size, stride))
    return lt_error(ctx, "the view reaches outside its storage");
  lt_Tensor *t = malloc(sizeof *t);
  if (t == NULL) return lt_nomem(ctx, sizeof *t);
  atomic_init(&t->refs, 1);
  t->dtype = dt;
  t->ndim = ndim;
  t->offset = offset;
  for (int i = 0; i < LT_MAX_DIMS; i++) {
    t->size[i] = i < ndim ? size[i] : 1;
    t->stride[i] = i < ndim ? stride[i] : 0;
  }
  t->storage = s;
  t->embedded = false;
  t->requires_grad = false;
  t->grad_id = 0;
  lt_storage_retain(s);
  *out = t;
  return LT_OK;
}

lt_Status lt_alias(lt_Context *ctx, const lt_Tensor *t, lt_Tensor **out) {
  return lt_tensor_over(ctx, t->storage, t->dtype, t->offset, t->ndim, t->size, t->stride, out);
}

/* One allocation holds the header, the storage and the data of a small tensor: a fresh small
   result then costs one malloc instead of three, which is most of a small op's time. */
#define SMALL_BYTES 256
typedef struct {
  lt_Tensor tensor;
  lt_Storage storage;
  char data[]; /* the data starts at the first 64-byte boundary in here */
} SmallBlock;

static void free_small_block(void *block, void *data) {
  (void)data;
  free(block);
}

static lt_Status empty_small(lt_Context *ctx, lt_DType dt, int ndim, const int64_t *size,
                             size_t nbytes, lt_Tensor **out) {
  SmallBlock *b = malloc(sizeof *b + 63 + nbytes);
  if (b == NULL) return lt_nomem(ctx, sizeof *b + nbytes);
  lt_Storage *s = &b->storage;
  atomic_init(&s->refs, 1); /* the tensor's reference */
  atomic_init(&s->version, 0);
  s->data = (void *)(((uintptr_t)b->data + 63) & ~(uintptr_t)63);
  s->nbytes = nbytes;
  s->alloc = NULL;
  s->release = free_small_block;
  s->release_ud = b;
  s->embedded = true;
  lt_Tensor *t = &b->tensor;
  atomic_init(&t->refs, 1);
  t->dtype = dt;
  t->ndim = ndim;
  t->offset = 0;
  for (int i = 0; i < LT_MAX_DIMS; i++) t->size[i] = i < ndim ? size[i] : 1;
  lt_contiguous_strides(ndim, t->size, t->stride);
  for (int i = ndim; i < LT_MAX_DIMS; i++) t->stride[i] = 0;
  t->storage = s;
  t->embedded = true;
  t->requires_grad = false;
  t->grad_id = 0;
  ctx->gc_pending += nbytes + 64; /* the header is like a Lua object's: Lua's own pace covers it */
  *out = t;
  return LT_OK;
}

/* a contiguous tensor of a shape already checked to have numel elements */
static lt_Status alloc_contiguous(lt_Context *ctx, lt_DType dt, int ndim, const int64_t *size,
                                  int64_t numel, lt_Tensor **out) {
  int64_t stride[LT_MAX_DIMS];
  lt_Storage *s;
  lt_Status st;
  size_t es = lt_dtype_size(dt);
  if ((uint64_t)numel > SIZE_MAX / es) {
    char buf[LT_SHAPE_STR_SIZE];
    return lt_error(ctx, "shape %s has too many elements", lt_shape_str(buf, sizeof buf, ndim, size));
  }
  if ((size_t)numel * es <= SMALL_BYTES) return empty_small(ctx, dt, ndim, size, (size_t)numel * es, out);
  if ((st = lt_storage_new(ctx, (size_t)numel * es, &s)) != LT_OK) return st;
  lt_contiguous_strides(ndim, size, stride);
  st = lt_tensor_over(ctx, s, dt, 0, ndim, size, stride, out);
  lt_storage_release(s); /* the tensor holds it now (or nobody does) */
  return st;
}

lt_Status lt_empty(lt_Context *ctx, lt_DType dt, int ndim, const int64_t *size, lt_Tensor **out) {
  int64_t numel;
  lt_Status st = lt_check_shape(ctx, ndim, size, &numel);
  return st != LT_OK ? st : alloc_contiguous(ctx, dt, ndim, size, numel, out);
}

lt_Status lt_full(lt_Context *ctx, lt_DType dt, int ndim, const int64_t *size, lt_Scalar value,
                  lt_Tensor **out) {
  lt_Status st = lt_empty(ctx, dt, ndim, size, out);
  if (st == LT_OK) lt_fill(ctx, *out, value);
  return st;
}

lt_Status lt_empty_like(lt_Context *ctx, const lt_Tensor *t, lt_DType dt, lt_Tensor **out) {
  return alloc_contiguous(ctx, dt, t->ndim, t->size, lt_numel(t), out); /* t's shape is valid */
}

/* clone and to(): the gradient passes through unchanged (the tape converts its dtype back) */
static lt_Status pass_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                               lt_Tensor **grads) {
  (void)ctx, (void)e, (void)needs;
  lt_tensor_retain((lt_Tensor *)grad);
  grads[0] = (lt_Tensor *)grad;
  return LT_OK;
}

static const lt_GradFn clone_fn = {"clone", pass_backward, 0}, to_fn = {"to", pass_backward, 0};

/* a copy of t in dtype dt, recorded as fn */
static lt_Status converted(lt_Context *ctx, const lt_Tensor *t, lt_DType dt, const lt_GradFn *fn, lt_Tensor **out) {
  *out = NULL; /* a failed allocation leaves *out unset, and callers may pass an uninitialized one */
  lt_Status st = lt_empty_like(ctx, t, dt, out);
  if (st == LT_OK) st = lt_copy(ctx, *out, t);
  if (st == LT_OK && lt_recording(ctx)) st = lt_record(ctx, fn, 1, &t, *out, NULL);
  if (st != LT_OK) {
    lt_tensor_release(*out);
    *out = NULL;
  }
  return st;
}

lt_Status lt_clone(lt_Context *ctx, const lt_Tensor *t, lt_Tensor **out) {
  return converted(ctx, t, t->dtype, &clone_fn, out);
}

lt_Status lt_contiguous(lt_Context *ctx, lt_Tensor *t, lt_Tensor **out) {
  if (!lt_is_contiguous(t)) return lt_clone(ctx, t, out);
  lt_tensor_retain(t);
  *out = t;
  return LT_OK;
}

lt_Status lt_to_dtype(lt_Context *ctx, lt_Tensor *t, lt_DType dt, lt_Tensor **out) {
  if (t->dtype == dt) {
    lt_tensor_retain(t);
    *out = t;
    return LT_OK;
  }
  return converted(ctx, t, dt, &to_fn, out);
}

/* Number of elements of start, start+step, ... strictly before end. */
static lt_Status arange_count(lt_Context *ctx, lt_Scalar start, lt_Scalar end, lt_Scalar step,
                              int64_t *count) {
  double n;
  if (lt_scalar_as_double(step) == 0) return lt_error(ctx, "step must be nonzero");
  if (start.is_int && end.is_int && step.is_int) {
    /* exact: the span may not fit an int64, so count in a wider type */
    __int128 span = (__int128)end.v.i - start.v.i, s = step.v.i;
    __int128 c = span / s + (span % s != 0);
    n = c < 0 ? -1.0 : (double)c;
  } else {
    double a = lt_scalar_as_double(start), b = lt_scalar_as_double(end);
    n = ceil((b - a) / lt_scalar_as_double(step));
    if (!isfinite(a) || !isfinite(b) || isnan(n)) return lt_error(ctx, "bounds must be finite");
  }
  if (n < 0) return lt_error(ctx, "upper bound and lower bound are inconsistent with the step sign");
  if (n > 9.0e18) return lt_error(ctx, "too many elements (%g)", n);
  *count = (int64_t)n;
  return LT_OK;
}

lt_Status lt_arange(lt_Context *ctx, lt_DType dt, lt_Scalar start, lt_Scalar end, lt_Scalar step,
                    lt_Tensor **out) {
  int64_t n;
  lt_Status st = arange_count(ctx, start, end, step, &n);
  if (st != LT_OK || (st = lt_empty(ctx, dt, 1, &n, out)) != LT_OK) return st;
  size_t es = lt_dtype_size(dt);
  char *p = lt_data(*out);
  bool exact = start.is_int && step.is_int;
  for (int64_t i = 0; i < n; i++, p += es)
    /* unsigned: the sum is in range even where the product alone is not */
    lt_write_scalar(dt, p, exact ? lt_scalar_int((int64_t)((uint64_t)start.v.i +
                                                           (uint64_t)i * (uint64_t)step.v.i))
                                 : lt_scalar_float(lt_scalar_as_double(start) +
                                                   (double)i * lt_scalar_as_double(step)));
  return LT_OK;
}

lt_Status lt_linspace(lt_Context *ctx, lt_DType dt, double start, double end, int64_t steps,
                      lt_Tensor **out) {
  if (steps < 0) return lt_error(ctx, "number of steps must be non-negative (got %lld)", (long long)steps);
  if (!isfinite(start) || !isfinite(end)) return lt_error(ctx, "bounds must be finite (got %g, %g)", start, end);
  lt_Status st = lt_empty(ctx, dt, 1, &steps, out);
  if (st != LT_OK) return st;
  size_t es = lt_dtype_size(dt);
  char *p = lt_data(*out);
  double step = steps > 1 ? (end - start) / (double)(steps - 1) : 0;
  /* fill from both ends so that the last value is exactly end */
  for (int64_t i = 0; i < steps; i++, p += es)
    lt_write_scalar(dt, p, lt_scalar_float(i < (steps + 1) / 2 ? start + step * (double)i
                                                         : end - step * (double)(steps - 1 - i)));
  return LT_OK;
}

lt_Status lt_eye(lt_Context *ctx, lt_DType dt, int64_t n, int64_t m, lt_Tensor **out) {
  int64_t size[2] = {n, m};
  lt_Status st = lt_full(ctx, dt, 2, size, lt_scalar_int(0), out);
  if (st != LT_OK) return st;
  size_t es = lt_dtype_size(dt);
  for (int64_t i = 0; i < n && i < m; i++)
    lt_write_scalar(dt, lt_data(*out) + (size_t)(i * m + i) * es, lt_scalar_int(1));
  return LT_OK;
}
