/*
** ops_stats.c: ops derived from the primitives (sum, amax, element-wise ops): mean, var/std,
** norm, logsumexp, softmax, log_softmax, and lerp. They need no kernels of their own (and will
** need no gradients of their own either).
*/
#include <math.h>

#include "lt_ops.h"
#include "lt_reduce.h"
#include "lt_stats.h"

/* Temporaries of one derived op, released together at the end (no op here needs more than 8). */
typedef struct {
  lt_Tensor *t[12];
  int n;
} Temps;

static lt_Tensor **temp(Temps *s) {
  s->t[s->n] = NULL;
  return &s->t[s->n++];
}

static lt_Status drop(Temps *s, lt_Status st) {
  for (int i = 0; i < s->n; i++) lt_tensor_release(s->t[i]);
  return st;
}

static lt_Operand tensor_operand(const lt_Tensor *t) { return (lt_Operand){t, false}; }

/* a binary op with a Lua-like number operand; slot holds the scalar */
typedef struct {
  lt_Tensor t;
  lt_Storage s;
  _Alignas(8) char buf[8];
} Scalar;

static lt_Operand number(Scalar *slot, double v) {
  lt_scalar_tensor(&slot->t, &slot->s, slot->buf, LT_FLOAT64, lt_scalar_float(v));
  return (lt_Operand){&slot->t, true};
}

static lt_Status binary(lt_Context *ctx, const char *name, lt_Operand a, lt_Operand b, lt_Tensor *out,
                        lt_Tensor **result) {
  return lt_binary(ctx, lt_find_binary(name), a, b, out, result);
}

static lt_Status unary(lt_Context *ctx, const char *name, const lt_Tensor *a, lt_Tensor *out,
                       lt_Tensor **result) {
  return lt_unary(ctx, lt_find_unary(name), a, out, result);
}

static lt_Status require_float(lt_Context *ctx, const lt_Tensor *t) {
  if (lt_dtype_is_float(t->dtype)) return LT_OK;
  return lt_error(ctx, "expected a floating point tensor, got %s", lt_dtype_name(t->dtype));
}

static uint32_t full_mask(const lt_Tensor *t, uint32_t mask) {
  return mask != 0 || t->ndim == 0 ? mask : (uint32_t)((1u << t->ndim) - 1);
}

/* how many elements each output of a reduction over mask combines */
static int64_t reduced_count(const lt_Tensor *t, uint32_t mask) {
  int64_t n = 1;
  mask = full_mask(t, mask);
  for (int d = 0; d < t->ndim; d++)
    if (mask >> d & 1) n *= t->size[d];
  return n;
}

/* drops the size-1 dims of mask from a keepdim result (a view) */
static lt_Status squeeze_dims(lt_Context *ctx, const lt_Tensor *t, uint32_t mask, lt_Tensor **out) {
  int64_t size[LT_MAX_DIMS];
  int n = 0;
  mask = full_mask(t, mask);
  for (int d = 0; d < t->ndim; d++)
    if (!(mask >> d & 1)) size[n++] = t->size[d];
  return lt_view(ctx, t, n, size, out);
}

/* the reduction's result divided in place by a count */
static lt_Status divide_by(lt_Context *ctx, lt_Tensor *t, double count) {
  Scalar c;
  lt_Tensor *same;
  lt_Status st = binary(ctx, "div", tensor_operand(t), number(&c, count), t, &same);
  lt_tensor_release(same);
  return st;
}

lt_Status lt_mean(lt_Context *ctx, const lt_Tensor *t, uint32_t mask, bool keepdim, lt_Tensor **out) {
  lt_Status st = require_float(ctx, t);
  if (st == LT_OK) st = lt_reduce(ctx, LT_REDUCE_SUM, t, mask, keepdim, out);
  if (st == LT_OK && (st = divide_by(ctx, *out, (double)reduced_count(t, mask))) != LT_OK) {
    lt_tensor_release(*out);
    *out = NULL;
  }
  return st;
}

lt_Status lt_var(lt_Context *ctx, const lt_Tensor *t, uint32_t mask, int64_t correction, bool keepdim,
                 bool take_sqrt, lt_Tensor **out) {
  Temps s = {{NULL}, 0};
  lt_Tensor **mean = temp(&s), **dev = temp(&s), **same = temp(&s);
  lt_Status st = lt_mean(ctx, t, mask, true, mean);
  if (st == LT_OK) st = binary(ctx, "sub", tensor_operand(t), tensor_operand(*mean), NULL, dev);
  if (st == LT_OK) st = unary(ctx, "square", *dev, *dev, same);
  if (st == LT_OK) st = lt_reduce(ctx, LT_REDUCE_SUM, *dev, mask, keepdim, out);
  if (st == LT_OK) {
    int64_t n = reduced_count(t, mask) - correction;
    st = divide_by(ctx, *out, n > 0 ? (double)n : 0.0); /* 0/0 gives NaN, as PyTorch */
    if (st == LT_OK && take_sqrt) st = unary(ctx, "sqrt", *out, *out, temp(&s));
    if (st != LT_OK) lt_tensor_release(*out), *out = NULL;
  }
  return drop(&s, st);
}

