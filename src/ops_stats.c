/*
** ops_stats.c: ops derived from the primitives (sum, amax, element-wise ops): mean, var/std,
** norm, logsumexp, softmax, log_softmax, lerp and clamp. They need no kernels of their own.
**
** Each one computes with recording off (its pieces write into their own temporaries, which a
** tape would refuse) and is then recorded as one entry with its own backward rule, written from
** core ops beside it: fewer entries than its pieces would make, and tidier numerics.
*/
#include <math.h>

#include "lt_grad.h"
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


static lt_Status binary(lt_Context *ctx, int op, lt_Operand a, lt_Operand b, lt_Tensor *out,
                        lt_Tensor **result) {
  return lt_binary(ctx, &lt_binary_ops[op], a, b, out, result);
}

static lt_Status unary(lt_Context *ctx, int op, const lt_Tensor *a, lt_Tensor *out,
                       lt_Tensor **result) {
  return lt_unary(ctx, &lt_unary_ops[op], a, out, result);
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

/* records the op's result (released on failure) */
static lt_Status recorded(lt_Context *ctx, lt_Status st, const lt_GradFn *fn, int nin, const lt_Tensor *const *in,
                          const lt_SavedArgs *args, lt_Tensor **out) {
  if (st == LT_OK && lt_recording(ctx)) st = lt_record(ctx, fn, nin, in, *out, args);
  if (st != LT_OK) lt_tensor_release(*out), *out = NULL;
  return st;
}

/* ---- chain helpers for the backward rules ---- */

/* t (a reduction of x over mask, dims kept or not) with the reduced dims kept as size 1 */
static lt_Tensor *g_kept(lt_G *g, const lt_Tensor *t, const lt_Tensor *x, uint32_t mask) {
  int64_t size[LT_MAX_DIMS];
  lt_Tensor *r = NULL;
  if (g->st != LT_OK || t == NULL) return NULL;
  mask = full_mask(x, mask);
  for (int d = 0; d < x->ndim; d++) size[d] = (mask >> d & 1) ? 1 : x->size[d];
  if ((g->st = lt_reshape(g->ctx, t, x->ndim, size, &r)) != LT_OK) return NULL;
  return lt_g_add(g, r);
}

static lt_Tensor *g_sum(lt_G *g, const lt_Tensor *t, uint32_t mask) {
  lt_Tensor *r = NULL;
  if (g->st != LT_OK || t == NULL) return NULL;
  if ((g->st = lt_reduce(g->ctx, LT_REDUCE_SUM, t, mask, true, &r)) != LT_OK) return NULL;
  return lt_g_add(g, r);
}

static lt_Tensor *g_expand(lt_G *g, const lt_Tensor *t, const lt_Tensor *like) {
  lt_Tensor *r = NULL;
  if (g->st != LT_OK || t == NULL) return NULL;
  if ((g->st = lt_expand(g->ctx, t, like->ndim, like->size, &r)) != LT_OK) return NULL;
  return lt_g_add(g, r);
}

#define X (e->in[0])
#define Y (e->out)
#define MASK ((uint32_t)e->args.i[0])
#define MUL(a, b) lt_g_mul(&g, a, b)
#define DIV(a, b) lt_g_div(&g, a, b)
#define BIN(op, a, b) lt_g_binary(&g, LT_OP_##op, a, b)
#define BN(op, a, v) lt_g_binary_number(&g, LT_OP_##op, a, v)
#define NB(op, v, a) lt_g_number_binary(&g, LT_OP_##op, v, a)
#define UN(op, a) lt_g_unary(&g, LT_OP_##op, a)
#define WHERE(c, a, b) lt_g_where(&g, c, a, b)
#define NUM(v) lt_g_number(&g, v)
#define KEPT(t) g_kept(&g, t, X, MASK)

/* the reduction's result divided in place by a count */
static lt_Status divide_by(lt_Context *ctx, lt_Tensor *t, double count) {
  lt_NumberSlot c;
  lt_Tensor *same;
  lt_Status st = binary(ctx, LT_OP_DIV, tensor_operand(t), lt_number_operand(&c, count), t, &same);
  lt_tensor_release(same);
  return st;
}

/* mean: grad / N at every element; args: i[0] the dims mask, i[1] keepdim */
static lt_Status mean_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                               lt_Tensor **grads) {
  lt_G g = LT_G(ctx);
  (void)needs;
  grads[0] = lt_g_keep(&g, g_expand(&g, KEPT(BN(DIV, grad, (double)reduced_count(X, MASK))), X));
  return lt_g_end(&g);
}

