/*
** ops_index.c: cat and stack, and indexing by index tensors (index_select, gather) with their
** adjoints (index_add, scatter_add), each with its backward rule (see lt_index.h).
**
** Gradients: cat and stack hand each input its narrow (or select) of the gradient;
** index_select's gradient is index_add into zeros and gather's is scatter_add into zeros, ops
** recorded in their own right whose backward rules are index_select and gather again, so outer
** tapes can differentiate the backward pass too. Every op computes with recording off and then
** records itself.
*/
#include <string.h>

#include "lt_grad.h"
#include "lt_index.h"

#define SHAPE(buf, t) lt_shape_str(buf, sizeof buf, (t)->ndim, (t)->size)

/* Can a tape follow t? Only variables and tensors given an id can be tracked by any tape. */
static bool may_be_tracked(const lt_Tensor *t) { return t->requires_grad || t->grad_id != 0; }

static lt_Status check_dim(lt_Context *ctx, int ndim, int dim) {
  if (dim < 0 || dim >= ndim) return lt_error(ctx, "dimension %d out of range for a %d-d tensor", dim + 1, ndim);
  return LT_OK;
}

/* ---- cat and stack ---- */

/* a piece cat skipped (PyTorch's legacy rule for 1-d tensors of size 0) */
static bool skipped(const lt_Tensor *t) { return t->ndim == 1 && t->size[0] == 0; }

#define PIECE_SKIPPED (-1)

/* A tape entry holds at most LT_TAPE_MAX_IN inputs and a list may be long, so a join is recorded
   as a chain: each entry takes the previous entry's output (an alias of the result: every alias
   has an id of its own) and up to two pieces. args: i[0] dim, i[1] 1 for stack, then i[2k] and
   i[2k + 1] the start and length along dim of the piece in slot k (1 or 2). */
static lt_Status join_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                               lt_Tensor **grads) {
  const int64_t *a = e->args.i, empty = 0;
  int dim = (int)a[0];
  lt_Status st = LT_OK;
  if (needs[0]) lt_tensor_retain((lt_Tensor *)grad), grads[0] = (lt_Tensor *)grad; /* the chain's rest */
  for (int k = 1; k < 3 && st == LT_OK; k++) {
    if (!needs[k]) continue;
    if (a[1]) st = lt_select(ctx, grad, dim, a[2 * k], &grads[k]);
    else if (a[2 * k + 1] == PIECE_SKIPPED) st = lt_full(ctx, grad->dtype, 1, &empty, lt_scalar_int(0), &grads[k]);
    else st = lt_narrow(ctx, grad, dim, a[2 * k], a[2 * k + 1], &grads[k]);
  }
  return st;
}

static const lt_GradFn cat_fn = {"cat", join_backward, 0}, stack_fn = {"stack", join_backward, 0};

/* the records of a join into out (see join_backward); pieces no tape can follow are left out */
static lt_Status record_join(lt_Context *ctx, bool stack, int n, const lt_Tensor *const *ts, int dim, lt_Tensor *out) {
  const lt_Tensor *in[3] = {NULL, NULL, NULL};
  lt_SavedArgs args = {NULL, {dim, stack}, {0, 0}};
  lt_Tensor *prev = NULL; /* our reference to the last entry's output */
  lt_Status st = LT_OK;
  int last = -1, k = 1;
  int64_t at = 0;
  for (int i = 0; i < n; i++)
    if (may_be_tracked(ts[i])) last = i;
  for (int i = 0; i <= last && st == LT_OK; i++) {
    bool skip = !stack && skipped(ts[i]);
    int64_t start = at, len = stack ? 1 : skip ? 0 : ts[i]->size[dim];
    at += len;
    if (!may_be_tracked(ts[i])) continue;
    in[k] = ts[i];
    args.i[2 * k] = start;
    args.i[2 * k + 1] = skip ? PIECE_SKIPPED : len;
    if (k == 1 && i != last) {
      k = 2;
      continue;
    }
    lt_Tensor *partial = out; /* the last entry answers with the result itself */
    if (i != last && (st = lt_alias(ctx, out, &partial)) != LT_OK) break;
    in[0] = prev;
    st = lt_record(ctx, stack ? &stack_fn : &cat_fn, 3, in, partial, &args);
    lt_tensor_release(prev);
    prev = i != last ? partial : NULL;
    in[1] = in[2] = NULL;
    k = 1;
  }
  lt_tensor_release(prev);
  return st;
}

