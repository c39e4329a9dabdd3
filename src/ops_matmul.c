/*
** ops_matmul.c: matrix products with PyTorch's matmul semantics. float32/float64 go to OpenBLAS
** (cblas_sgemm/dgemm), each matrix passed in place with a transpose flag and leading dimension
** whenever its strides allow, copied only when they do not; integer dtypes use a plain loop.
*/
#include <cblas.h>
#include <string.h>

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

#define INT_GEMM(T, U)                                                                        \
  static void gemm_##T(int64_t m, int64_t n, int64_t k, const char *a, int64_t ars, int64_t acs, \
                       const char *b, int64_t brs, int64_t bcs, char *c) {                    \
    for (int64_t i = 0; i < m; i++)                                                           \
      for (int64_t j = 0; j < n; j++) {                                                       \
        U acc = 0;                                                                            \
        for (int64_t p = 0; p < k; p++)                                                       \
          acc += (U)((const T *)a)[i * ars + p * acs] * (U)((const T *)b)[p * brs + j * bcs]; \
        ((T *)c)[i * n + j] = (T)acc;                                                         \
      }                                                                                       \
  }
INT_GEMM(i32, uint32_t)
INT_GEMM(i64, uint64_t)
INT_GEMM(u8, unsigned)

/* c (m x n, contiguous) = a (m x k, strides ars, acs) . b (k x n, strides brs, bcs) */
static void gemm(lt_DType dt, int64_t m, int64_t n, int64_t k, const char *a, int64_t ars,
                 int64_t acs, const char *b, int64_t brs, int64_t bcs, char *c) {
  BlasMatrix ma = {NULL, false, 0}, mb = {NULL, false, 0};
  if (m == 0 || n == 0) return;
  if (dt == LT_INT32) return gemm_i32(m, n, k, a, ars, acs, b, brs, bcs, c);
  if (dt == LT_INT64) return gemm_i64(m, n, k, a, ars, acs, b, brs, bcs, c);
  if (dt == LT_UINT8) return gemm_u8(m, n, k, a, ars, acs, b, brs, bcs, c);
  /* the caller made both operands BLAS-compatible */
  blas_view(a, m, k, ars, acs, &ma);
  blas_view(b, k, n, brs, bcs, &mb);
  CBLAS_TRANSPOSE ta = ma.trans ? CblasTrans : CblasNoTrans, tb = mb.trans ? CblasTrans : CblasNoTrans;
  if (dt == LT_FLOAT32)
    cblas_sgemm(CblasRowMajor, ta, tb, (blasint)m, (blasint)n, (blasint)k, 1.0f, (const float *)ma.data,
                (blasint)ma.ld, (const float *)mb.data, (blasint)mb.ld, 0.0f, (float *)c, (blasint)n);
  else
    cblas_dgemm(CblasRowMajor, ta, tb, (blasint)m, (blasint)n, (blasint)k, 1.0, (const double *)ma.data,
                (blasint)ma.ld, (const double *)mb.data, (blasint)mb.ld, 0.0, (double *)c, (blasint)n);
}

/* t as an operand of compute dtype dt whose last two dims BLAS can take: t itself (retained)
   or a contiguous converted copy */
static lt_Status prepare(lt_Context *ctx, const lt_Tensor *t, lt_DType dt, lt_Tensor **out) {
  BlasMatrix m;
  int nd = t->ndim;
  bool ok = t->dtype == dt &&
            (!lt_dtype_is_float(dt) ||
             blas_view(NULL, t->size[nd - 2], t->size[nd - 1], t->stride[nd - 2], t->stride[nd - 1], &m));
  if (ok) return lt_alias(ctx, t, out);
  lt_Status st = lt_empty_like(ctx, t, dt, out);
  if (st == LT_OK && (st = lt_copy(ctx, *out, t)) != LT_OK) lt_tensor_release(*out), *out = NULL;
  return st;
}

static lt_Status shape_error(lt_Context *ctx, const lt_Tensor *a, const lt_Tensor *b, int64_t ka, int64_t kb) {
  char sa[LT_SHAPE_STR_SIZE], sb[LT_SHAPE_STR_SIZE];
  lt_shape_str(sa, sizeof sa, a->ndim, a->size);
  lt_shape_str(sb, sizeof sb, b->ndim, b->size);
  for (char *p = sa; *p; p++) if (*p == ',') *p = 'x'; /* (2x3): the usual way to write a matrix */
  for (char *p = sb; *p; p++) if (*p == ',') *p = 'x';
  /* "(2x 3)" -> "(2x3)" */
  for (char *s = sa, *d = sa;; s++) if (*s != ' ' && (*d++ = *s) == '\0') break;
  for (char *s = sb, *d = sb;; s++) if (*s != ' ' && (*d++ = *s) == '\0') break;
  return lt_error(ctx, "shapes %s and %s cannot be multiplied (%lld != %lld)", sa, sb, (long long)ka, (long long)kb);
}