static const lt_GradFn mean_fn = {"mean", mean_backward, 0};

static lt_Status mean_forward(lt_Context *ctx, const lt_Tensor *t, uint32_t mask, bool keepdim, lt_Tensor **out) {
  lt_Status st = require_float(ctx, t);
  if (st == LT_OK) st = lt_reduce(ctx, LT_REDUCE_SUM, t, mask, keepdim, out);
  if (st == LT_OK && (st = divide_by(ctx, *out, (double)reduced_count(t, mask))) != LT_OK) {
    lt_tensor_release(*out);
    *out = NULL;
  }
  return st;
}

lt_Status lt_mean(lt_Context *ctx, const lt_Tensor *t, uint32_t mask, bool keepdim, lt_Tensor **out) {
  lt_SavedArgs args = {NULL, {full_mask(t, mask), keepdim}, {0, 0}};
  *out = NULL;
  ctx->no_record++;
  lt_Status st = mean_forward(ctx, t, mask, keepdim, out);
  ctx->no_record--;
  return recorded(ctx, st, &mean_fn, 1, &t, &args, out);
}

/* var: 2 (x - mean) / (N - correction) grad; std: var's rule for grad / (2 std), 0 where std
   is 0 (as PyTorch). The mean is computed again, on the outer tapes, so that gradients of
   gradients see it depend on x. args: i[0] the dims mask, i[1] keepdim, i[2] the correction */
static lt_Status spread_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, lt_Tensor **grads,
                                 bool is_std) {
  lt_G g = LT_G(ctx);
  lt_Tensor *mean = NULL;
  int64_t n = reduced_count(X, MASK) - e->args.i[2];
  if (is_std) {
    lt_Tensor *zero = BN(EQ, Y, 0);
    grad = WHERE(zero, NUM(0), DIV(grad, WHERE(zero, NUM(1), BN(MUL, Y, 2))));
  }
  if (g.st == LT_OK && (g.st = lt_mean(ctx, X, MASK, true, &mean)) == LT_OK) lt_g_add(&g, mean);
  grads[0] = lt_g_keep(&g, MUL(BN(MUL, KEPT(grad), 2.0 / (n > 0 ? (double)n : 0.0)), BIN(SUB, X, mean)));
  return lt_g_end(&g);
}

static lt_Status var_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                              lt_Tensor **grads) {
  (void)needs;
  return spread_backward(ctx, e, grad, grads, false);
}

static lt_Status std_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                              lt_Tensor **grads) {
  (void)needs;
  return spread_backward(ctx, e, grad, grads, true);
}

static const lt_GradFn var_fn = {"var", var_backward, LT_USES_IN(0)},
                       std_fn = {"std", std_backward, LT_USES_IN(0) | LT_USES_OUT};

static lt_Status var_forward(lt_Context *ctx, const lt_Tensor *t, uint32_t mask, int64_t correction, bool keepdim,
                             bool take_sqrt, lt_Tensor **out) {
  Temps s = {{NULL}, 0};
  lt_Tensor **mean = temp(&s), **dev = temp(&s), **same = temp(&s);
  lt_Status st = lt_mean(ctx, t, mask, true, mean);
  if (st == LT_OK) st = binary(ctx, LT_OP_SUB, tensor_operand(t), tensor_operand(*mean), NULL, dev);
  if (st == LT_OK) st = unary(ctx, LT_OP_SQUARE, *dev, *dev, same);
  if (st == LT_OK) st = lt_reduce(ctx, LT_REDUCE_SUM, *dev, mask, keepdim, out);
  if (st == LT_OK) {
    int64_t n = reduced_count(t, mask) - correction;
    st = divide_by(ctx, *out, n > 0 ? (double)n : 0.0); /* 0/0 gives NaN, as PyTorch */
    if (st == LT_OK && take_sqrt) st = unary(ctx, LT_OP_SQRT, *out, *out, temp(&s));
    if (st != LT_OK) lt_tensor_release(*out), *out = NULL;
  }
  return drop(&s, st);
}