/* t seen with a new dim of size 1 at dim */
static void unsqueezed(lt_Tensor *t, int dim) {
  memmove(t->size + dim + 1, t->size + dim, (size_t)(t->ndim - dim) * sizeof(int64_t));
  memmove(t->stride + dim + 1, t->stride + dim, (size_t)(t->ndim - dim) * sizeof(int64_t));
  t->size[dim] = 1;
  t->stride[dim] = 0;
  t->ndim++;
}

/* the result's shape, or an error naming the pieces that do not fit */
static lt_Status join_shape(lt_Context *ctx, bool stack, int n, const lt_Tensor *const *ts, int dim, int *ndim,
                            int64_t *size) {
  char a[LT_SHAPE_STR_SIZE], b[LT_SHAPE_STR_SIZE];
  const lt_Tensor *ref = ts[0];
  if (stack) {
    for (int i = 1; i < n; i++)
      if (!lt_same_shape(ts[i], ref))
        return lt_error(ctx, "all tensors must have the same shape, got %s at item 1 and %s at item %d",
                        SHAPE(a, ref), SHAPE(b, ts[i]), i + 1);
    if (ref->ndim == LT_MAX_DIMS) return lt_error(ctx, "tensors have at most %d dimensions", LT_MAX_DIMS);
    if (dim < 0 || dim > ref->ndim)
      return lt_error(ctx, "dimension %d out of range for stacking %d-d tensors", dim + 1, ref->ndim);
    *ndim = ref->ndim + 1;
    for (int i = 0, j = 0; i < *ndim; i++) size[i] = i == dim ? n : ref->size[j++];
    return LT_OK;
  }
  for (int i = 0; i < n; i++)
    if (ts[i]->ndim == 0) return lt_error(ctx, "zero-dimensional tensor (item %d) cannot be concatenated", i + 1);
  for (int i = 0; i < n && skipped(ref); i++) ref = ts[i];
  if (check_dim(ctx, ref->ndim, dim) != LT_OK) return LT_ERR;
  *ndim = ref->ndim;
  memcpy(size, ref->size, sizeof(int64_t) * (size_t)ref->ndim);
  size[dim] = 0;
  for (int i = 0; i < n; i++) {
    const lt_Tensor *t = ts[i];
    if (skipped(t)) continue;
    if (t->ndim != ref->ndim)
      return lt_error(ctx, "tensors must have the same number of dims (%d-d and %d-d)", ref->ndim, t->ndim);
    for (int d = 0; d < t->ndim; d++)
      if (d != dim && t->size[d] != ref->size[d])
        return lt_error(ctx, "sizes must match except in dimension %d: %s and %s", dim + 1, SHAPE(a, ref),
                        SHAPE(b, t));
    if (size[dim] > INT64_MAX - t->size[dim]) return lt_error(ctx, "the result would be too large");
    size[dim] += t->size[dim];
  }
  return LT_OK;
}

static lt_Status join(lt_Context *ctx, bool stack, int n, const lt_Tensor *const *ts, int dim, lt_Tensor **out) {
  int64_t size[LT_MAX_DIMS];
  int ndim = 0;
  *out = NULL;
  if (n <= 0) return lt_error(ctx, "expected a non-empty list of tensors");
  lt_Status st = join_shape(ctx, stack, n, ts, dim, &ndim, size);
  if (st != LT_OK) return st;
  lt_DType dt = ts[0]->dtype;
  for (int i = 1; i < n; i++) dt = lt_promote_types(dt, ts[i]->dtype);
  if ((st = lt_empty(ctx, dt, ndim, size, out)) != LT_OK) return st;
  /* each piece is copied (and converted) into its narrow of the result */
  int64_t at = 0;
  for (int i = 0; i < n && st == LT_OK; i++) {
    lt_Tensor src = *ts[i], dst = **out;
    if (!stack && skipped(ts[i])) continue;
    if (stack) unsqueezed(&src, dim);
    dst.size[dim] = src.size[dim];
    dst.offset += at * dst.stride[dim];
    at += src.size[dim];
    st = lt_copy(ctx, &dst, &src);
  }
  if (st == LT_OK && lt_recording(ctx)) st = record_join(ctx, stack, n, ts, dim, *out);
  if (st != LT_OK) lt_tensor_release(*out), *out = NULL;
  return st;
}

