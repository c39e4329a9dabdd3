/*
** view.c: views share their source's storage; only sizes, strides and offset change. Their
** backward rules are here too.
** Dims here are 0-based; messages count dims from 1, as the Lua user does.
*/
#include <string.h>

#include "lt_grad.h"

/* ---- backward rules. A view's gradient is its grad put back in place: a reshape, the inverse
   permutation, or (for slices, selections, diagonals and windows) an "embed" op that writes grad
   into zeros of the source's shape. Embed is an op of its own whose backward takes the same view
   again, so outer tapes can differentiate the backward pass too. ---- */

enum { EMBED_SLICE, EMBED_SELECT, EMBED_DIAGONAL, EMBED_UNFOLD };

/* the view of kind args->i[0] with parameters args->i[1..] */
static lt_Status take_view(lt_Context *ctx, const lt_Tensor *t, const lt_SavedArgs *a, lt_Tensor **out) {
  const int64_t *p = a->i + 1;
  switch (a->i[0]) {
    case EMBED_SLICE: return lt_slice(ctx, t, (int)p[0], p[1], p[2], p[3], out);
    case EMBED_SELECT: return lt_select(ctx, t, (int)p[0], p[1], out);
    case EMBED_DIAGONAL: return lt_diagonal(ctx, t, p[0], (int)p[1], (int)p[2], out);
    default: return lt_unfold(ctx, t, (int)p[0], p[1], p[2], out);
  }
}

static lt_Status embed_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                                lt_Tensor **grads) {
  (void)needs;
  return take_view(ctx, grad, &e->args, &grads[0]);
}

static const lt_GradFn embed_fn = {"embed", embed_backward, 0};

/* windows overlap: each one's gradient is added where it came from */
static lt_Status add_windows(lt_Context *ctx, lt_Tensor *z, const lt_Tensor *g, const int64_t *p) {
  int dim = (int)p[0], perm[LT_MAX_DIMS];
  lt_Status st = LT_OK;
  for (int i = 0, j = 0; i < z->ndim; i++) perm[i] = i == dim ? z->ndim - 1 : j++;
  for (int64_t w = 0; w < g->size[dim] && st == LT_OK; w++) {
    lt_Tensor *src = NULL, *moved = NULL, *dst = NULL, *sum = NULL;
    if ((st = lt_select(ctx, g, dim, w, &src)) == LT_OK && (st = lt_permute(ctx, src, perm, &moved)) == LT_OK &&
        (st = lt_narrow(ctx, z, dim, w * p[2], p[1], &dst)) == LT_OK)
      st = lt_binary(ctx, &lt_binary_ops[LT_OP_ADD], (lt_Operand){dst, false}, (lt_Operand){moved, false}, dst, &sum);
    lt_tensor_release(src), lt_tensor_release(moved), lt_tensor_release(dst), lt_tensor_release(sum);
  }
  return st;
}

/* zeros shaped like source with grad written (added, for windows) into the view args describe */
static lt_Status embed(lt_Context *ctx, const lt_Tensor *grad, const lt_Tensor *source, const lt_SavedArgs *args,
                       lt_Tensor **out) {
  lt_Tensor *view = NULL;
  lt_Status st = lt_full(ctx, grad->dtype, source->ndim, source->size, lt_scalar_int(0), out);
  ctx->no_record++; /* the pieces are not the op: embed is recorded as a whole below */
  if (st == LT_OK && args->i[0] == EMBED_UNFOLD) st = add_windows(ctx, *out, grad, args->i + 1);
  else if (st == LT_OK && (st = take_view(ctx, *out, args, &view)) == LT_OK) st = lt_copy(ctx, view, grad);
  ctx->no_record--;
  lt_tensor_release(view);
  if (st == LT_OK && lt_recording(ctx)) st = lt_record(ctx, &embed_fn, 1, &grad, *out, args);
  if (st != LT_OK) lt_tensor_release(*out), *out = NULL;
  return st;
}

static lt_Status embed_view_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad,
                                     const bool *needs, lt_Tensor **grads) {
  (void)needs;
  return embed(ctx, grad, e->in[0], &e->args, &grads[0]);
}

/* the grad in the source's shape (view, reshape, squeeze, unsqueeze) */
static lt_Status reshape_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                                  lt_Tensor **grads) {
  (void)needs;
  return lt_reshape(ctx, grad, e->in[0]->ndim, e->in[0]->size, &grads[0]);
}