lt_Status lt_var(lt_Context *ctx, const lt_Tensor *t, uint32_t mask, int64_t correction, bool keepdim,
                 bool take_sqrt, lt_Tensor **out) {
  lt_SavedArgs args = {NULL, {full_mask(t, mask), keepdim, correction}, {0, 0}};
  *out = NULL;
  ctx->no_record++;
  lt_Status st = var_forward(ctx, t, mask, correction, keepdim, take_sqrt, out);
  ctx->no_record--;
  return recorded(ctx, st, take_sqrt ? &std_fn : &var_fn, 1, &t, &args, out);
}

/* norm, PyTorch's rules (norm_backward). p = 0: none; 1: sign(x) grad; 2: x / norm grad, 0 where
   the norm is 0; +-inf: sign(x) grad shared evenly by the elements with |x| == norm (or NaN);
   otherwise sign(x) |x|^(p-1) / norm^(p-1) grad, with 0 for x == 0 (p < 1) or norm == 0.
   Masked denominators and powers are made harmless first, so that gradients of gradients see
   no 0 * inf. args: i[0] the dims mask, i[1] keepdim, f[0] p */
static lt_Status norm_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                               lt_Tensor **grads) {
  lt_G g = LT_G(ctx);
  double p = e->args.f[0];
  (void)needs;
  if (p == 0) { /* a count: zero almost everywhere */
    grads[0] = lt_g_keep(&g, lt_g_zeros_like(&g, X));
    return lt_g_end(&g);
  }
  lt_Tensor *gk = KEPT(grad), *norm = KEPT(Y), *zero = NUM(0), *one = NUM(1), *d;
  if (p == 1) {
    d = MUL(gk, UN(SIGN, X));
  } else if (isinf(p)) {
    lt_Tensor *a = UN(ABS, X), *hit = BIN(LOGICAL_OR, BIN(EQ, a, norm), BIN(NE, a, a));
    d = MUL(UN(SIGN, X), WHERE(hit, DIV(gk, g_sum(&g, hit, MASK)), zero));
  } else if (p < 1) {
    lt_Tensor *at0 = BN(EQ, X, 0), *a = WHERE(at0, one, UN(ABS, X));
    lt_Tensor *scaled = MUL(UN(SIGN, X), WHERE(at0, zero, BN(POW, a, p - 1)));
    d = MUL(MUL(scaled, gk), BN(POW, norm, 1 - p));
  } else {
    lt_Tensor *flat = BN(EQ, norm, 0), *safe_norm = WHERE(flat, one, norm);
    if (p == 2) {
      d = MUL(gk, WHERE(flat, zero, DIV(X, safe_norm)));
    } else {
      lt_Tensor *scaled = p < 2 ? MUL(UN(SIGN, X), BN(POW, UN(ABS, X), p - 1)) : MUL(X, BN(POW, UN(ABS, X), p - 2));
      d = MUL(scaled, WHERE(flat, zero, DIV(gk, BN(POW, safe_norm, p - 1))));
    }
  }
  grads[0] = lt_g_keep(&g, d);
  return lt_g_end(&g);
}

static const lt_GradFn norm_fn = {"norm", norm_backward, LT_USES_IN(0) | LT_USES_OUT};