lt_Status lt_cat(lt_Context *ctx, int n, const lt_Tensor *const *ts, int dim, lt_Tensor **out) {
  return join(ctx, false, n, ts, dim, out);
}

lt_Status lt_stack(lt_Context *ctx, int n, const lt_Tensor *const *ts, int dim, lt_Tensor **out) {
  return join(ctx, true, n, ts, dim, out);
}

/* ---- indexing by index tensors ---- */

typedef enum { SCATTER_ADD, INDEX_ADD } AddKind;

static lt_Status check_index(lt_Context *ctx, const lt_Tensor *index, bool vector) {
  if (index->dtype != LT_INT64 && index->dtype != LT_INT32)
    return lt_error(ctx, "index must be an int64 or int32 tensor, got %s", lt_dtype_name(index->dtype));
  if (vector && index->ndim > 1) return lt_error(ctx, "index must be a 1-d tensor, got a %d-d tensor", index->ndim);
  return LT_OK;
}

/* every index addresses dimension dim of size n */
static lt_Status check_range(lt_Context *ctx, const lt_Tensor *index, int dim, int64_t n) {
  int64_t bad;
  if (lt_index_in_range(index, n, &bad)) return LT_OK;
  return lt_error(ctx, "index %lld out of range for dimension %d of size %lld", (long long)bad, dim + 1,
                  (long long)n);
}

/* t seen over the shape (ndim, size) with stride 0 along dim (the kernels add index * stride) */
static lt_Tensor restrided(const lt_Tensor *t, int ndim, const int64_t *size, int dim) {
  lt_Tensor r = *t;
  r.ndim = ndim;
  memcpy(r.size, size, sizeof(int64_t) * (size_t)ndim);
  r.stride[dim] = 0;
  return r;
}

/* a 0-d or 1-d index seen over the shape (ndim, size): it varies along dim only */
static lt_Tensor expanded_index(const lt_Tensor *index, int ndim, const int64_t *size, int dim) {
  lt_Tensor r = *index;
  r.ndim = ndim;
  for (int d = 0; d < ndim; d++) r.size[d] = size[d], r.stride[d] = 0;
  if (index->ndim == 1) r.stride[dim] = index->stride[0];
  return r;
}

/* out[i] = t[i with i[dim] replaced by index[i]] over index's shape (out's); indices checked */
static void run_gather(lt_Context *ctx, lt_Tensor *out, const lt_Tensor *t, int dim, const lt_Tensor *index) {
  size_t es = lt_dtype_size(t->dtype);
  lt_Tensor src = restrided(t, index->ndim, index->size, dim);
  lt_IndexLoopArgs a = {t->stride[dim] * (int64_t)es, t->size[dim]};
  lt_Tensor *ops[3] = {out, (lt_Tensor *)index, &src};
  lt_Iter it;
  lt_iter_init(&it, 3, ops);
  lt_iter_run_parallel(ctx, &it, lt_gather_loop(es, index->dtype), &a);
}

/* Adds src at index into dst (all checked). Runs on one thread: indices may repeat. src is
   converted (and index copied) first when dst's dtype differs or the write could reach them. */
static lt_Status add_into(lt_Context *ctx, AddKind kind, lt_Tensor *dst, int dim, const lt_Tensor *index,
                          const lt_Tensor *src) {
  lt_Tensor *src_copy = NULL, *index_copy = NULL;
  lt_Status st = LT_OK;
  if (src->dtype != dst->dtype || lt_may_overlap(dst, src)) {
    if ((st = lt_empty_like(ctx, src, dst->dtype, &src_copy)) == LT_OK && (st = lt_copy(ctx, src_copy, src)) == LT_OK)
      src = src_copy;
  }
  if (st == LT_OK && lt_may_overlap(dst, index)) {
    if ((st = lt_empty_like(ctx, index, index->dtype, &index_copy)) == LT_OK &&
        (st = lt_copy(ctx, index_copy, index)) == LT_OK)
      index = index_copy;
  }
  if (st == LT_OK) {
    lt_Tensor idx = kind == INDEX_ADD ? expanded_index(index, src->ndim, src->size, dim) : *index;
    lt_Tensor to = restrided(dst, idx.ndim, idx.size, dim), from = *src;
    memcpy(from.size, idx.size, sizeof(int64_t) * (size_t)idx.ndim); /* src may be larger than index */
    lt_IndexLoopArgs a = {dst->stride[dim] * (int64_t)lt_dtype_size(dst->dtype), dst->size[dim]};
    lt_Tensor *ops[3] = {&idx, &to, &from};
    lt_Iter it;
    lt_iter_init(&it, 3, ops);
    lt_iter_run(&it, lt_scatter_add_loop(dst->dtype, index->dtype), &a);
    atomic_fetch_add(&dst->storage->version, 1);
  }
  lt_tensor_release(src_copy);
  lt_tensor_release(index_copy);
  return st;
}

