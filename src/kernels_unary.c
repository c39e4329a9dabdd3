/*
** kernels_unary.c: inner loops of the unary element-wise ops and of where(). float32 exp, expm1,
** log, log1p, tanh, sigmoid and erf (and gelu, silu, softplus built on them) use the
** vectorizable approximations of vmath.h (their measured errors are stated there); the rest
** call libm.
*/
#include "lt_kernels.h"
#include "vmath.h"

/* UNARY(name, TARGETS, T, TO, expr): out[i] = expr over x = a[i] */
#define UNARY(NAME, TARGETS, T, TO, EXPR)                                                    \
  TARGETS static void NAME##_v(int64_t n, TO *o, const T *a) {                              \
    LT_IVDEP for (int64_t i = 0; i < n; i++) {                                               \
      T x = a[i];                                                                            \
      o[i] = (TO)(EXPR);                                                                     \
    }                                                                                        \
  }                                                                                          \
  static void NAME(char **d, const int64_t *s, int64_t n, void *extra) {                     \
    (void)extra;                                                                             \
    if (s[0] == sizeof(TO) && s[1] == sizeof(T)) {                                           \
      NAME##_v(n, (TO *)d[0], (const T *)d[1]);                                              \
    } else {                                                                                 \
      char *po = d[0];                                                                       \
      const char *pa = d[1];                                                                 \
      for (int64_t i = 0; i < n; i++, po += s[0], pa += s[1]) {                              \
        T x = *(const T *)pa;                                                                \
        *(TO *)po = (TO)(EXPR);                                                              \
      }                                                                                      \
    }                                                                                        \
  }

#define VEC LT_TARGETS
#define LIBM