static lt_Status norm_forward(lt_Context *ctx, const lt_Tensor *t, double p, uint32_t mask, bool keepdim,
                              lt_Tensor **out) {
  Temps s = {{NULL}, 0};
  lt_Tensor **a = temp(&s);
  lt_NumberSlot c;
  lt_Status st = require_float(ctx, t);
  if (st == LT_OK) st = unary(ctx, LT_OP_ABS, t, NULL, a);
  if (st != LT_OK) return drop(&s, st);
  if (isinf(p)) return drop(&s, lt_reduce(ctx, p > 0 ? LT_REDUCE_MAX : LT_REDUCE_MIN, *a, mask, keepdim, out));
  if (p == 0) { /* the count of nonzero elements */
    lt_Tensor **nz = temp(&s);
    st = binary(ctx, LT_OP_NE, tensor_operand(*a), lt_number_operand(&c, 0), NULL, nz);
    if (st == LT_OK) st = lt_reduce(ctx, LT_REDUCE_SUM, *nz, mask, keepdim, temp(&s));
    if (st == LT_OK) st = lt_to_dtype(ctx, s.t[s.n - 1], t->dtype, out);
    return drop(&s, st);
  }
  if (p != 1) st = p == 2 ? unary(ctx, LT_OP_SQUARE, *a, *a, temp(&s))
                          : binary(ctx, LT_OP_POW, tensor_operand(*a), lt_number_operand(&c, p), *a, temp(&s));
  if (st == LT_OK) st = lt_reduce(ctx, LT_REDUCE_SUM, *a, mask, keepdim, out);
  if (st == LT_OK && p != 1) {
    st = p == 2 ? unary(ctx, LT_OP_SQRT, *out, *out, temp(&s))
                : binary(ctx, LT_OP_POW, tensor_operand(*out), lt_number_operand(&c, 1.0 / p), *out, temp(&s));
    if (st != LT_OK) lt_tensor_release(*out), *out = NULL;
  }
  return drop(&s, st);
}

lt_Status lt_norm(lt_Context *ctx, const lt_Tensor *t, double p, uint32_t mask, bool keepdim, lt_Tensor **out) {
  lt_SavedArgs args = {NULL, {full_mask(t, mask), keepdim}, {p, 0}};
  *out = NULL;
  ctx->no_record++;
  lt_Status st = norm_forward(ctx, t, p, mask, keepdim, out);
  ctx->no_record--;
  return recorded(ctx, st, &norm_fn, 1, &t, &args, out);
}

/* The stable pieces of log-sum-exp over mask (kept dims): m, the max, d = t - m, and
   log(sum(exp(d))). logsumexp is m + that, with m taken as 0 where the max is infinite (so
   that rows of -inf or inf give -inf or inf, not NaN); log_softmax is d - that with the true
   max (a row holding inf is NaN, as softmax's and PyTorch's; subtracting from d, never from t,
   keeps float32 precise for large values). The three tensors are registered in s. */
static lt_Status shifted_log_sum(lt_Context *ctx, const lt_Tensor *t, uint32_t mask, bool finite_shift, Temps *s,
                                 lt_Tensor **m, lt_Tensor **d, lt_Tensor **log_sum) {
  lt_Tensor **max = temp(s), **absmax = temp(s), **infinite = temp(s), **e = temp(s), **same = temp(s);
  lt_NumberSlot c0, cinf;
  lt_Status st = lt_reduce(ctx, LT_REDUCE_MAX, t, mask, true, finite_shift ? max : m);
  if (st == LT_OK && finite_shift) st = unary(ctx, LT_OP_ABS, *max, NULL, absmax);
  if (st == LT_OK && finite_shift)
    st = binary(ctx, LT_OP_EQ, tensor_operand(*absmax), lt_number_operand(&cinf, INFINITY), NULL, infinite);
  if (st == LT_OK && finite_shift)
    st = lt_where(ctx, *infinite, lt_number_operand(&c0, 0), tensor_operand(*max), NULL, NULL, m);
  if (st == LT_OK) st = binary(ctx, LT_OP_SUB, tensor_operand(t), tensor_operand(*m), NULL, d);
  if (st == LT_OK) st = unary(ctx, LT_OP_EXP, *d, NULL, e);
  if (st == LT_OK) st = lt_reduce(ctx, LT_REDUCE_SUM, *e, mask, true, log_sum);
  if (st == LT_OK) st = unary(ctx, LT_OP_LOG, *log_sum, *log_sum, same);
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
  if (st == LT_OK) st = shifted_log_sum(ctx, t, mask, true, &s, m, d, log_sum);
  if (st == LT_OK) st = binary(ctx, LT_OP_ADD, tensor_operand(*log_sum), tensor_operand(*m), NULL, out);
  return drop(&s, st);
}