/* the checks of adding src at index into a tensor of shape (ndim, size) along dim */
static lt_Status check_add(lt_Context *ctx, AddKind kind, int ndim, const int64_t *size, int dim,
                           const lt_Tensor *index, const lt_Tensor *src) {
  char a[LT_SHAPE_STR_SIZE], b[LT_SHAPE_STR_SIZE], c[LT_SHAPE_STR_SIZE];
  if (check_dim(ctx, ndim, dim) != LT_OK || check_index(ctx, index, kind == INDEX_ADD) != LT_OK) return LT_ERR;
  lt_shape_str(c, sizeof c, ndim, size);
  if (kind == INDEX_ADD) {
    if (src->ndim != ndim)
      return lt_error(ctx, "src and the input must have the same number of dims (%d-d and %d-d)", src->ndim, ndim);
    for (int d = 0; d < ndim; d++)
      if (d != dim && src->size[d] != size[d])
        return lt_error(ctx, "sizes of src and the input must match except in dimension %d: %s and %s", dim + 1,
                        SHAPE(a, src), c);
    if (src->size[dim] != lt_numel(index))
      return lt_error(ctx, "src must have size %lld (the number of indices) in dimension %d, got %lld",
                      (long long)lt_numel(index), dim + 1, (long long)src->size[dim]);
  } else {
    if (index->ndim != ndim || src->ndim != ndim)
      return lt_error(ctx, "index, src and the input must have the same number of dims (%d-d, %d-d and %d-d)",
                      index->ndim, src->ndim, ndim);
    for (int d = 0; d < ndim; d++) {
      if (index->size[d] > src->size[d])
        return lt_error(ctx, "index %s must not be larger than src %s", SHAPE(a, index), SHAPE(b, src));
      if (d != dim && index->size[d] > size[d])
        return lt_error(ctx, "index %s must not be larger than the input %s except in dimension %d",
                        SHAPE(a, index), c, dim + 1);
    }
  }
  return check_range(ctx, index, dim, size[dim]);
}

/* scatter_add's gradient for a src larger than its index: g in the leading corner of zeros of
   src's shape. Recorded; the backward narrows back. */
static lt_Status corner_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                                 lt_Tensor **grads) {
  const lt_Tensor *g = e->in[0];
  lt_Tensor *cur = (lt_Tensor *)grad;
  lt_Status st = LT_OK;
  (void)needs;
  lt_tensor_retain(cur);
  for (int d = 0; d < g->ndim && st == LT_OK; d++) {
    lt_Tensor *next = NULL;
    if (cur->size[d] == g->size[d]) continue;
    st = lt_narrow(ctx, cur, d, 0, g->size[d], &next);
    lt_tensor_release(cur);
    cur = next;
  }
  grads[0] = cur;
  return st;
}

static const lt_GradFn corner_fn = {"embed", corner_backward, 0};

static lt_Status corner(lt_Context *ctx, const lt_Tensor *g, int ndim, const int64_t *size, lt_Tensor **out) {
  *out = NULL; /* the caller passes g's own slot: a failed lt_full would leave g there to be released */
  lt_Status st = lt_full(ctx, g->dtype, ndim, size, lt_scalar_int(0), out);
  if (st == LT_OK) {
    lt_Tensor region = **out;
    memcpy(region.size, g->size, sizeof(int64_t) * (size_t)ndim);
    st = lt_copy(ctx, &region, g);
  }
  if (st == LT_OK && lt_recording(ctx)) st = lt_record(ctx, &corner_fn, 1, &g, *out, NULL);
  if (st != LT_OK) lt_tensor_release(*out), *out = NULL;
  return st;
}