static lt_Status transpose_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad,
                                    const bool *needs, lt_Tensor **grads) {
  (void)needs;
  return lt_transpose(ctx, grad, (int)e->args.i[0], (int)e->args.i[1], &grads[0]);
}

static lt_Status permute_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                                  lt_Tensor **grads) {
  int inverse[LT_MAX_DIMS];
  (void)needs;
  for (int i = 0; i < grad->ndim; i++) inverse[e->args.i[i]] = i;
  return lt_permute(ctx, grad, inverse, &grads[0]);
}

/* the tape sums the gradient over the expanded dims */
static lt_Status expand_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                                 lt_Tensor **grads) {
  (void)ctx, (void)e, (void)needs;
  lt_tensor_retain((lt_Tensor *)grad);
  grads[0] = (lt_Tensor *)grad;
  return LT_OK;
}

static const lt_GradFn view_fn = {"view", reshape_backward, 0}, reshape_fn = {"reshape", reshape_backward, 0},
                       squeeze_fn = {"squeeze", reshape_backward, 0}, unsqueeze_fn = {"unsqueeze", reshape_backward, 0},
                       transpose_fn = {"transpose", transpose_backward, 0},
                       permute_fn = {"permute", permute_backward, 0}, expand_fn = {"expand", expand_backward, 0},
                       slice_fn = {"slice", embed_view_backward, 0}, select_fn = {"select", embed_view_backward, 0},
                       diagonal_fn = {"diagonal", embed_view_backward, 0},
                       unfold_fn = {"unfold", embed_view_backward, 0};

/* a view of t, recorded as fn with args (NULL: none) */
static lt_Status new_view(lt_Context *ctx, const lt_Tensor *t, int64_t offset, int ndim, const int64_t *size,
                          const int64_t *stride, const lt_GradFn *fn, const lt_SavedArgs *args, lt_Tensor **out) {
  lt_Status st = lt_tensor_over(ctx, t->storage, t->dtype, offset, ndim, size, stride, out);
  if (st == LT_OK && lt_recording(ctx) && (st = lt_record(ctx, fn, 1, &t, *out, args)) != LT_OK)
    lt_tensor_release(*out), *out = NULL;
  return st;
}

static lt_SavedArgs saved(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e) {
  lt_SavedArgs s = {NULL, {a, b, c, d, e}, {0, 0}};
  return s;
}

static lt_Status check_dim(lt_Context *ctx, const lt_Tensor *t, int dim) {
  if (dim < 0 || dim >= t->ndim)
    return lt_error(ctx, "dimension %d out of range for a %d-d tensor", dim + 1, t->ndim);
  return LT_OK;
}

/* Resolves one -1 entry of a requested shape against numel. */
static lt_Status infer_shape(lt_Context *ctx, int64_t numel, int ndim, const int64_t *req,
                             int64_t *size) {
  int infer = -1;
  int64_t known = 1;
  char buf[LT_SHAPE_STR_SIZE];
  if (ndim > LT_MAX_DIMS)
    return lt_error(ctx, "tensors have at most %d dimensions (got %d)", LT_MAX_DIMS, ndim);
  for (int i = 0; i < ndim; i++) {
    size[i] = req[i];
    if (req[i] == -1) {
      if (infer >= 0) return lt_error(ctx, "only one dimension can be inferred");
      infer = i;
    } else if (req[i] < 0) {
      return lt_error(ctx, "invalid size %lld at dimension %d", (long long)req[i], i + 1);
    } else if (req[i] != 0 && known > INT64_MAX / req[i]) {
      known = -1; /* overflow: cannot match any numel */
      break;
    } else {
      known *= req[i];
    }
  }
  if (infer >= 0 && known > 0 && numel % known == 0) size[infer] = numel / known;
  else if (infer >= 0 && known == 0 && numel == 0)
    return lt_error(ctx, "cannot infer the size of -1 in shape %s: it is ambiguous for an empty tensor",
                    lt_shape_str(buf, sizeof buf, ndim, req));
  if ((infer >= 0 && (known <= 0 || numel % known != 0)) || (infer < 0 && known != numel))
    return lt_error(ctx, "shape %s is invalid for input of size %lld",
                    lt_shape_str(buf, sizeof buf, ndim, req), (long long)numel);
  return LT_OK;
}

