/*
** ops_matmul.c: matrix products with PyTorch's matmul semantics, and beta * input + alpha * a.b
** (addmm, baddbmm). float32/float64 go to OpenBLAS (gemm, or gemv when one side is a vector), each
** matrix passed in place with a transpose flag and leading dimension whenever its strides allow,
** copied only when they do not; integer dtypes use a plain loop (wrapping).
*/
#include <math.h>
#include <string.h>

#include "lt_blas.h"
#include "lt_grad.h"
#include "lt_kernels.h"
#include "lt_matmul.h"
#include "lt_ops.h"

/* A 2-D operand as BLAS takes it (row-major): data, transpose flag and leading dimension. */
typedef struct {
  const char *data;
  bool trans;
  int64_t ld;
} BlasMatrix;

/* Can the rows x cols matrix at p with strides (rs, cs), in elements, go to BLAS as it is? */
static bool blas_view(const char *p, int64_t rows, int64_t cols, int64_t rs, int64_t cs, BlasMatrix *m) {
  if (cols == 1) cs = 1; /* a stride along a dim of size 1 never matters */
  if (rows == 1) rs = cols;
  m->data = p;
  if (cs == 1 && rs >= (cols > 1 ? cols : 1)) return m->trans = false, m->ld = rs, true;
  if (rs == 1 && cs >= (rows > 1 ? rows : 1)) return m->trans = true, m->ld = cs, true;
  return false;
}

/* c = alpha * a.b + beta * c, in the compute dtype's arithmetic */
typedef struct {
  const lt_Blas *blas; /* floats only */
  lt_DType dt;
  double alpha, beta;    /* floats */
  int64_t ialpha, ibeta; /* integers */
} Gemm;

/* one m x n block of c (contiguous); a is m x k with strides (ars, acs), b k x n with (brs, bcs) */
typedef struct {
  int64_t m, n, k;
  const char *a, *b;
  int64_t ars, acs, brs, bcs;
  char *c;
} Block;

#define INT_GEMM(T, U)                                                                     \
  static void gemm_##T(const Gemm *g, const Block *x) {                                    \
    const T *a = (const T *)(const void *)x->a, *b = (const T *)(const void *)x->b;        \
    T *c = (T *)(void *)x->c;                                                              \
    U alpha = (U)g->ialpha, beta = (U)g->ibeta;                                            \
    for (int64_t i = 0; i < x->m; i++)                                                     \
      for (int64_t j = 0; j < x->n; j++) {                                                 \
        U acc = 0;                                                                         \
        for (int64_t p = 0; p < x->k; p++)                                                 \
          acc += (U)a[i * x->ars + p * x->acs] * (U)b[p * x->brs + j * x->bcs];            \
        c[i * x->n + j] = (T)(alpha * acc + (beta != 0 ? beta * (U)c[i * x->n + j] : 0)); \
      }                                                                                    \
  }
INT_GEMM(i32, uint32_t)
INT_GEMM(i64, uint64_t)
INT_GEMM(u8, unsigned)

/* tiny float products: a call into BLAS costs more than the arithmetic (sums in double) */
#define TINY_FLOPS 512
#define TINY_GEMM(T)                                                                              \
  static void tiny_##T(const Gemm *g, const Block *x) {                                           \
    const T *a = (const T *)(const void *)x->a, *b = (const T *)(const void *)x->b;               \
    T *c = (T *)(void *)x->c;                                                                     \
    for (int64_t i = 0; i < x->m; i++)                                                            \
      for (int64_t j = 0; j < x->n; j++) {                                                        \
        double acc = 0;                                                                           \
        for (int64_t p = 0; p < x->k; p++) acc += (double)a[i * x->ars + p * x->acs] * b[p * x->brs + j * x->bcs]; \
        c[i * x->n + j] = (T)(g->alpha * acc + (g->beta != 0 ? g->beta * c[i * x->n + j] : 0));   \
      }                                                                                           \
  }
TINY_GEMM(float)
TINY_GEMM(double)