/* scatter_add and index_add: inputs (t, index, src); args i[0] dim, i[1] the AddKind. The input's
   gradient is grad itself, src's the gather (index_select) of grad. */
static lt_Status add_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                              lt_Tensor **grads) {
  int dim = (int)e->args.i[0];
  const lt_Tensor *index = e->in[1], *src = e->in[2];
  lt_Status st = LT_OK;
  if (needs[0]) lt_tensor_retain((lt_Tensor *)grad), grads[0] = (lt_Tensor *)grad;
  if (!needs[2]) return LT_OK;
  if (e->args.i[1] == INDEX_ADD) return lt_index_select(ctx, grad, dim, index, &grads[2]);
  if ((st = lt_gather(ctx, grad, dim, index, &grads[2])) == LT_OK && !lt_same_shape(grads[2], src)) {
    lt_Tensor *g = grads[2];
    st = corner(ctx, g, src->ndim, src->size, &grads[2]);
    lt_tensor_release(g);
  }
  return st;
}

static const lt_GradFn scatter_add_fn = {"scatter_add", add_backward, LT_USES_IN(1)},
                       index_add_fn = {"index_add", add_backward, LT_USES_IN(1)};

/* (t, or zeros of shape (ndim, size) in src's dtype when t is NULL) with src added at index */
static lt_Status add_op(lt_Context *ctx, AddKind kind, const lt_Tensor *t, int ndim, const int64_t *size, int dim,
                        const lt_Tensor *index, const lt_Tensor *src, lt_Tensor **out) {
  *out = NULL;
  lt_Status st = check_add(ctx, kind, ndim, size, dim, index, src);
  if (st != LT_OK) return st;
  if (t == NULL) {
    st = lt_full(ctx, src->dtype, ndim, size, lt_scalar_int(0), out);
  } else if ((st = lt_empty(ctx, lt_promote_types(t->dtype, src->dtype), ndim, size, out)) == LT_OK) {
    st = lt_copy(ctx, *out, t);
  }
  if (st == LT_OK) {
    ctx->no_record++; /* a converted copy of src is a temporary of this op */
    st = add_into(ctx, kind, *out, dim, index, src);
    ctx->no_record--;
  }
  if (st == LT_OK && lt_recording(ctx)) {
    const lt_Tensor *in[3] = {t, index, src};
    lt_SavedArgs args = {NULL, {dim, kind}, {0, 0}};
    st = lt_record(ctx, kind == INDEX_ADD ? &index_add_fn : &scatter_add_fn, 3, in, *out, &args);
  }
  if (st != LT_OK) lt_tensor_release(*out), *out = NULL;
  return st;
}

lt_Status lt_scatter_add(lt_Context *ctx, const lt_Tensor *t, int dim, const lt_Tensor *index, const lt_Tensor *src,
                         lt_Tensor **out) {
  return add_op(ctx, SCATTER_ADD, t, t->ndim, t->size, dim, index, src, out);
}

lt_Status lt_index_add(lt_Context *ctx, const lt_Tensor *t, int dim, const lt_Tensor *index, const lt_Tensor *src,
                       lt_Tensor **out) {
  return add_op(ctx, INDEX_ADD, t, t->ndim, t->size, dim, index, src, out);
}

static lt_Status add_inplace(lt_Context *ctx, AddKind kind, lt_Tensor *t, int dim, const lt_Tensor *index,
                             const lt_Tensor *src) {
  const lt_Tensor *in[2] = {index, src};
  lt_Status st = check_add(ctx, kind, t->ndim, t->size, dim, index, src);
  if (st != LT_OK) return st;
  if (!lt_can_cast(src->dtype, t->dtype))
    return lt_error(ctx, "src of dtype %s cannot be added into a tensor of dtype %s", lt_dtype_name(src->dtype),
                    lt_dtype_name(t->dtype));
  if (lt_has_internal_overlap(t))
    return lt_error(ctx, "cannot write into a tensor where several elements share memory (an expanded view); "
                         "clone it first");
  if ((st = lt_check_write(ctx, t, 2, in)) != LT_OK) return st;
  ctx->no_record++;
  st = add_into(ctx, kind, t, dim, index, src);
  ctx->no_record--;
  return st;
}