/* Strides that let (ndim, size) view t's memory, or false (PyTorch's computeStride). */
static bool view_strides(const lt_Tensor *t, int ndim, const int64_t *size, int64_t *stride) {
  if (t->ndim == 0) {
    for (int i = 0; i < ndim; i++) stride[i] = 1;
    return true;
  }
  if (lt_numel(t) == 0) {
    lt_contiguous_strides(ndim, size, stride);
    return true;
  }
  int view_d = ndim - 1;
  int64_t chunk_stride = t->stride[t->ndim - 1], tensor_numel = 1, view_numel = 1;
  for (int d = t->ndim - 1; d >= 0; d--) {
    tensor_numel *= t->size[d];
    /* at the end of a chunk of dims that are contiguous with each other */
    if (d == 0 || (t->size[d - 1] != 1 && t->stride[d - 1] != tensor_numel * chunk_stride)) {
      while (view_d >= 0 && (view_numel < tensor_numel || size[view_d] == 1)) {
        stride[view_d] = view_numel * chunk_stride;
        view_numel *= size[view_d];
        view_d--;
      }
      if (view_numel != tensor_numel) return false;
      if (d > 0) {
        chunk_stride = t->stride[d - 1];
        tensor_numel = 1;
        view_numel = 1;
      }
    }
  }
  return view_d == -1;
}

lt_Status lt_view(lt_Context *ctx, const lt_Tensor *t, int ndim, const int64_t *req,
                  lt_Tensor **out) {
  int64_t size[LT_MAX_DIMS], stride[LT_MAX_DIMS];
  lt_Status st = infer_shape(ctx, lt_numel(t), ndim, req, size);
  if (st != LT_OK) return st;
  if (!view_strides(t, ndim, size, stride))
    return lt_error(ctx, "the view size is not compatible with the tensor's size and stride (at "
                         "least one dimension spans across two contiguous subspaces); use "
                         "reshape instead");
  return new_view(ctx, t, t->offset, ndim, size, stride, &view_fn, NULL, out);
}

lt_Status lt_reshape(lt_Context *ctx, const lt_Tensor *t, int ndim, const int64_t *req, lt_Tensor **out) {
  int64_t size[LT_MAX_DIMS], stride[LT_MAX_DIMS];
  lt_Tensor *c;
  lt_Status st = infer_shape(ctx, lt_numel(t), ndim, req, size);
  if (st != LT_OK) return st;
  if (view_strides(t, ndim, size, stride)) return new_view(ctx, t, t->offset, ndim, size, stride, &reshape_fn, NULL, out);
  if ((st = lt_clone(ctx, t, &c)) != LT_OK) return st;
  st = lt_view(ctx, c, ndim, size, out);
  lt_tensor_release(c);
  return st;
}

lt_Status lt_transpose(lt_Context *ctx, const lt_Tensor *t, int d0, int d1, lt_Tensor **out) {
  int64_t size[LT_MAX_DIMS], stride[LT_MAX_DIMS], tmp;
  if (check_dim(ctx, t, d0) != LT_OK || check_dim(ctx, t, d1) != LT_OK) return LT_ERR;
  memcpy(size, t->size, sizeof size);
  memcpy(stride, t->stride, sizeof stride);
  tmp = size[d0], size[d0] = size[d1], size[d1] = tmp;
  tmp = stride[d0], stride[d0] = stride[d1], stride[d1] = tmp;
  lt_SavedArgs args = saved(d0, d1, 0, 0, 0);
  return new_view(ctx, t, t->offset, t->ndim, size, stride, &transpose_fn, &args, out);
}

lt_Status lt_permute(lt_Context *ctx, const lt_Tensor *t, const int *dims, lt_Tensor **out) {
  int64_t size[LT_MAX_DIMS], stride[LT_MAX_DIMS];
  bool seen[LT_MAX_DIMS] = {false};
  for (int i = 0; i < t->ndim; i++) {
    if (check_dim(ctx, t, dims[i]) != LT_OK) return LT_ERR;
    if (seen[dims[i]]) return lt_error(ctx, "dimension %d appears twice", dims[i] + 1);
    seen[dims[i]] = true;
    size[i] = t->size[dims[i]];
    stride[i] = t->stride[dims[i]];
  }
  lt_SavedArgs args = {NULL, {0}, {0, 0}};
  for (int i = 0; i < t->ndim; i++) args.i[i] = dims[i];
  return new_view(ctx, t, t->offset, t->ndim, size, stride, &permute_fn, &args, out);
}