/* the same expression for every numeric dtype (integers wrap) */
#define NUMERIC_UNARY(NAME, FEXPR, IEXPR32, IEXPR64, UEXPR)                                   \
  UNARY(NAME##_f32, VEC, f32, f32, FEXPR)                                                     \
  UNARY(NAME##_f64, VEC, f64, f64, FEXPR)                                                     \
  UNARY(NAME##_i32, VEC, i32, i32, IEXPR32)                                                   \
  UNARY(NAME##_i64, VEC, i64, i64, IEXPR64)                                                   \
  UNARY(NAME##_u8, VEC, u8, u8, UEXPR)

NUMERIC_UNARY(neg, -x, WRAP_SUB(i32, uint32_t, 0, x), WRAP_SUB(i64, uint64_t, 0, x), (u8)(0u - x))
NUMERIC_UNARY(abs, fabs(x), x < 0 ? WRAP_SUB(i32, uint32_t, 0, x) : x,
              x < 0 ? WRAP_SUB(i64, uint64_t, 0, x) : x, x)
NUMERIC_UNARY(sign, (x > 0) - (x < 0), (x > 0) - (x < 0), (x > 0) - (x < 0), x > 0)
NUMERIC_UNARY(relu, x < 0 ? 0 : x, x < 0 ? 0 : x, x < 0 ? 0 : x, x) /* NaN stays NaN */
NUMERIC_UNARY(square, x * x, WRAP_MUL(i32, uint32_t, x, x), WRAP_MUL(i64, uint64_t, x, x), x * x)
/* rounding: integers are already whole; round() is half-to-even, as PyTorch */
NUMERIC_UNARY(floor, floor(x), x, x, x)
NUMERIC_UNARY(ceil, ceil(x), x, x, x)
NUMERIC_UNARY(trunc, trunc(x), x, x, x)
NUMERIC_UNARY(round, rint(x), x, x, x)
UNARY(sign_b8, VEC, b8, b8, x)
UNARY(logical_not_b8, VEC, b8, b8, !x)

/* float-only functions: float32 through vmath.h or libm's float versions, float64 via libm */
#define FLOAT_UNARY(NAME, TARGETS32, EXPR32, EXPR64)                                          \
  UNARY(NAME##_f32, TARGETS32, f32, f32, EXPR32)                                              \
  UNARY(NAME##_f64, LIBM, f64, f64, EXPR64)

FLOAT_UNARY(sqrt, VEC, sqrtf(x), sqrt(x))
FLOAT_UNARY(rsqrt, VEC, 1.0f / sqrtf(x), 1.0 / sqrt(x))
FLOAT_UNARY(reciprocal, VEC, 1.0f / x, 1.0 / x)
FLOAT_UNARY(exp, VEC, lt_vexpf(x), exp(x))
FLOAT_UNARY(exp2, LIBM, exp2f(x), exp2(x))
FLOAT_UNARY(expm1, VEC, lt_vexpm1f(x), expm1(x))
FLOAT_UNARY(log, VEC, lt_vlogf(x), log(x))
FLOAT_UNARY(log2, LIBM, log2f(x), log2(x))
FLOAT_UNARY(log1p, VEC, lt_vlog1pf(x), log1p(x))
FLOAT_UNARY(sin, LIBM, sinf(x), sin(x))
FLOAT_UNARY(cos, LIBM, cosf(x), cos(x))
FLOAT_UNARY(tan, LIBM, tanf(x), tan(x))
FLOAT_UNARY(asin, LIBM, asinf(x), asin(x))
FLOAT_UNARY(acos, LIBM, acosf(x), acos(x))
FLOAT_UNARY(atan, LIBM, atanf(x), atan(x))
FLOAT_UNARY(sinh, LIBM, sinhf(x), sinh(x))
FLOAT_UNARY(cosh, LIBM, coshf(x), cosh(x))
FLOAT_UNARY(tanh, VEC, lt_vtanhf(x), tanh(x))
FLOAT_UNARY(sigmoid, VEC, lt_vsigmoidf(x), 1.0 / (1.0 + exp(-x)))
FLOAT_UNARY(erf, VEC, lt_verff(x), erf(x))
/* GELU with the exact erf form (PyTorch's default), SiLU, and softplus with PyTorch's
   threshold: above 20 it is x itself to float precision */
FLOAT_UNARY(gelu, VEC, 0.5f * x * (1.0f + lt_verff(x * (f32)M_SQRT1_2)), 0.5 * x * (1.0 + erf(x * M_SQRT1_2)))
FLOAT_UNARY(silu, VEC, x * lt_vsigmoidf(x), x / (1.0 + exp(-x)))
FLOAT_UNARY(softplus, VEC, x > 20.0f ? x : lt_vlog1pf(lt_vexpf(x)), x > 20.0 ? x : log1p(exp(x)))

#define NUMERIC_TABLE(N) {[LT_FLOAT32] = N##_f32, [LT_FLOAT64] = N##_f64, [LT_INT32] = N##_i32, \
                          [LT_INT64] = N##_i64, [LT_UINT8] = N##_u8}
#define FLOAT_TABLE(N) {[LT_FLOAT32] = N##_f32, [LT_FLOAT64] = N##_f64}

const lt_Loop lt_neg_loops[LT_NUM_DTYPES] = NUMERIC_TABLE(neg);
const lt_Loop lt_abs_loops[LT_NUM_DTYPES] = NUMERIC_TABLE(abs);
const lt_Loop lt_sign_loops[LT_NUM_DTYPES] = {[LT_FLOAT32] = sign_f32, [LT_FLOAT64] = sign_f64, [LT_INT32] = sign_i32,
                                              [LT_INT64] = sign_i64, [LT_UINT8] = sign_u8, [LT_BOOL] = sign_b8};
const lt_Loop lt_relu_loops[LT_NUM_DTYPES] = NUMERIC_TABLE(relu);
const lt_Loop lt_square_loops[LT_NUM_DTYPES] = NUMERIC_TABLE(square);
const lt_Loop lt_floor_loops[LT_NUM_DTYPES] = NUMERIC_TABLE(floor);
const lt_Loop lt_ceil_loops[LT_NUM_DTYPES] = NUMERIC_TABLE(ceil);
const lt_Loop lt_trunc_loops[LT_NUM_DTYPES] = NUMERIC_TABLE(trunc);
const lt_Loop lt_round_loops[LT_NUM_DTYPES] = NUMERIC_TABLE(round);
const lt_Loop lt_logical_not_loops[LT_NUM_DTYPES] = {[LT_BOOL] = logical_not_b8};
#define DEFINE_FLOAT_TABLE(name) const lt_Loop lt_##name##_loops[LT_NUM_DTYPES] = FLOAT_TABLE(name);
LT_FLOAT_UNARY_KERNELS(DEFINE_FLOAT_TABLE)

/* ---- where(cond, a, b): cond arrives as bool. Contiguous out and cond with a and b each
   contiguous or a broadcast scalar (the backward rules' where(mask, grad, 0)) run branch-free
   loops the compiler vectorizes; the rest goes element by element. ---- */
#define WHERE_FLAT(T, A, B)                                                                   \
  LT_IVDEP for (int64_t i = 0; i < n; i++) o[i] = c[i] ? (A) : (B);
#define WHERE(T)                                                                              \
  LT_TARGETS static void where_##T(char **d, const int64_t *s, int64_t n, void *extra) {      \
    char *po = d[0];                                                                          \
    const char *pc = d[1], *pa = d[2], *pb = d[3];                                            \
    (void)extra;                                                                              \
    if (s[0] == (int64_t)sizeof(T) && s[1] == 1) {                                            \
      T *o = (T *)(void *)po;                                                                 \
      const b8 *c = (const b8 *)pc;                                                           \
      const T *a = (const T *)(const void *)pa, *b = (const T *)(const void *)pb;             \
      bool ac = s[2] == (int64_t)sizeof(T), bc = s[3] == (int64_t)sizeof(T);                  \
      if (ac && bc) { WHERE_FLAT(T, a[i], b[i]) return; }                                     \
      if (ac && s[3] == 0) { T bv = *b; WHERE_FLAT(T, a[i], bv) return; }                     \
      if (s[2] == 0 && bc) { T av = *a; WHERE_FLAT(T, av, b[i]) return; }                     \
    }                                                                                         \
    for (int64_t i = 0; i < n; i++, po += s[0], pc += s[1], pa += s[2], pb += s[3])           \
      *(T *)po = *(const b8 *)pc ? *(const T *)pa : *(const T *)pb;                           \
  }
WHERE(f32)
WHERE(f64)
WHERE(i32)
WHERE(i64)
WHERE(u8)

const lt_Loop lt_where_loops[LT_NUM_DTYPES] = {[LT_FLOAT32] = where_f32, [LT_FLOAT64] = where_f64,
                                               [LT_INT32] = where_i32, [LT_INT64] = where_i64,
                                               [LT_UINT8] = where_u8, [LT_BOOL] = where_u8};