lt_Status lt_scatter_add_(lt_Context *ctx, lt_Tensor *t, int dim, const lt_Tensor *index, const lt_Tensor *src) {
  return add_inplace(ctx, SCATTER_ADD, t, dim, index, src);
}

lt_Status lt_index_add_(lt_Context *ctx, lt_Tensor *t, int dim, const lt_Tensor *index, const lt_Tensor *src) {
  return add_inplace(ctx, INDEX_ADD, t, dim, index, src);
}

/* index_select and gather: inputs (t, index), args i[0] dim. The gradient is index_add
   (scatter_add) of grad into zeros of t's shape. */
static lt_Status index_select_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad,
                                       const bool *needs, lt_Tensor **grads) {
  const lt_Tensor *t = e->in[0];
  (void)needs;
  return add_op(ctx, INDEX_ADD, NULL, t->ndim, t->size, (int)e->args.i[0], e->in[1], grad, &grads[0]);
}

static lt_Status gather_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                                 lt_Tensor **grads) {
  const lt_Tensor *t = e->in[0];
  (void)needs;
  return add_op(ctx, SCATTER_ADD, NULL, t->ndim, t->size, (int)e->args.i[0], e->in[1], grad, &grads[0]);
}

static const lt_GradFn index_select_fn = {"index_select", index_select_backward, LT_USES_IN(1)},
                       gather_fn = {"gather", gather_backward, LT_USES_IN(1)};

/* the result of shape (ndim, size) gathered from t through the index idx (seen over that shape) */
static lt_Status gathered(lt_Context *ctx, const lt_GradFn *fn, const lt_Tensor *t, int dim, const lt_Tensor *index,
                          const lt_Tensor *idx, lt_Tensor **out) {
  /* the result before the index check: a result too large to allocate fails at once, not after
     a scan of every index (an expanded index may have 2^40 elements) */
  lt_Status st = lt_empty(ctx, t->dtype, idx->ndim, idx->size, out);
  if (st != LT_OK) return st;
  if ((st = check_range(ctx, index, dim, t->size[dim])) != LT_OK) {
    lt_tensor_release(*out), *out = NULL;
    return st;
  }
  run_gather(ctx, *out, t, dim, idx);
  if (lt_recording(ctx)) {
    const lt_Tensor *in[2] = {t, index};
    lt_SavedArgs args = {NULL, {dim}, {0, 0}};
    if ((st = lt_record(ctx, fn, 2, in, *out, &args)) != LT_OK) lt_tensor_release(*out), *out = NULL;
  }
  return st;
}

lt_Status lt_index_select(lt_Context *ctx, const lt_Tensor *t, int dim, const lt_Tensor *index, lt_Tensor **out) {
  int64_t size[LT_MAX_DIMS];
  *out = NULL;
  if (check_dim(ctx, t->ndim, dim) != LT_OK || check_index(ctx, index, true) != LT_OK) return LT_ERR;
  memcpy(size, t->size, sizeof size);
  size[dim] = lt_numel(index);
  lt_Tensor idx = expanded_index(index, t->ndim, size, dim);
  return gathered(ctx, &index_select_fn, t, dim, index, &idx, out);
}

lt_Status lt_gather(lt_Context *ctx, const lt_Tensor *t, int dim, const lt_Tensor *index, lt_Tensor **out) {
  char a[LT_SHAPE_STR_SIZE], b[LT_SHAPE_STR_SIZE];
  *out = NULL;
  if (check_dim(ctx, t->ndim, dim) != LT_OK || check_index(ctx, index, false) != LT_OK) return LT_ERR;
  if (index->ndim != t->ndim)
    return lt_error(ctx, "index and the input must have the same number of dims (%d-d and %d-d)", index->ndim,
                    t->ndim);
  for (int d = 0; d < t->ndim; d++)
    if (d != dim && index->size[d] > t->size[d])
      return lt_error(ctx, "index %s must not be larger than the input %s except in dimension %d", SHAPE(a, index),
                      SHAPE(b, t), dim + 1);
  return gathered(ctx, &gather_fn, t, dim, index, index, out);
}