/* y (contiguous, length rows of the op(matrix)) = alpha * op(matrix).x + beta * y */
static void gemv(const Gemm *g, const BlasMatrix *mat, bool trans, int64_t rows, int64_t cols,
                 const char *x, int64_t incx, char *y) {
  /* mat is rows x cols before its own transpose flag; trans asks for op(mat)^T */
  CBLAS_TRANSPOSE t = (mat->trans != trans) ? CblasTrans : CblasNoTrans;
  int64_t r = mat->trans ? cols : rows, c = mat->trans ? rows : cols; /* as stored, row-major */
  if (g->dt == LT_FLOAT32)
    g->blas->sgemv(CblasRowMajor, t, (blasint)r, (blasint)c, (float)g->alpha, (const float *)(const void *)mat->data,
                   (blasint)mat->ld, (const float *)(const void *)x, (blasint)incx, (float)g->beta,
                   (float *)(void *)y, 1);
  else
    g->blas->dgemv(CblasRowMajor, t, (blasint)r, (blasint)c, g->alpha, (const double *)(const void *)mat->data,
                   (blasint)mat->ld, (const double *)(const void *)x, (blasint)incx, g->beta, (double *)(void *)y, 1);
}

/* the caller made both float operands BLAS-compatible (prepare) and handles k == 0 */
static void gemm(const Gemm *g, const Block *x) {
  BlasMatrix ma, mb;
  if (x->m == 0 || x->n == 0) return;
  if (g->dt == LT_INT32) return gemm_i32(g, x);
  if (g->dt == LT_INT64) return gemm_i64(g, x);
  if (g->dt == LT_UINT8) return gemm_u8(g, x);
  if (x->m * x->n * x->k <= TINY_FLOPS) return g->dt == LT_FLOAT32 ? tiny_float(g, x) : tiny_double(g, x);
  blas_view(x->a, x->m, x->k, x->ars, x->acs, &ma);
  blas_view(x->b, x->k, x->n, x->brs, x->bcs, &mb);
  /* a vector on either side: gemv (OpenBLAS 0.3.21's gemm does not forward these itself); a
     single-element x may carry any stride, BLAS wants a positive one */
  if (x->n == 1) return gemv(g, &ma, false, x->m, x->k, x->b, x->k == 1 ? 1 : x->brs, x->c);
  if (x->m == 1) return gemv(g, &mb, true, x->k, x->n, x->a, x->k == 1 ? 1 : x->acs, x->c);
  CBLAS_TRANSPOSE ta = ma.trans ? CblasTrans : CblasNoTrans, tb = mb.trans ? CblasTrans : CblasNoTrans;
  blasint m = (blasint)x->m, n = (blasint)x->n, k = (blasint)x->k;
  if (g->dt == LT_FLOAT32)
    g->blas->sgemm(CblasRowMajor, ta, tb, m, n, k, (float)g->alpha, (const float *)(const void *)ma.data,
                   (blasint)ma.ld, (const float *)(const void *)mb.data, (blasint)mb.ld, (float)g->beta,
                   (float *)(void *)x->c, n);
  else
    g->blas->dgemm(CblasRowMajor, ta, tb, m, n, k, g->alpha, (const double *)(const void *)ma.data,
                   (blasint)ma.ld, (const double *)(const void *)mb.data, (blasint)mb.ld, g->beta,
                   (double *)(void *)x->c, n);
}

/* t as an operand of compute dtype dt whose last two dims BLAS can take: t itself, or a
   contiguous converted copy (in *copy, for the caller to release) */
static lt_Status prepare(lt_Context *ctx, const lt_Tensor *t, lt_DType dt, const lt_Tensor **use, lt_Tensor **copy) {
  BlasMatrix m;
  int nd = t->ndim;
  bool ok = t->dtype == dt &&
            (!lt_dtype_is_float(dt) ||
             blas_view(NULL, t->size[nd - 2], t->size[nd - 1], t->stride[nd - 2], t->stride[nd - 1], &m));
  *copy = NULL;
  *use = t;
  if (ok) return LT_OK;
  lt_Status st = lt_empty_like(ctx, t, dt, copy);
  if (st == LT_OK && (st = lt_copy(ctx, *copy, t)) != LT_OK) lt_tensor_release(*copy), *copy = NULL;
  *use = *copy;
  return st;
}

/* "(2x3)": the usual way to write a matrix's shape */
static const char *matrix_shape(char *buf, size_t n, const lt_Tensor *t) {
  char *d = buf;
  lt_shape_str(buf, n, t->ndim, t->size);
  for (const char *s = buf;; s++) {
    if (*s == ' ') continue;
    if ((*d++ = *s == ',' ? 'x' : *s) == '\0') break;
  }
  return buf;
}