lt_Status lt_slice(lt_Context *ctx, const lt_Tensor *t, int dim, int64_t start, int64_t count,
                   int64_t step, lt_Tensor **out) {
  int64_t size[LT_MAX_DIMS], stride[LT_MAX_DIMS];
  if (check_dim(ctx, t, dim) != LT_OK) return LT_ERR;
  if (step == 0) return lt_error(ctx, "slice step cannot be zero");
  if (count < 0) return lt_error(ctx, "slice length must be non-negative");
  int64_t last = start + (count - 1) * step;
  if (count > 0 && (start < 0 || start >= t->size[dim] || last < 0 || last >= t->size[dim]))
    return lt_error(ctx, "slice out of range for dimension %d of size %lld", dim + 1,
                    (long long)t->size[dim]);
  memcpy(size, t->size, sizeof size);
  memcpy(stride, t->stride, sizeof stride);
  size[dim] = count;
  stride[dim] = t->stride[dim] * step;
  int64_t offset = t->offset + (count > 0 ? start * t->stride[dim] : 0);
  lt_SavedArgs args = saved(EMBED_SLICE, dim, start, count, step);
  return new_view(ctx, t, offset, t->ndim, size, stride, &slice_fn, &args, out);
}

lt_Status lt_narrow(lt_Context *ctx, const lt_Tensor *t, int dim, int64_t start, int64_t length,
                    lt_Tensor **out) {
  if (check_dim(ctx, t, dim) != LT_OK) return LT_ERR;
  if (start < 0 || length < 0 || start > t->size[dim] - length)
    return lt_error(ctx, "elements [%lld, %lld) (0-based) exceed dimension %d of size %lld",
                    (long long)start, (long long)start + length, dim + 1, (long long)t->size[dim]);
  return lt_slice(ctx, t, dim, start, length, 1, out);
}

lt_Status lt_select(lt_Context *ctx, const lt_Tensor *t, int dim, int64_t index, lt_Tensor **out) {
  int64_t size[LT_MAX_DIMS], stride[LT_MAX_DIMS];
  if (check_dim(ctx, t, dim) != LT_OK) return LT_ERR;
  if (index < 0 || index >= t->size[dim])
    return lt_error(ctx, "index %lld out of range for dimension %d of size %lld",
                    (long long)index + 1, dim + 1, (long long)t->size[dim]);
  for (int i = 0, j = 0; i < t->ndim; i++) {
    if (i == dim) continue;
    size[j] = t->size[i];
    stride[j++] = t->stride[i];
  }
  lt_SavedArgs args = saved(EMBED_SELECT, dim, index, 0, 0);
  return new_view(ctx, t, t->offset + index * t->stride[dim], t->ndim - 1, size, stride, &select_fn, &args, out);
}

lt_Status lt_expand(lt_Context *ctx, const lt_Tensor *t, int ndim, const int64_t *req,
                    lt_Tensor **out) {
  int64_t size[LT_MAX_DIMS], stride[LT_MAX_DIMS];
  int lead = ndim - t->ndim;
  char a[LT_SHAPE_STR_SIZE], b[LT_SHAPE_STR_SIZE];
  if (ndim > LT_MAX_DIMS)
    return lt_error(ctx, "tensors have at most %d dimensions (got %d)", LT_MAX_DIMS, ndim);
  if (lead < 0)
    return lt_error(ctx, "the number of sizes provided (%d) must be greater or equal to the "
                         "number of dimensions in the tensor (%d)", ndim, t->ndim);
  for (int i = 0; i < ndim; i++) {
    int j = i - lead;
    if (j < 0) {
      if (req[i] < 0)
        return lt_error(ctx, "the expanded size %lld is not allowed in a leading, non-existing "
                             "dimension %d", (long long)req[i], i + 1);
      size[i] = req[i];
      stride[i] = 0;
    } else if (req[i] == -1 || req[i] == t->size[j]) {
      size[i] = t->size[j];
      stride[i] = t->stride[j];
    } else if (t->size[j] == 1 && req[i] >= 0) {
      size[i] = req[i];
      stride[i] = 0;
    } else {
      return lt_error(ctx, "the expanded size of the tensor (%lld) must match the existing size "
                           "(%lld) at non-singleton dimension %d; target sizes: %s, tensor sizes: %s",
                      (long long)req[i], (long long)t->size[j], i + 1,
                      lt_shape_str(a, sizeof a, ndim, req), lt_shape_str(b, sizeof b, t->ndim, t->size));
    }
  }
  return new_view(ctx, t, t->offset, ndim, size, stride, &expand_fn, NULL, out);
}

lt_Status lt_squeeze(lt_Context *ctx, const lt_Tensor *t, int dim, lt_Tensor **out) {
  int64_t size[LT_MAX_DIMS], stride[LT_MAX_DIMS];
  int n = 0;
  if (dim >= 0 && check_dim(ctx, t, dim) != LT_OK) return LT_ERR;
  for (int i = 0; i < t->ndim; i++) {
    if (t->size[i] == 1 && (dim < 0 || dim == i)) continue;
    size[n] = t->size[i];
    stride[n++] = t->stride[i];
  }
  return new_view(ctx, t, t->offset, n, size, stride, &squeeze_fn, NULL, out);
}

