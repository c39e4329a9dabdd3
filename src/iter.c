/*
** iter.c: the loop nest behind element-wise kernels. It drops size-1 dims, orders dims so the
** innermost has the smallest stride of operand 0, merges dims that are contiguous for every
** operand, and calls an inner loop over the innermost dim.
*/
#include <stdlib.h>

#include "lt_core.h"

lt_Status lt_broadcast_strides(lt_Context *ctx, const lt_Tensor *t, int ndim, const int64_t *size,
                               int64_t *stride) {
  int lead = ndim - t->ndim;
  if (lead < 0) goto mismatch;
  for (int i = 0; i < ndim; i++) {
    int j = i - lead;
    if (j < 0) stride[i] = 0;
    else if (t->size[j] == size[i]) stride[i] = size[i] == 1 ? 0 : t->stride[j];
    else if (t->size[j] == 1) stride[i] = 0;
    else goto mismatch;
  }
  return LT_OK;
mismatch: {
  char a[LT_SHAPE_STR_SIZE], b[LT_SHAPE_STR_SIZE];
  return lt_error(ctx, "shape %s cannot be broadcast to %s",
                  lt_shape_str(a, sizeof a, t->ndim, t->size), lt_shape_str(b, sizeof b, ndim, size));
}
}

void lt_iter_init(lt_Iter *it, int nops, lt_Tensor *const *ops) {
  const lt_Tensor *out = ops[0];
  int dims[LT_MAX_DIMS], n = 0;
  it->nops = nops;
  it->numel = lt_numel(out);
  for (int k = 0; k < nops; k++) it->data[k] = lt_data(ops[k]);
  it->ndim = 0;
  if (it->numel == 0) return; /* the strides of an empty tensor may be anything */
  for (int i = 0; i < out->ndim; i++)
    if (out->size[i] != 1) dims[n++] = i;
  /* insertion sort: innermost (smallest |stride| of operand 0, then of the others) first */
  for (int i = 1; i < n; i++) {
    int d = dims[i], j = i;
    while (j > 0) {
      int e = dims[j - 1], cmp = 0;
      for (int k = 0; k < nops && cmp == 0; k++) {
        int64_t sd = llabs(ops[k]->stride[d]), se = llabs(ops[k]->stride[e]);
        cmp = (sd > se) - (sd < se);
      }
      if (cmp >= 0) break;
      dims[j] = e;
      j--;
    }
    dims[j] = d;
  }
  for (int i = 0; i < n; i++) {
    int d = dims[i];
    int64_t sz = out->size[d];
    if (it->ndim > 0) { /* merge into the previous (inner) dim when every operand allows it */
      int p = it->ndim - 1;
      bool merge = true;
      for (int k = 0; k < nops && merge; k++)
        merge = ops[k]->stride[d] * (int64_t)lt_dtype_size(ops[k]->dtype) ==
                it->stride[k][p] * it->size[p];
      if (merge) {
        it->size[p] *= sz;
        continue;
      }
    }
    it->size[it->ndim] = sz;
    for (int k = 0; k < nops; k++)
      it->stride[k][it->ndim] = ops[k]->stride[d] * (int64_t)lt_dtype_size(ops[k]->dtype);
    it->ndim++;
  }
}

void lt_iter_run(const lt_Iter *it, lt_Loop loop, void *extra) {
  char *ptr[LT_MAX_OPERANDS];
  int64_t inner[LT_MAX_OPERANDS], idx[LT_MAX_DIMS] = {0};
  int nops = it->nops;
  if (it->numel == 0) return;
  for (int k = 0; k < nops; k++) {
    ptr[k] = it->data[k];
    inner[k] = it->ndim > 0 ? it->stride[k][0] : 0;
  }
  if (it->ndim <= 1) {
    loop(ptr, inner, it->ndim == 0 ? 1 : it->size[0], extra);
    return;
  }
  for (;;) {
    loop(ptr, inner, it->size[0], extra);
    int d = 1;
    for (; d < it->ndim; d++) { /* odometer step over the outer dims */
      for (int k = 0; k < nops; k++) ptr[k] += it->stride[k][d];
      if (++idx[d] < it->size[d]) break;
      for (int k = 0; k < nops; k++) ptr[k] -= it->stride[k][d] * it->size[d];
      idx[d] = 0;
    }
    if (d == it->ndim) return;
  }
}