static lt_Status shape_error(lt_Context *ctx, const lt_Tensor *a, const lt_Tensor *b, int64_t ka, int64_t kb) {
  char sa[LT_SHAPE_STR_SIZE], sb[LT_SHAPE_STR_SIZE];
  return lt_error(ctx, "shapes %s and %s cannot be multiplied (%lld != %lld)", matrix_shape(sa, sizeof sa, a),
                  matrix_shape(sb, sizeof sb, b), (long long)ka, (long long)kb);
}

/* alpha and beta in the compute dtype: integers need integral values (as PyTorch) */
static lt_Status set_scalars(lt_Context *ctx, Gemm *g, lt_Scalar beta, lt_Scalar alpha) {
  const lt_Scalar s[2] = {alpha, beta};
  const char *names[2] = {"alpha", "beta"};
  for (int i = 0; i < 2; i++) {
    double v = lt_scalar_as_double(s[i]);
    if (!lt_dtype_is_float(g->dt) && !s[i].is_int) {
      if (v != floor(v) || !(fabs(v) < 0x1p63))
        return lt_error(ctx, "%s must be an integer for %s tensors, got %.14g", names[i], lt_dtype_name(g->dt),
                        isnan(v) ? fabs(v) : v); /* (fabs: "nan", never "-nan") */
    }
    int64_t iv = s[i].is_int ? s[i].v.i : (int64_t)v;
    if (i == 0) g->alpha = v, g->ialpha = iv;
    else g->beta = v, g->ibeta = iv;
  }
  return LT_OK;
}

/* Where the (batch..., m, n) result is computed: out itself when it is contiguous, of dtype dt,
   and shares no memory with a or b (input may be out itself: addmm_); else a new tensor. */
static lt_Status destination(lt_Context *ctx, lt_Tensor *out, const lt_Tensor *a, const lt_Tensor *b,
                             const lt_Tensor *input, lt_DType dt, int nd, const int64_t *full, lt_Tensor **dst) {
  if (out == NULL) return lt_empty(ctx, dt, nd, full, dst);
  bool same_as_input = input != NULL && input->storage == out->storage && input->offset == out->offset &&
                       lt_same_shape(input, out) &&
                       memcmp(input->stride, out->stride, sizeof(int64_t) * (size_t)out->ndim) == 0;
  if (out->dtype == dt && lt_is_contiguous(out) && !lt_may_overlap(out, a) &&
      !lt_may_overlap(out, b) && (input == NULL || same_as_input || !lt_may_overlap(out, input)))
    return lt_view(ctx, out, nd, full, dst);
  return lt_empty(ctx, dt, nd, full, dst);
}

/* beta * input (or 0) into dst, when there is nothing to multiply (k == 0) */
static lt_Status scale_only(lt_Context *ctx, lt_Tensor *dst, bool has_input, lt_Scalar beta) {
  if (!has_input) return lt_fill(ctx, dst, lt_scalar_int(0));
  if (lt_scalar_as_double(beta) == 1) return LT_OK;
  lt_Tensor s, *res = NULL;
  lt_Storage storage;
  int64_t buf;
  lt_scalar_tensor(&s, &storage, &buf, beta.is_int ? LT_INT64 : LT_FLOAT64, beta);
  lt_Status st = lt_binary(ctx, &lt_binary_ops[LT_OP_MUL], (lt_Operand){dst, false}, (lt_Operand){&s, true}, dst, &res);
  lt_tensor_release(res);
  return st;
}

/* ---- backward: out = beta input + alpha a.b; vectors are handled as the forward does (a row on
   the left, a column on the right), and the tape sums broadcast batch dims back ---- */

/* t with a dim of size 1 inserted at dim (negative: from the end, -1 appends) */
static lt_Status unsqueeze_at(lt_Context *ctx, lt_Tensor **t, int dim) {
  lt_Tensor *u = NULL;
  lt_Status st = lt_unsqueeze(ctx, *t, dim < 0 ? (*t)->ndim + 1 + dim : dim, &u);
  lt_tensor_release(*t);
  *t = u;
  return st;
}

/* t with its last two dims swapped: a recorded view while a tape records (outer tapes must see
   it start from t), else a view on the stack (no allocation) */
static const lt_Tensor *swapped(lt_Context *ctx, const lt_Tensor *t, lt_Tensor *stack, lt_Tensor **owned,
                                lt_Status *st) {
  int d0 = t->ndim - 2, d1 = t->ndim - 1;
  if (*st != LT_OK) return NULL;
  if (lt_recording(ctx)) return (*st = lt_transpose(ctx, t, d0, d1, owned)) == LT_OK ? *owned : NULL;
  *stack = *t;
  stack->size[d0] = t->size[d1], stack->size[d1] = t->size[d0];
  stack->stride[d0] = t->stride[d1], stack->stride[d1] = t->stride[d0];
  return stack;
}