/* logsumexp: exp(x - out) grad, the softmax of x; args: i[0] the dims mask, i[1] keepdim */
static lt_Status logsumexp_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                                    lt_Tensor **grads) {
  lt_G g = LT_G(ctx);
  (void)needs;
  grads[0] = lt_g_keep(&g, MUL(KEPT(grad), UN(EXP, BIN(SUB, X, KEPT(Y)))));
  return lt_g_end(&g);
}

static const lt_GradFn logsumexp_fn = {"logsumexp", logsumexp_backward, LT_USES_IN(0) | LT_USES_OUT};

static lt_Status logsumexp_forward(lt_Context *ctx, const lt_Tensor *t, uint32_t mask, bool keepdim,
                                   lt_Tensor **out) {
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

lt_Status lt_logsumexp(lt_Context *ctx, const lt_Tensor *t, uint32_t mask, bool keepdim, lt_Tensor **out) {
  lt_SavedArgs args = {NULL, {full_mask(t, mask), keepdim}, {0, 0}};
  *out = NULL;
  ctx->no_record++;
  lt_Status st = logsumexp_forward(ctx, t, mask, keepdim, out);
  ctx->no_record--;
  return recorded(ctx, st, &logsumexp_fn, 1, &t, &args, out);
}

/* softmax: y (grad - sum(grad y)); log_softmax: grad - exp(y) sum(grad), sums along the dim.
   Both read only the output. args: i[0] the dims mask (the one dim) */
static lt_Status softmax_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                                  lt_Tensor **grads) {
  lt_G g = LT_G(ctx);
  (void)needs;
  grads[0] = lt_g_keep(&g, MUL(Y, BIN(SUB, grad, g_sum(&g, MUL(grad, Y), MASK))));
  return lt_g_end(&g);
}

static lt_Status log_softmax_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad,
                                      const bool *needs, lt_Tensor **grads) {
  lt_G g = LT_G(ctx);
  (void)needs;
  grads[0] = lt_g_keep(&g, BIN(SUB, grad, MUL(UN(EXP, Y), g_sum(&g, grad, MASK))));
  return lt_g_end(&g);
}

static const lt_GradFn softmax_fn = {"softmax", softmax_backward, LT_USES_OUT},
                       log_softmax_fn = {"log_softmax", log_softmax_backward, LT_USES_OUT};

static lt_Status softmax_forward(lt_Context *ctx, const lt_Tensor *t, int dim, bool log_form, lt_Tensor **out) {
  Temps s = {{NULL}, 0};
  uint32_t mask = 1u << dim;
  lt_Status st = require_float(ctx, t);
  *out = NULL;
  if (st == LT_OK && (dim < 0 || dim >= t->ndim))
    st = lt_error(ctx, "dimension out of range for a %d-d tensor", t->ndim);
  if (st == LT_OK && lt_numel(t) == 0) return lt_empty_like(ctx, t, t->dtype, out);
  if (st == LT_OK && log_form) {
    lt_Tensor **m = temp(&s), **d = temp(&s), **log_sum = temp(&s);
    if ((st = shifted_log_sum(ctx, t, mask, false, &s, m, d, log_sum)) == LT_OK)
      st = binary(ctx, LT_OP_SUB, tensor_operand(*d), tensor_operand(*log_sum), NULL, out);
    return drop(&s, st);
  }
  lt_Tensor **m = temp(&s), **sum = temp(&s), **same = temp(&s);
  if (st == LT_OK) st = lt_reduce(ctx, LT_REDUCE_MAX, t, mask, true, m);
  if (st == LT_OK) st = binary(ctx, LT_OP_SUB, tensor_operand(t), tensor_operand(*m), NULL, out);
  if (st == LT_OK) st = unary(ctx, LT_OP_EXP, *out, *out, same);
  if (st == LT_OK) st = lt_reduce(ctx, LT_REDUCE_SUM, *out, mask, true, sum);
  if (st == LT_OK) st = binary(ctx, LT_OP_DIV, tensor_operand(*out), tensor_operand(*sum), *out, temp(&s));
  if (st != LT_OK && *out != NULL) lt_tensor_release(*out), *out = NULL;
  return drop(&s, st);
}

