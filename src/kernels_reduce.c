/*
** kernels_reduce.c: reduction loops. Each takes (accumulator, input): with an accumulator
** stride of 0 it folds a run of inputs into one value, using independent lanes the compiler can
** vectorize (float32 sums and products accumulate in float64 lanes, for accuracy); otherwise it
** accumulates element by element (a reduction over an outer dim). Also the line scans behind
** max/min with indices and cumsum/cumprod.
*/
#include "lt_kernels.h"
#include "lt_reduce.h"

#define LANES 32 /* independent accumulators: enough vector registers in flight */

#define SUM(a, x) ((a) + (x))
#define ISUM(a, x) WRAP_ADD(i64, uint64_t, a, x)
#define PROD(a, x) ((a) * (x))
#define IPROD(a, x) WRAP_MUL(i64, uint64_t, a, x)
/* NaN sticks; `|`, not `||`: no branch, so the loops vectorize */
#define FMAX(a, x) ((((x) > (a)) | ((x) != (x))) ? (x) : (a))
#define FMIN(a, x) ((((x) < (a)) | ((x) != (x))) ? (x) : (a))
#define IMAX(a, x) ((x) > (a) ? (x) : (a))
#define IMIN(a, x) ((x) < (a) ? (x) : (a))
#define ALL(a, x) ((a) & ((x) != 0))
#define ANY(a, x) ((a) | ((x) != 0))

/* NAME##_run folds a contiguous run into an accumulator with LANES independent lanes */
#define REDUCE_RUN(NAME, T, A, IDENT, COMBINE)                                                \
  LT_TARGETS static A NAME##_run(A acc, const T *x, int64_t n) {                             \
    A lanes[LANES];                                                                          \
    int64_t i = 0;                                                                           \
    for (int l = 0; l < LANES; l++) lanes[l] = (IDENT);                                      \
    for (; i + LANES <= n; i += LANES)                                                       \
      for (int l = 0; l < LANES; l++) lanes[l] = COMBINE(lanes[l], CONV(A, x[i + l]));      \
    for (; i < n; i++) lanes[0] = COMBINE(lanes[0], CONV(A, x[i]));                          \
    for (int l = 0; l < LANES; l++) acc = COMBINE(acc, lanes[l]);                            \
    return acc;                                                                              \
  }

/* NAME(acc, input): a run into one accumulator (acc stride 0), or element-wise accumulation */
#define REDUCE_LOOP(NAME, T, A, COMBINE)                                                      \
  static void NAME(char **d, const int64_t *s, int64_t n, void *extra) {                     \
    (void)extra;                                                                             \
    if (s[0] == 0) {                                                                         \
      A acc = *(A *)d[0];                                                                    \
      if (s[1] == sizeof(T)) {                                                               \
        acc = NAME##_run(acc, (const T *)d[1], n);                                           \
      } else {                                                                               \
        const char *p = d[1];                                                                \
        for (int64_t i = 0; i < n; i++, p += s[1]) acc = COMBINE(acc, CONV(A, *(const T *)p)); \
      }                                                                                      \
      *(A *)d[0] = acc;                                                                      \
      return;                                                                                \
    }                                                                                        \
    char *pa = d[0];                                                                         \
    const char *p = d[1];                                                                    \
    for (int64_t i = 0; i < n; i++, pa += s[0], p += s[1])                                   \
      *(A *)pa = COMBINE(*(A *)pa, CONV(A, *(const T *)p));                                  \
  }

/* REDUCE(name, input T, accumulator A, identity, combine) */
#define REDUCE(NAME, T, A, IDENT, COMBINE) REDUCE_RUN(NAME, T, A, IDENT, COMBINE) REDUCE_LOOP(NAME, T, A, COMBINE)

#define CONV(A, v) ((A)(v))

/* float32 sums: blocks of 2048 added in float32 lanes (16 to a vector, and each lane adds only
   64 values, so little rounding), the block totals in float64 */