/* Is t stored transposed (column-major in its last two dims), like a weight used as W:t()? */
static bool column_major(const lt_Tensor *t) {
  int nd = t->ndim;
  return nd >= 2 && t->size[nd - 2] > 1 && t->size[nd - 1] > 1 && t->stride[nd - 2] == 1 &&
         t->stride[nd - 1] >= t->size[nd - 2];
}

/* One operand's gradient: x.y^T (left: a's) or x^T.y (b's), times alpha; squeeze_dim < 0 drops
   that dim (a vector operand). When the operand (like) is stored transposed, the product is
   computed transposed ((x y^T)^T = y x^T, (x^T y)^T = y^T x) and handed back as a transposed
   view: the gradient then has the parameter's own layout and needs no copy at the end. */
static lt_Status product_grad(lt_Context *ctx, const lt_Tensor *x, const lt_Tensor *y, bool left, double alpha,
                              int squeeze_dim, const lt_Tensor *like, lt_Tensor **out) {
  lt_Tensor s1, s2, *o1 = NULL, *o2 = NULL, *q = NULL, *p = NULL, *s = NULL;
  lt_Status st = LT_OK;
  if (squeeze_dim == 0 && column_major(like)) {
    const lt_Tensor *xt = left ? swapped(ctx, x, &s1, &o1, &st) : x, *yt = left ? y : swapped(ctx, y, &s1, &o1, &st);
    if (st == LT_OK) st = left ? lt_matmul(ctx, y, xt, NULL, &q) : lt_matmul(ctx, yt, x, NULL, &q);
    const lt_Tensor *qt = st == LT_OK ? swapped(ctx, q, &s2, &o2, &st) : NULL;
    if (st == LT_OK && qt == o2) p = o2, o2 = NULL;
    else if (st == LT_OK) st = lt_alias(ctx, &s2, &p); /* nobody records: a plain header */
  } else {
    const lt_Tensor *ot = swapped(ctx, left ? y : x, &s1, &o1, &st);
    if (st == LT_OK) st = left ? lt_matmul(ctx, x, ot, NULL, &p) : lt_matmul(ctx, ot, y, NULL, &p);
  }
  if (st == LT_OK && squeeze_dim < 0) st = lt_squeeze(ctx, p, p->ndim + squeeze_dim, &s);
  else if (st == LT_OK) lt_tensor_retain(p), s = p;
  if (st == LT_OK && alpha != 1) {
    lt_G g = LT_G(ctx);
    *out = lt_g_keep(&g, lt_g_binary_number(&g, LT_OP_MUL, s, alpha));
    st = lt_g_end(&g);
  } else if (st == LT_OK) {
    lt_tensor_retain(s), *out = s;
  }
  lt_tensor_release(o1), lt_tensor_release(o2), lt_tensor_release(q), lt_tensor_release(p), lt_tensor_release(s);
  return st;
}

static lt_Status addmm_backward(lt_Context *ctx, const lt_TapeEntry *e, const lt_Tensor *grad, const bool *needs,
                                lt_Tensor **grads) {
  const lt_Tensor *a = e->in[1], *b = e->in[2];
  /* the tensors themselves (not aliases): outer tapes must see these views start from them */
  lt_Tensor *g2 = (lt_Tensor *)grad, *a2 = (lt_Tensor *)a, *b2 = (lt_Tensor *)b;
  lt_Status st = LT_OK;
  lt_tensor_retain(g2), lt_tensor_retain(a2), lt_tensor_retain(b2);
  /* everything as (batch..., m, k) . (batch..., k, n) = (batch..., m, n) */
  if (a->ndim == 1) st = unsqueeze_at(ctx, &g2, b->ndim == 1 ? g2->ndim : g2->ndim - 1);
  if (st == LT_OK && b->ndim == 1) st = unsqueeze_at(ctx, &g2, -1);
  if (st == LT_OK && a->ndim == 1) st = unsqueeze_at(ctx, &a2, 0);
  if (st == LT_OK && b->ndim == 1) st = unsqueeze_at(ctx, &b2, -1);
  if (st == LT_OK && needs[1]) st = product_grad(ctx, g2, b2, true, e->args.f[0], a->ndim == 1 ? -2 : 0, a, &grads[1]);
  if (st == LT_OK && needs[2]) st = product_grad(ctx, a2, g2, false, e->args.f[0], b->ndim == 1 ? -1 : 0, b, &grads[2]);
  if (st == LT_OK && needs[0]) {
    lt_G g = LT_G(ctx);
    grads[0] = lt_g_keep(&g, e->args.f[1] == 1 ? grad : lt_g_binary_number(&g, LT_OP_MUL, grad, e->args.f[1]));
    st = lt_g_end(&g);
  }
  lt_tensor_release(g2), lt_tensor_release(a2), lt_tensor_release(b2);
  return st;
}