lt_Status lt_norm(lt_Context *ctx, const lt_Tensor *t, double p, uint32_t mask, bool keepdim, lt_Tensor **out) {
  Temps s = {{NULL}, 0};
  lt_Tensor **a = temp(&s);
  Scalar c;
  lt_Status st = require_float(ctx, t);
  if (st == LT_OK) st = unary(ctx, "abs", t, NULL, a);
  if (st != LT_OK) return drop(&s, st);
  if (isinf(p)) return drop(&s, lt_reduce(ctx, p > 0 ? LT_REDUCE_MAX : LT_REDUCE_MIN, *a, mask, keepdim, out));
  if (p == 0) { /* the count of nonzero elements */
    lt_Tensor **nz = temp(&s);
    st = binary(ctx, "ne", tensor_operand(*a), number(&c, 0), NULL, nz);
    if (st == LT_OK) st = lt_reduce(ctx, LT_REDUCE_SUM, *nz, mask, keepdim, temp(&s));
    if (st == LT_OK) st = lt_to_dtype(ctx, s.t[s.n - 1], t->dtype, out);
    return drop(&s, st);
  }
  if (p != 1) st = p == 2 ? unary(ctx, "square", *a, *a, temp(&s))
                          : binary(ctx, "pow", tensor_operand(*a), number(&c, p), *a, temp(&s));
  if (st == LT_OK) st = lt_reduce(ctx, LT_REDUCE_SUM, *a, mask, keepdim, out);
  if (st == LT_OK && p != 1) {
    st = p == 2 ? unary(ctx, "sqrt", *out, *out, temp(&s))
                : binary(ctx, "pow", tensor_operand(*out), number(&c, 1.0 / p), *out, temp(&s));
    if (st != LT_OK) lt_tensor_release(*out), *out = NULL;
  }
  return drop(&s, st);
}

/* The stable pieces of log-sum-exp over mask (kept dims): m, the max (0 where it is infinite,
   so that rows of -inf or inf do not turn into NaN), d = t - m, and log(sum(exp(d))).
   logsumexp is m + that; log_softmax is d - that (subtracting from d, never from t, keeps
   float32 precise for large values). The three tensors are registered in s. */
static lt_Status shifted_log_sum(lt_Context *ctx, const lt_Tensor *t, uint32_t mask, Temps *s,
                                 lt_Tensor **m, lt_Tensor **d, lt_Tensor **log_sum) {
  lt_Tensor **max = temp(s), **absmax = temp(s), **infinite = temp(s), **e = temp(s), **same = temp(s);
  Scalar c0, cinf;
  lt_Status st = lt_reduce(ctx, LT_REDUCE_MAX, t, mask, true, max);
  if (st == LT_OK) st = unary(ctx, "abs", *max, NULL, absmax);
  if (st == LT_OK) st = binary(ctx, "eq", tensor_operand(*absmax), number(&cinf, INFINITY), NULL, infinite);
  if (st == LT_OK) st = lt_where(ctx, *infinite, number(&c0, 0), tensor_operand(*max), NULL, NULL, m);
  if (st == LT_OK) st = binary(ctx, "sub", tensor_operand(t), tensor_operand(*m), NULL, d);
  if (st == LT_OK) st = unary(ctx, "exp", *d, NULL, e);
  if (st == LT_OK) st = lt_reduce(ctx, LT_REDUCE_SUM, *e, mask, true, log_sum);
  if (st == LT_OK) st = unary(ctx, "log", *log_sum, *log_sum, same);
  return st;
}

/* logsumexp with kept dims; an empty reduction gives -inf (the log of an empty sum) */
static lt_Status logsumexp_keepdim(lt_Context *ctx, const lt_Tensor *t, uint32_t mask, lt_Tensor **out) {
  Temps s = {{NULL}, 0};
  lt_Tensor **m = temp(&s), **d = temp(&s), **log_sum = temp(&s);
  lt_Status st = require_float(ctx, t);
  *out = NULL;
  if (st == LT_OK && reduced_count(t, mask) == 0) {
    int64_t size[LT_MAX_DIMS];
    mask = full_mask(t, mask);
    for (int i = 0; i < t->ndim; i++) size[i] = (mask >> i & 1) ? 1 : t->size[i];
    return drop(&s, lt_full(ctx, t->dtype, t->ndim, size, lt_scalar_float(-INFINITY), out));
  }
  if (st == LT_OK) st = shifted_log_sum(ctx, t, mask, &s, m, d, log_sum);
  if (st == LT_OK) st = binary(ctx, "add", tensor_operand(*log_sum), tensor_operand(*m), NULL, out);
  return drop(&s, st);
}

lt_Status lt_logsumexp(lt_Context *ctx, const lt_Tensor *t, uint32_t mask, bool keepdim, lt_Tensor **out) {
  lt_Tensor *kept;
  lt_Status st = logsumexp_keepdim(ctx, t, mask, &kept);
  if (st != LT_OK || keepdim) {
    *out = st == LT_OK ? kept : NULL;
    return st;
  }
  st = squeeze_dims(ctx, kept, mask, out);
  lt_tensor_release(kept);
  return st;
}