lt_Status lt_matmul(lt_Context *ctx, const lt_Tensor *a, const lt_Tensor *b, lt_Tensor *out, lt_Tensor **result) {
  lt_Tensor va = *a, vb = *b, *pa = NULL, *pb = NULL, *res = NULL;
  *result = NULL;
  if (a->ndim == 0 || b->ndim == 0)
    return lt_error(ctx, "both operands need at least 1 dimension, got %d-d and %d-d", a->ndim, b->ndim);
  lt_DType dt = lt_promote_types(a->dtype, b->dtype);
  if (dt == LT_BOOL) return lt_error(ctx, "not supported for dtype bool");
  /* a vector on the left is a row, on the right a column; the extra dim goes away at the end */
  if (a->ndim == 1) va.ndim = 2, va.size[1] = a->size[0], va.stride[1] = a->stride[0], va.size[0] = 1, va.stride[0] = 0;
  if (b->ndim == 1) vb.ndim = 2, vb.size[0] = b->size[0], vb.stride[0] = b->stride[0], vb.size[1] = 1, vb.stride[1] = 0;
  int64_t m = va.size[va.ndim - 2], k = va.size[va.ndim - 1], kb = vb.size[vb.ndim - 2], n = vb.size[vb.ndim - 1];
  if (k != kb) return shape_error(ctx, a, b, k, kb);
  /* batch dims broadcast; the result is (batch..., m, n) without the vectors' extra dims */
  int nbatch = (va.ndim > vb.ndim ? va.ndim : vb.ndim) - 2;
  int64_t size[LT_MAX_DIMS], bsa[LT_MAX_DIMS], bsb[LT_MAX_DIMS];
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
  lt_Status st = LT_OK;
  if (out != NULL) {
    bool same = out->ndim == nd;
    for (int i = 0; same && i < nd; i++) same = out->size[i] == size[i];
    if (!same) {
      char so[LT_SHAPE_STR_SIZE], sr[LT_SHAPE_STR_SIZE];
      return lt_error(ctx, "out has shape %s but the result has shape %s",
                      lt_shape_str(so, sizeof so, out->ndim, out->size), lt_shape_str(sr, sizeof sr, nd, size));
    }
    if (!lt_can_cast(dt, out->dtype))
      return lt_error(ctx, "result type %s can't be cast to the desired output type %s", lt_dtype_name(dt),
                      lt_dtype_name(out->dtype));
  }
  /* compute into a contiguous (batch..., m, n) tensor of dtype dt; then into out if given */
  int64_t full[LT_MAX_DIMS];
  memcpy(full, size, sizeof(int64_t) * (size_t)nbatch);
  full[nbatch] = m, full[nbatch + 1] = n;
  if ((st = prepare(ctx, &va, dt, &pa)) == LT_OK && (st = prepare(ctx, &vb, dt, &pb)) == LT_OK)
    st = lt_empty(ctx, dt, nbatch + 2, full, &res);
  if (st == LT_OK) {
    int64_t nb = 1, idx[LT_MAX_DIMS] = {0}, es = (int64_t)lt_dtype_size(dt);
    for (int i = 0; i < nbatch; i++) {
      int ia = i - (nbatch - (pa->ndim - 2)), ib = i - (nbatch - (pb->ndim - 2));
      bsa[i] = ia >= 0 && pa->size[ia] != 1 ? pa->stride[ia] : 0;
      bsb[i] = ib >= 0 && pb->size[ib] != 1 ? pb->stride[ib] : 0;
      nb *= size[i];
    }
    char *c = lt_data(res);
    for (int64_t bi = 0; bi < nb; bi++, c += m * n * es) {
      int64_t offa = 0, offb = 0;
      for (int i = 0; i < nbatch; i++) offa += idx[i] * bsa[i], offb += idx[i] * bsb[i];
      gemm(dt, m, n, k, lt_data(pa) + offa * es, pa->stride[pa->ndim - 2], pa->stride[pa->ndim - 1],
           lt_data(pb) + offb * es, pb->stride[pb->ndim - 2], pb->stride[pb->ndim - 1], c);
      for (int i = nbatch - 1; i >= 0 && ++idx[i] == size[i]; i--) idx[i] = 0;
    }
    if (k == 0) lt_fill(ctx, res, lt_scalar_int(0)); /* an empty sum is 0 (integers loop, BLAS may skip) */
  }
  if (st == LT_OK) { /* drop the vectors' extra dims */
    lt_Tensor *shaped;
    if ((st = lt_view(ctx, res, nd, size, &shaped)) == LT_OK) {
      if (out != NULL) {
        st = lt_copy(ctx, out, shaped);
        lt_tensor_release(shaped);
        if (st == LT_OK) lt_tensor_retain(out), *result = out;
      } else {
        *result = shaped;
      }
    }
  }
  lt_tensor_release(pa);
  lt_tensor_release(pb);
  lt_tensor_release(res);
  return st;
}