/* inputs: input (or none), a, b; args f[0] alpha, f[1] beta */
static const lt_GradFn addmm_fn = {"addmm", addmm_backward, LT_USES_IN(1) | LT_USES_IN(2)},
                       matmul_fn = {"matmul", addmm_backward, LT_USES_IN(1) | LT_USES_IN(2)};

lt_Status lt_addmm(lt_Context *ctx, const lt_Tensor *input, const lt_Tensor *a, const lt_Tensor *b, lt_Scalar beta,
                   lt_Scalar alpha, lt_Tensor *out, lt_Tensor **result) {
  lt_Tensor va = *a, vb = *b, *ca = NULL, *cb = NULL, *dst = NULL;
  const lt_Tensor *pa = NULL, *pb = NULL;
  Gemm g = {NULL, LT_FLOAT32, 1, 0, 1, 0};
  *result = NULL;
  if (a->ndim == 0 || b->ndim == 0)
    return lt_error(ctx, "both operands need at least 1 dimension, got %d-d and %d-d", a->ndim, b->ndim);
  g.dt = lt_promote_types(a->dtype, b->dtype);
  if (input != NULL) g.dt = lt_promote_types(g.dt, input->dtype);
  if (g.dt == LT_BOOL) return lt_error(ctx, "not supported for dtype bool");
  /* a vector on the left is a row, on the right a column; the extra dim goes away at the end */
  if (a->ndim == 1) va.ndim = 2, va.size[1] = a->size[0], va.stride[1] = a->stride[0], va.size[0] = 1, va.stride[0] = 0;
  if (b->ndim == 1) vb.ndim = 2, vb.size[0] = b->size[0], vb.stride[0] = b->stride[0], vb.size[1] = 1, vb.stride[1] = 0;
  int64_t m = va.size[va.ndim - 2], k = va.size[va.ndim - 1], kb = vb.size[vb.ndim - 2], n = vb.size[vb.ndim - 1];
  if (k != kb) return shape_error(ctx, a, b, k, kb);
  /* batch dims broadcast; the result is (batch..., m, n) without the vectors' extra dims */
  int nbatch = (va.ndim > vb.ndim ? va.ndim : vb.ndim) - 2;
  int64_t size[LT_MAX_DIMS], full[LT_MAX_DIMS];
  for (int i = 0; i < nbatch; i++) {
    int ia = i - (nbatch - (va.ndim - 2)), ib = i - (nbatch - (vb.ndim - 2));
    int64_t sa = ia >= 0 ? va.size[ia] : 1, sb = ib >= 0 ? vb.size[ib] : 1;
    if (sa != sb && sa != 1 && sb != 1)
      return lt_error(ctx, "the batch size of tensor a (%lld) must match the batch size of tensor b (%lld) at "
                           "dimension %d", (long long)sa, (long long)sb, i + 1);
    size[i] = sa != 1 ? sa : sb;
  }
  int nd = nbatch;
  if (a->ndim > 1) size[nd++] = m;
  if (b->ndim > 1) size[nd++] = n;
  memcpy(full, size, sizeof(int64_t) * (size_t)nbatch);
  full[nbatch] = m, full[nbatch + 1] = n;
  const lt_Tensor *operands[3] = {input, a, b};
  lt_Status st = set_scalars(ctx, &g, beta, alpha);
  if (st == LT_OK && out != NULL) st = lt_check_write(ctx, out, 3, operands);
  if (st != LT_OK) return st;
  if (input != NULL) {
    int64_t stride[LT_MAX_DIMS];
    if (lt_broadcast_strides(ctx, input, nd, size, stride) != LT_OK) {
      char si[LT_SHAPE_STR_SIZE], sr[LT_SHAPE_STR_SIZE];
      return lt_error(ctx, "input of shape %s cannot be broadcast to the product's shape %s",
                      lt_shape_str(si, sizeof si, input->ndim, input->size), lt_shape_str(sr, sizeof sr, nd, size));
    }
  }
  if (out != NULL) {
    bool same = out->ndim == nd;
    for (int i = 0; same && i < nd; i++) same = out->size[i] == size[i];
    if (!same) {
      char so[LT_SHAPE_STR_SIZE], sr[LT_SHAPE_STR_SIZE];
      return lt_error(ctx, "out has shape %s but the result has shape %s",
                      lt_shape_str(so, sizeof so, out->ndim, out->size), lt_shape_str(sr, sizeof sr, nd, size));
    }
    if (!lt_can_cast(g.dt, out->dtype))
      return lt_error(ctx, "result type %s can't be cast to the desired output type %s", lt_dtype_name(g.dt),
                      lt_dtype_name(out->dtype));
  }
  if (lt_dtype_is_float(g.dt) && (st = lt_blas(ctx, &g.blas)) != LT_OK) return st;
  bool has_input = input != NULL && g.beta != 0; /* beta = 0: input is not read (NaN in it stays out) */
  if (!has_input) g.beta = 0, g.ibeta = 0;
  lt_Tensor *shaped = NULL; /* dst without the vectors' extra dims: the result */
  if ((st = prepare(ctx, &va, g.dt, &pa, &ca)) == LT_OK && (st = prepare(ctx, &vb, g.dt, &pb, &cb)) == LT_OK &&
      (st = destination(ctx, out, a, b, input, g.dt, nbatch + 2, full, &dst)) == LT_OK) {
    if (nd == nbatch + 2) lt_tensor_retain(dst), shaped = dst;
    else st = lt_view(ctx, dst, nd, size, &shaped);
  }
  if (st == LT_OK && has_input && lt_data(dst) != lt_data(input)) st = lt_copy(ctx, shaped, input);
  if (st == LT_OK && k == 0) st = scale_only(ctx, dst, has_input, beta);
  if (st == LT_OK && k > 0) {
    int64_t nb = 1, idx[LT_MAX_DIMS] = {0}, bsa[LT_MAX_DIMS], bsb[LT_MAX_DIMS], es = (int64_t)lt_dtype_size(g.dt);
    for (int i = 0; i < nbatch; i++) {
      int ia = i - (nbatch - (pa->ndim - 2)), ib = i - (nbatch - (pb->ndim - 2));
      bsa[i] = ia >= 0 && pa->size[ia] != 1 ? pa->stride[ia] : 0;
      bsb[i] = ib >= 0 && pb->size[ib] != 1 ? pb->stride[ib] : 0;
      nb *= size[i];
    }
    Block x = {m, n, k, NULL, NULL, pa->stride[pa->ndim - 2], pa->stride[pa->ndim - 1],
               pb->stride[pb->ndim - 2], pb->stride[pb->ndim - 1], lt_data(dst)};
    for (int64_t bi = 0; bi < nb; bi++, x.c += m * n * es) {
      int64_t offa = 0, offb = 0;
      for (int i = 0; i < nbatch; i++) offa += idx[i] * bsa[i], offb += idx[i] * bsb[i];
      x.a = lt_data(pa) + offa * es, x.b = lt_data(pb) + offb * es;
      gemm(&g, &x);
      for (int i = nbatch - 1; i >= 0 && ++idx[i] == size[i]; i--) idx[i] = 0;
    }
    atomic_fetch_add(&dst->storage->version, 1);
  }
  if (st == LT_OK && out != NULL) {
    if (shaped->storage != out->storage) st = lt_copy(ctx, out, shaped);
    if (st == LT_OK) lt_tensor_retain(out), *result = out;
  } else if (st == LT_OK) {
    *result = shaped, shaped = NULL;
    if (lt_recording(ctx)) {
      lt_SavedArgs args = {NULL, {0}, {g.alpha, input != NULL ? lt_scalar_as_double(beta) : 0}};
      st = lt_record(ctx, input != NULL ? &addmm_fn : &matmul_fn, 3, operands, *result, &args);
      if (st != LT_OK) lt_tensor_release(*result), *result = NULL;
    }
  }
  lt_tensor_release(shaped);
  lt_tensor_release(ca);
  lt_tensor_release(cb);
  lt_tensor_release(dst);
  return st;
}

lt_Status lt_matmul(lt_Context *ctx, const lt_Tensor *a, const lt_Tensor *b, lt_Tensor *out, lt_Tensor **result) {
  return lt_addmm(ctx, NULL, a, b, lt_scalar_int(0), lt_scalar_int(1), out, result);
}