#define SUM_BLOCK 2048
LT_TARGETS static f64 sum_f32_run(f64 acc, const f32 *x, int64_t n) {
  for (int64_t b = 0; b < n; b += SUM_BLOCK) {
    int64_t m = n - b < SUM_BLOCK ? n - b : SUM_BLOCK, i = 0;
    f32 lanes[LANES] = {0};
    f64 block = 0;
    for (; i + LANES <= m; i += LANES)
      for (int l = 0; l < LANES; l++) lanes[l] += x[b + i + l];
    for (; i < m; i++) block += x[b + i];
    for (int l = 0; l < LANES; l++) block += lanes[l];
    acc += block;
  }
  return acc;
}
REDUCE_LOOP(sum_f32, f32, f64, SUM)

/* sums and products: floats in float64, integers and bools in int64 (wrapping) */
REDUCE(sum_f64, f64, f64, 0, SUM)
REDUCE(sum_i32, i32, i64, 0, ISUM)
REDUCE(sum_i64, i64, i64, 0, ISUM)
REDUCE(sum_u8, u8, i64, 0, ISUM)
REDUCE(sum_b8, b8, i64, 0, ISUM)
REDUCE(prod_f32, f32, f64, 1, PROD)
REDUCE(prod_f64, f64, f64, 1, PROD)
REDUCE(prod_i32, i32, i64, 1, IPROD)
REDUCE(prod_i64, i64, i64, 1, IPROD)
REDUCE(prod_u8, u8, i64, 1, IPROD)
REDUCE(prod_b8, b8, i64, 1, IPROD)
REDUCE(max_f32, f32, f32, -INFINITY, FMAX)
REDUCE(max_f64, f64, f64, -INFINITY, FMAX)
REDUCE(max_i32, i32, i32, INT32_MIN, IMAX)
REDUCE(max_i64, i64, i64, INT64_MIN, IMAX)
REDUCE(max_u8, u8, u8, 0, IMAX)
REDUCE(max_b8, b8, b8, 0, IMAX)
REDUCE(min_f32, f32, f32, INFINITY, FMIN)
REDUCE(min_f64, f64, f64, INFINITY, FMIN)
REDUCE(min_i32, i32, i32, INT32_MAX, IMIN)
REDUCE(min_i64, i64, i64, INT64_MAX, IMIN)
REDUCE(min_u8, u8, u8, UINT8_MAX, IMIN)
REDUCE(min_b8, b8, b8, 1, IMIN)
#undef CONV
#define CONV(A, v) ((A)((v) != 0))
REDUCE(all_f32, f32, b8, 1, ALL)
REDUCE(all_f64, f64, b8, 1, ALL)
REDUCE(all_i32, i32, b8, 1, ALL)
REDUCE(all_i64, i64, b8, 1, ALL)
REDUCE(all_u8, u8, b8, 1, ALL)
REDUCE(all_b8, b8, b8, 1, ALL)
REDUCE(any_f32, f32, b8, 0, ANY)
REDUCE(any_f64, f64, b8, 0, ANY)
REDUCE(any_i32, i32, b8, 0, ANY)
REDUCE(any_i64, i64, b8, 0, ANY)
REDUCE(any_u8, u8, b8, 0, ANY)
REDUCE(any_b8, b8, b8, 0, ANY)

#define ROW(N) {[LT_FLOAT32] = N##_f32, [LT_FLOAT64] = N##_f64, [LT_INT32] = N##_i32, \
                [LT_INT64] = N##_i64, [LT_UINT8] = N##_u8, [LT_BOOL] = N##_b8}

#undef CONV
const lt_Loop lt_reduce_loops[LT_NUM_REDUCE][LT_NUM_DTYPES] = {
    [LT_REDUCE_SUM] = ROW(sum), [LT_REDUCE_PROD] = ROW(prod), [LT_REDUCE_MAX] = ROW(max),
    [LT_REDUCE_MIN] = ROW(min), [LT_REDUCE_ALL] = ROW(all),   [LT_REDUCE_ANY] = ROW(any),
};

/* ---- line scans: data[0] = input line starts, then the outputs; extra = lt_LineArgs ---- */

