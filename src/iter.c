/*
** iter.c: the loop nest behind element-wise kernels. It drops size-1 dims, orders dims so the
** innermost has the smallest stride of operand 0, merges dims that are contiguous for every
** operand, and calls an inner loop over the innermost dim.
*/
#include <stdlib.h>

#include "lt_core.h"
#include "lt_threads.h"

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

void lt_iter_init(lt_Iter *it, int nops, lt_Tensor *const *ops) { lt_iter_init_ordered(it, nops, ops, 0); }

void lt_iter_init_ordered(lt_Iter *it, int nops, lt_Tensor *const *ops, int key) {
  const lt_Tensor *out = ops[0];
  int dims[LT_MAX_DIMS], n = 0;
  it->nops = nops;
  it->numel = lt_numel(out);
  for (int k = 0; k < nops; k++) it->data[k] = lt_data(ops[k]);
  it->ndim = 0;
  if (it->numel == 0) return; /* the strides of an empty tensor may be anything */
  for (int i = 0; i < out->ndim; i++)
    if (out->size[i] != 1) dims[n++] = i;
  /* insertion sort: innermost (smallest |stride| of operand key, then of the others) first */
  for (int i = 1; i < n; i++) {
    int d = dims[i], j = i;
    while (j > 0) {
      int e = dims[j - 1], cmp = 0;
      for (int rank = 0; rank < nops && cmp == 0; rank++) {
        int k = rank == 0 ? key : rank == key ? 0 : rank; /* the key operand first */
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

void lt_iter_run_range(const lt_Iter *it, int64_t begin, int64_t end, lt_Loop loop, void *extra) {
  char *ptr[LT_MAX_OPERANDS];
  int64_t inner[LT_MAX_OPERANDS], idx[LT_MAX_DIMS];
  int nops = it->nops;
  if (begin >= end) return;
  if (it->ndim == 0) { /* a single element */
    int64_t zero[LT_MAX_OPERANDS] = {0};
    loop((char **)it->data, zero, 1, extra);
    return;
  }
  /* position of element `begin` in the (coalesced) index space */
  int64_t rest = begin;
  for (int k = 0; k < nops; k++) {
    ptr[k] = it->data[k];
    inner[k] = it->stride[k][0];
  }
  for (int d = 0; d < it->ndim; d++) {
    idx[d] = rest % it->size[d];
    rest /= it->size[d];
    for (int k = 0; k < nops; k++) ptr[k] += idx[d] * it->stride[k][d];
  }
  for (int64_t left = end - begin;;) {
    int64_t n = it->size[0] - idx[0] < left ? it->size[0] - idx[0] : left;
    loop(ptr, inner, n, extra);
    if ((left -= n) == 0) return;
    /* the inner dim is done: rewind it and step the outer dims like an odometer */
    for (int k = 0; k < nops; k++) ptr[k] -= idx[0] * it->stride[k][0];
    idx[0] = 0;
    for (int d = 1; d < it->ndim; d++) {
      for (int k = 0; k < nops; k++) ptr[k] += it->stride[k][d];
      if (++idx[d] < it->size[d]) break;
      for (int k = 0; k < nops; k++) ptr[k] -= it->stride[k][d] * it->size[d];
      idx[d] = 0;
    }
  }
}

void lt_iter_run(const lt_Iter *it, lt_Loop loop, void *extra) {
  lt_iter_run_range(it, 0, it->numel, loop, extra);
}

typedef struct {
  const lt_Iter *it;
  lt_Loop loop;
  void *extra;
} IterJob;

static void run_range(void *arg, int64_t begin, int64_t end) {
  const IterJob *job = arg;
  lt_iter_run_range(job->it, begin, end, job->loop, job->extra);
}

void lt_iter_run_parallel(lt_Context *ctx, const lt_Iter *it, lt_Loop loop, void *extra) {
  IterJob job = {it, loop, extra};
  if (it->numel < LT_PARALLEL_GRAIN) lt_iter_run_range(it, 0, it->numel, loop, extra);
  else lt_parallel_for(ctx->pool, it->numel, LT_PARALLEL_GRAIN, run_range, &job);
}