lt_Status lt_softmax(lt_Context *ctx, const lt_Tensor *t, int dim, bool log_form, lt_Tensor **out) {
  lt_SavedArgs args = {NULL, {(int64_t)1 << dim}, {0, 0}};
  *out = NULL;
  ctx->no_record++;
  lt_Status st = softmax_forward(ctx, t, dim, log_form, out);
  ctx->no_record--;
  return recorded(ctx, st, log_form ? &log_softmax_fn : &softmax_fn, 1, &t, &args, out);
}

/* PyTorch's form, exact at both ends: start + w (end - start) where |w| < 0.5, else
   end - (end - start)(1 - w). One pass without temporaries (lt_lerp_fused, the same bits), except
   for a tensor weight whose dtype is not the result's: composed from the primitives below. */
static lt_Status lerp_forward(lt_Context *ctx, const lt_Tensor *start, const lt_Tensor *end, lt_Operand weight,
                             lt_Tensor *out, lt_Tensor **result) {
  lt_Status st;
  if (lt_lerp_fused(ctx, start, end, weight, out, result, &st)) return st;
  Temps s = {{NULL}, 0};
  lt_Tensor **diff = temp(&s), **scaled = temp(&s);
  lt_NumberSlot one;
  st = binary(ctx, LT_OP_SUB, tensor_operand(end), tensor_operand(start), NULL, diff);
  if (st == LT_OK && weight.wrapped) {
    double w = lt_scalar_as_double(lt_read_scalar(weight.t->dtype, lt_data(weight.t)));
    lt_NumberSlot c;
    if (fabs(w) < 0.5) {
      st = binary(ctx, LT_OP_MUL, tensor_operand(*diff), lt_number_operand(&c, w), NULL, scaled);
      if (st == LT_OK) st = binary(ctx, LT_OP_ADD, tensor_operand(start), tensor_operand(*scaled), out, result);
    } else {
      st = binary(ctx, LT_OP_MUL, tensor_operand(*diff), lt_number_operand(&c, 1 - w), NULL, scaled);
      if (st == LT_OK) st = binary(ctx, LT_OP_SUB, tensor_operand(end), tensor_operand(*scaled), out, result);
    }
    return drop(&s, st);
  }
  lt_Tensor **low = temp(&s), **rest = temp(&s), **rest_diff = temp(&s), **high = temp(&s),
            **absw = temp(&s), **small = temp(&s);
  lt_NumberSlot half;
  if (st == LT_OK) st = binary(ctx, LT_OP_MUL, weight, tensor_operand(*diff), NULL, scaled);
  if (st == LT_OK) st = binary(ctx, LT_OP_ADD, tensor_operand(start), tensor_operand(*scaled), NULL, low);
  if (st == LT_OK) st = binary(ctx, LT_OP_SUB, lt_number_operand(&one, 1), weight, NULL, rest);
  if (st == LT_OK) st = binary(ctx, LT_OP_MUL, tensor_operand(*diff), tensor_operand(*rest), NULL, rest_diff);
  if (st == LT_OK) st = binary(ctx, LT_OP_SUB, tensor_operand(end), tensor_operand(*rest_diff), NULL, high);
  if (st == LT_OK) st = unary(ctx, LT_OP_ABS, weight.t, NULL, absw);
  if (st == LT_OK) st = binary(ctx, LT_OP_LT, tensor_operand(*absw), lt_number_operand(&half, 0.5), NULL, small);
  if (st == LT_OK) st = lt_where(ctx, *small, tensor_operand(*low), tensor_operand(*high), NULL, out, result);
  return drop(&s, st);
}

/* lerp: grad (1 - w) for start, grad w for end, grad (end - start) for the weight */
static lt_Status lerp_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                               lt_Tensor **grads) {
  lt_G g = LT_G(ctx);
  const lt_Tensor *start = e->in[0], *end = e->in[1], *w = e->in[2];
  if (needs[0]) grads[0] = lt_g_keep(&g, MUL(grad, NB(SUB, 1, w)));
  if (needs[1]) grads[1] = lt_g_keep(&g, MUL(grad, w));
  if (needs[2]) grads[2] = lt_g_keep(&g, MUL(grad, BIN(SUB, end, start)));
  return lt_g_end(&g);
}