/* max/min along a line: the value and its 0-based index (the first NaN, else the first best) */
#define ARG_SCAN(NAME, T, BETTER)                                                             \
  static void NAME(char **d, const int64_t *s, int64_t n, void *extra) {                      \
    const lt_LineArgs *a = extra;                                                             \
    for (int64_t k = 0; k < n; k++) {                                                         \
      const char *p = d[0] + k * s[0];                                                        \
      T best = *(const T *)p;                                                                 \
      int64_t at = 0;                                                                         \
      for (int64_t i = 1; i < a->len && best == best; i++) {                                  \
        T x = *(const T *)(p + i * a->stride);                                                \
        if (BETTER(x, best)) best = x, at = i;                                                \
      }                                                                                       \
      *(T *)(d[1] + k * s[1]) = best;                                                         \
      *(i64 *)(d[2] + k * s[2]) = at;                                                         \
    }                                                                                         \
  }
#define FBETTER_MAX(x, b) ((x) > (b) || (x) != (x))
#define FBETTER_MIN(x, b) ((x) < (b) || (x) != (x))
#define IBETTER_MAX(x, b) ((x) > (b))
#define IBETTER_MIN(x, b) ((x) < (b))
ARG_SCAN(argmax_f32, f32, FBETTER_MAX)
ARG_SCAN(argmax_f64, f64, FBETTER_MAX)
ARG_SCAN(argmax_i32, i32, IBETTER_MAX)
ARG_SCAN(argmax_i64, i64, IBETTER_MAX)
ARG_SCAN(argmax_u8, u8, IBETTER_MAX)
ARG_SCAN(argmax_b8, b8, IBETTER_MAX)
ARG_SCAN(argmin_f32, f32, FBETTER_MIN)
ARG_SCAN(argmin_f64, f64, FBETTER_MIN)
ARG_SCAN(argmin_i32, i32, IBETTER_MIN)
ARG_SCAN(argmin_i64, i64, IBETTER_MIN)
ARG_SCAN(argmin_u8, u8, IBETTER_MIN)
ARG_SCAN(argmin_b8, b8, IBETTER_MIN)

const lt_Loop lt_argmax_loops[LT_NUM_DTYPES] = ROW(argmax);
const lt_Loop lt_argmin_loops[LT_NUM_DTYPES] = ROW(argmin);

/* running sum/product along a line, accumulated in A, written as TO */
#define SCAN(NAME, T, A, TO, IDENT, COMBINE)                                                  \
  static void NAME(char **d, const int64_t *s, int64_t n, void *extra) {                      \
    const lt_LineArgs *a = extra;                                                             \
    for (int64_t k = 0; k < n; k++) {                                                         \
      const char *p = d[0] + k * s[0];                                                        \
      char *o = d[1] + k * s[1];                                                              \
      A acc = (IDENT);                                                                        \
      for (int64_t i = 0; i < a->len; i++) {                                                  \
        acc = COMBINE(acc, (A) * (const T *)(p + i * a->stride));                             \
        *(TO *)(o + i * a->out_stride) = (TO)acc;                                             \
      }                                                                                       \
    }                                                                                         \
  }
SCAN(cumsum_f32, f32, f64, f32, 0, SUM)
SCAN(cumsum_f64, f64, f64, f64, 0, SUM)
SCAN(cumsum_i32, i32, i64, i64, 0, ISUM)
SCAN(cumsum_i64, i64, i64, i64, 0, ISUM)
SCAN(cumsum_u8, u8, i64, i64, 0, ISUM)
SCAN(cumsum_b8, b8, i64, i64, 0, ISUM)
SCAN(cumprod_f32, f32, f64, f32, 1, PROD)
SCAN(cumprod_f64, f64, f64, f64, 1, PROD)
SCAN(cumprod_i32, i32, i64, i64, 1, IPROD)
SCAN(cumprod_i64, i64, i64, i64, 1, IPROD)
SCAN(cumprod_u8, u8, i64, i64, 1, IPROD)
SCAN(cumprod_b8, b8, i64, i64, 1, IPROD)

const lt_Loop lt_cumsum_loops[LT_NUM_DTYPES] = ROW(cumsum);
const lt_Loop lt_cumprod_loops[LT_NUM_DTYPES] = ROW(cumprod);