lt_Status lt_softmax(lt_Context *ctx, const lt_Tensor *t, int dim, bool log_form, lt_Tensor **out) {
  Temps s = {{NULL}, 0};
  uint32_t mask = 1u << dim;
  lt_Status st = require_float(ctx, t);
  *out = NULL;
  if (st == LT_OK && (dim < 0 || dim >= t->ndim))
    st = lt_error(ctx, "dimension out of range for a %d-d tensor", t->ndim);
  if (st == LT_OK && lt_numel(t) == 0) return lt_empty_like(ctx, t, t->dtype, out);
  if (st == LT_OK && log_form) {
    lt_Tensor **m = temp(&s), **d = temp(&s), **log_sum = temp(&s);
    if ((st = shifted_log_sum(ctx, t, mask, &s, m, d, log_sum)) == LT_OK)
      st = binary(ctx, "sub", tensor_operand(*d), tensor_operand(*log_sum), NULL, out);
    return drop(&s, st);
  }
  lt_Tensor **m = temp(&s), **sum = temp(&s), **same = temp(&s);
  if (st == LT_OK) st = lt_reduce(ctx, LT_REDUCE_MAX, t, mask, true, m);
  if (st == LT_OK) st = binary(ctx, "sub", tensor_operand(t), tensor_operand(*m), NULL, out);
  if (st == LT_OK) st = unary(ctx, "exp", *out, *out, same);
  if (st == LT_OK) st = lt_reduce(ctx, LT_REDUCE_SUM, *out, mask, true, sum);
  if (st == LT_OK) st = binary(ctx, "div", tensor_operand(*out), tensor_operand(*sum), *out, temp(&s));
  if (st != LT_OK && *out != NULL) lt_tensor_release(*out), *out = NULL;
  return drop(&s, st);
}

/* PyTorch's form, exact at both ends: start + w (end - start) where |w| < 0.5, else
   end - (end - start)(1 - w) */
lt_Status lt_lerp(lt_Context *ctx, const lt_Tensor *start, const lt_Tensor *end, lt_Operand weight,
                  lt_Tensor *out, lt_Tensor **result) {
  Temps s = {{NULL}, 0};
  lt_Tensor **diff = temp(&s), **scaled = temp(&s);
  Scalar one;
  *result = NULL;
  if (!lt_dtype_is_float(start->dtype) || !lt_dtype_is_float(end->dtype) ||
      (!weight.wrapped && !lt_dtype_is_float(weight.t->dtype)))
    return lt_error(ctx, "expected floating point tensors, got %s, %s and %s", lt_dtype_name(start->dtype),
                    lt_dtype_name(end->dtype), weight.wrapped ? "a number" : lt_dtype_name(weight.t->dtype));
  lt_Status st = binary(ctx, "sub", tensor_operand(end), tensor_operand(start), NULL, diff);
  if (st == LT_OK && weight.wrapped) {
    double w = lt_scalar_as_double(lt_read_scalar(weight.t->dtype, lt_data(weight.t)));
    Scalar c;
    if (fabs(w) < 0.5) {
      st = binary(ctx, "mul", tensor_operand(*diff), number(&c, w), NULL, scaled);
      if (st == LT_OK) st = binary(ctx, "add", tensor_operand(start), tensor_operand(*scaled), out, result);
    } else {
      st = binary(ctx, "mul", tensor_operand(*diff), number(&c, 1 - w), NULL, scaled);
      if (st == LT_OK) st = binary(ctx, "sub", tensor_operand(end), tensor_operand(*scaled), out, result);
    }
    return drop(&s, st);
  }
  lt_Tensor **low = temp(&s), **rest = temp(&s), **rest_diff = temp(&s), **high = temp(&s),
            **absw = temp(&s), **small = temp(&s);
  Scalar half;
  if (st == LT_OK) st = binary(ctx, "mul", weight, tensor_operand(*diff), NULL, scaled);
  if (st == LT_OK) st = binary(ctx, "add", tensor_operand(start), tensor_operand(*scaled), NULL, low);
  if (st == LT_OK) st = binary(ctx, "sub", number(&one, 1), weight, NULL, rest);
  if (st == LT_OK) st = binary(ctx, "mul", tensor_operand(*diff), tensor_operand(*rest), NULL, rest_diff);
  if (st == LT_OK) st = binary(ctx, "sub", tensor_operand(end), tensor_operand(*rest_diff), NULL, high);
  if (st == LT_OK) st = unary(ctx, "abs", weight.t, NULL, absw);
  if (st == LT_OK) st = binary(ctx, "lt", tensor_operand(*absw), number(&half, 0.5), NULL, small);
  if (st == LT_OK) st = lt_where(ctx, *small, tensor_operand(*low), tensor_operand(*high), NULL, out, result);
  return drop(&s, st);
}
