/*
** shape.c: element counts, contiguity and overlap of strided layouts.
*/
#include <stdlib.h>

#include "lt_core.h"

int64_t lt_numel(const lt_Tensor *t) {
  uint64_t n = 1; /* unsigned: with a zero size the partial products may wrap, the result is 0 */
  for (int i = 0; i < t->ndim; i++) n *= (uint64_t)t->size[i];
  return (int64_t)n;
}

lt_Status lt_check_shape(lt_Context *ctx, int ndim, const int64_t *size, int64_t *numel) {
  int64_t n = 1;
  bool overflow = false;
  if (ndim < 0 || ndim > LT_MAX_DIMS)
    return lt_error(ctx, "tensors have at most %d dimensions (got %d)", LT_MAX_DIMS, ndim);
  for (int i = 0; i < ndim; i++) {
    if (size[i] < 0)
      return lt_error(ctx, "negative size %lld at dimension %d", (long long)size[i], i + 1);
    if (size[i] != 0 && n > INT64_MAX / size[i]) overflow = true;
    else n *= size[i];
  }
  /* a zero-size dim makes the count 0 even when the others would overflow */
  for (int i = 0; i < ndim; i++)
    if (size[i] == 0) {
      *numel = 0;
      return LT_OK;
    }
  if (overflow) {
    char buf[LT_SHAPE_STR_SIZE];
    return lt_error(ctx, "shape %s has too many elements",
                    lt_shape_str(buf, sizeof buf, ndim, size));
  }
  *numel = n;
  return LT_OK;
}

void lt_contiguous_strides(int ndim, const int64_t *size, int64_t *stride) {
  uint64_t s = 1; /* unsigned: may wrap only when another dim is 0 and no stride is ever used */
  for (int i = ndim - 1; i >= 0; i--) {
    stride[i] = (int64_t)s;
    s *= size[i] > 1 ? (uint64_t)size[i] : 1;
  }
}

bool lt_is_contiguous(const lt_Tensor *t) {
  int64_t expected = 1;
  /* any zero-size dim first: the product of the dims after it could overflow, e.g. (0, 2^62, 2^62) */
  for (int i = 0; i < t->ndim; i++)
    if (t->size[i] == 0) return true;
  for (int i = t->ndim - 1; i >= 0; i--) {
    if (t->size[i] == 1) continue; /* the stride of a size-1 dim never matters */
    if (t->stride[i] != expected) return false;
    expected *= t->size[i];
  }
  return true;
}

static int compare_abs_stride(const void *a, const void *b) {
  const int64_t *x = a, *y = b; /* pairs (|stride|, size) */
  return (x[0] > y[0]) - (x[0] < y[0]);
}

/* Sufficient test for non-overlap: sorted by |stride|, each stride clears the extent of the
   dims inside it. Layouts that interleave without overlapping are reported as overlapping,
   which only costs a copy where it matters. */
bool lt_has_internal_overlap(const lt_Tensor *t) {
  int64_t dims[LT_MAX_DIMS][2];
  int n = 0;
  if (lt_is_contiguous(t)) return false; /* the common case, decided fast */
  for (int i = 0; i < t->ndim; i++) {
    if (t->size[i] == 0) return false;
    if (t->size[i] == 1) continue;
    if (t->stride[i] == 0) return true;
    dims[n][0] = llabs(t->stride[i]);
    dims[n][1] = t->size[i];
    n++;
  }
  qsort(dims, (size_t)n, sizeof dims[0], compare_abs_stride);
  int64_t extent = 1; /* elements spanned by the inner dims */
  for (int i = 0; i < n; i++) {
    if (dims[i][0] < extent) return true;
    extent = dims[i][0] * (dims[i][1] - 1) + extent;
  }
  return false;
}

bool lt_same_shape(const lt_Tensor *a, const lt_Tensor *b) {
  if (a->ndim != b->ndim) return false;
  for (int i = 0; i < a->ndim; i++)
    if (a->size[i] != b->size[i]) return false;
  return true;
}

/* Compares the spans of memory the two views touch. */
bool lt_may_overlap(const lt_Tensor *a, const lt_Tensor *b) {
  if (a->storage != b->storage) return false;
  int64_t lo[2], hi[2];
  const lt_Tensor *ts[2] = {a, b};
  for (int k = 0; k < 2; k++) {
    int64_t es = (int64_t)lt_dtype_size(ts[k]->dtype), first = ts[k]->offset * es, last = first;
    for (int i = 0; i < ts[k]->ndim; i++) {
      int64_t reach = (ts[k]->size[i] - 1) * ts[k]->stride[i] * es;
      if (ts[k]->size[i] == 0) return false;
      if (reach < 0) first += reach;
      else last += reach;
    }
    lo[k] = first;
    hi[k] = last + es;
  }
  return lo[0] < hi[1] && lo[1] < hi[0];
}