static const lt_GradFn lerp_fn = {"lerp", lerp_backward, LT_USES_IN(0) | LT_USES_IN(1) | LT_USES_IN(2)};

lt_Status lt_lerp(lt_Context *ctx, const lt_Tensor *start, const lt_Tensor *end, lt_Operand weight,
                  lt_Tensor *out, lt_Tensor **result) {
  const lt_Tensor *in[3] = {start, end, weight.t};
  lt_Status st = LT_OK;
  *result = NULL;
  if (!lt_dtype_is_float(start->dtype) || !lt_dtype_is_float(end->dtype) ||
      (!weight.wrapped && !lt_dtype_is_float(weight.t->dtype)))
    return lt_error(ctx, "expected floating point tensors, got %s, %s and %s", lt_dtype_name(start->dtype),
                    lt_dtype_name(end->dtype), weight.wrapped ? "a number" : lt_dtype_name(weight.t->dtype));
  /* checked here: with recording off below, the pieces would not refuse an out the tape tracks */
  if (out != NULL && (st = lt_check_write(ctx, out, 3, in)) != LT_OK) return st;
  ctx->no_record++;
  st = lerp_forward(ctx, start, end, weight, out, result);
  ctx->no_record--;
  return recorded(ctx, st, &lerp_fn, 3, in, NULL, result);
}

/* clamp: the gradient passes where min <= x <= max (bounds included, as PyTorch), and goes to
   a tensor bound where x lies beyond it; with min > max every element is max */
static lt_Status clamp_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                                lt_Tensor **grads) {
  lt_G g = LT_G(ctx);
  const lt_Tensor *lo = e->in[1], *hi = e->in[2];
  lt_Tensor *zero = NUM(0), *pass;
  if (needs[0]) {
    pass = lo != NULL ? BIN(GE, X, lo) : NULL;
    if (hi != NULL) pass = pass != NULL ? BIN(LOGICAL_AND, pass, BIN(LE, X, hi)) : BIN(LE, X, hi);
    grads[0] = lt_g_keep(&g, WHERE(pass, grad, zero));
  }
  if (needs[1]) {
    pass = BIN(LT, X, lo);
    if (hi != NULL) pass = BIN(LOGICAL_AND, pass, BIN(LT, lo, hi));
    grads[1] = lt_g_keep(&g, WHERE(pass, grad, zero));
  }
  if (needs[2]) {
    pass = BIN(GT, X, hi);
    if (lo != NULL) pass = BIN(LOGICAL_OR, pass, BIN(LT, hi, lo));
    grads[2] = lt_g_keep(&g, WHERE(pass, grad, zero));
  }
  return lt_g_end(&g);
}

static const lt_GradFn clamp_fn = {"clamp", clamp_backward, LT_USES_IN(0) | LT_USES_IN(1) | LT_USES_IN(2)};

lt_Status lt_clamp(lt_Context *ctx, const lt_Tensor *t, lt_Operand lo, lt_Operand hi, lt_Tensor *out,
                   lt_Tensor **result) {
  const lt_Tensor *in[3] = {t, lo.t, hi.t};
  lt_Tensor *step = NULL;
  lt_Operand x = {t, false};
  lt_Status st = LT_OK;
  *result = NULL;
  if (lo.t == NULL && hi.t == NULL) return lt_error(ctx, "at least one of min and max must be given");
  if (out != NULL && (st = lt_check_write(ctx, out, 3, in)) != LT_OK) return st;
  ctx->no_record++; /* maximum then minimum, recorded as one clamp */
  if (lo.t != NULL) {
    st = lt_binary(ctx, &lt_binary_ops[LT_OP_MAXIMUM], x, lo, out, &step);
    x.t = step;
  }
  if (st == LT_OK && hi.t != NULL) st = lt_binary(ctx, &lt_binary_ops[LT_OP_MINIMUM], x, hi, out, result);
  else if (st == LT_OK) *result = step, step = NULL;
  ctx->no_record--;
  lt_tensor_release(step);
  return recorded(ctx, st, &clamp_fn, 3, in, NULL, result);
}