lt_Status lt_unsqueeze(lt_Context *ctx, const lt_Tensor *t, int dim, lt_Tensor **out) {
  int64_t size[LT_MAX_DIMS], stride[LT_MAX_DIMS];
  if (dim < 0 || dim > t->ndim)
    return lt_error(ctx, "dimension %d out of range for unsqueezing a %d-d tensor", dim + 1, t->ndim);
  if (t->ndim == LT_MAX_DIMS)
    return lt_error(ctx, "tensors have at most %d dimensions", LT_MAX_DIMS);
  for (int i = 0, j = 0; i <= t->ndim; i++) {
    if (i == dim) {
      size[i] = 1;
      stride[i] = dim < t->ndim ? t->size[dim] * t->stride[dim] : 1;
    } else {
      size[i] = t->size[j];
      stride[i] = t->stride[j++];
    }
  }
  return new_view(ctx, t, t->offset, t->ndim + 1, size, stride, &unsqueeze_fn, NULL, out);
}

lt_Status lt_unfold(lt_Context *ctx, const lt_Tensor *t, int dim, int64_t size, int64_t step,
                    lt_Tensor **out) {
  int64_t sizes[LT_MAX_DIMS], strides[LT_MAX_DIMS];
  int nd = t->ndim;
  if (nd == 0) return lt_error(ctx, "cannot unfold a 0-d tensor");
  if (check_dim(ctx, t, dim) != LT_OK) return LT_ERR;
  if (nd == LT_MAX_DIMS) return lt_error(ctx, "tensors have at most %d dimensions", LT_MAX_DIMS);
  if (step <= 0) return lt_error(ctx, "step must be positive (got %lld)", (long long)step);
  if (size < 0) return lt_error(ctx, "window size must be non-negative (got %lld)", (long long)size);
  if (size > t->size[dim])
    return lt_error(ctx, "window size %lld exceeds dimension %d of size %lld", (long long)size,
                    dim + 1, (long long)t->size[dim]);
  memcpy(sizes, t->size, sizeof sizes);
  memcpy(strides, t->stride, sizeof strides);
  /* dim now counts windows; a new last dim walks inside one window */
  sizes[dim] = (t->size[dim] - size) / step + 1;
  /* with one window the stride is never used; with more, it stays inside the tensor */
  strides[dim] = sizes[dim] > 1 ? t->stride[dim] * step : t->stride[dim];
  sizes[nd] = size;
  strides[nd] = t->stride[dim];
  lt_SavedArgs args = saved(EMBED_UNFOLD, dim, size, step, 0);
  return new_view(ctx, t, t->offset, nd + 1, sizes, strides, &unfold_fn, &args, out);
}

lt_Status lt_diagonal(lt_Context *ctx, const lt_Tensor *t, int64_t offset, int d0, int d1,
                      lt_Tensor **out) {
  int64_t size[LT_MAX_DIMS], stride[LT_MAX_DIMS], start = t->offset, n;
  int nd = 0;
  if (check_dim(ctx, t, d0) != LT_OK || check_dim(ctx, t, d1) != LT_OK) return LT_ERR;
  if (d0 == d1) return lt_error(ctx, "the diagonal needs two different dims (got %d twice)", d0 + 1);
  /* the first element is (0, offset) above the main diagonal, (-offset, 0) below it */
  if (offset >= 0) n = t->size[d1] - offset < t->size[d0] ? t->size[d1] - offset : t->size[d0];
  else n = t->size[d0] + offset < t->size[d1] ? t->size[d0] + offset : t->size[d1];
  if (n <= 0) n = 0; /* an empty diagonal stays at the tensor's offset: no address leaves it */
  else start += offset >= 0 ? offset * t->stride[d1] : -offset * t->stride[d0];
  for (int i = 0; i < t->ndim; i++) {
    if (i == d0 || i == d1) continue;
    size[nd] = t->size[i];
    stride[nd++] = t->stride[i];
  }
  size[nd] = n;
  stride[nd++] = t->stride[d0] + t->stride[d1];
  lt_SavedArgs args = saved(EMBED_DIAGONAL, offset, d0, d1, 0);
  return new_view(ctx, t, start, nd, size, stride, &diagonal_fn, &args, out);
}
