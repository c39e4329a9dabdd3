/*
** kernels_binary.c: inner loops of the binary element-wise ops, one per op and compute dtype.
** Each loop has contiguous fast paths (vector-vector, vector-scalar, scalar-vector) that the
** compiler vectorizes for each CPU level, and a strided fallback.
*/
#include "lt_kernels.h"

/* BINARY(name, TARGETS, T, TO, expr): out[i] = expr over x = a[i], y = b[i] */
#define BINARY(NAME, TARGETS, T, TO, EXPR)                                                   \
  TARGETS static void NAME##_vv(int64_t n, TO *o, const T *a, const T *b) {                 \
    LT_IVDEP for (int64_t i = 0; i < n; i++) {                                               \
      T x = a[i], y = b[i];                                                                  \
      o[i] = (TO)(EXPR);                                                                     \
    }                                                                                        \
  }                                                                                          \
  TARGETS static void NAME##_vs(int64_t n, TO *o, const T *a, T y) {                        \
    LT_IVDEP for (int64_t i = 0; i < n; i++) {                                               \
      T x = a[i];                                                                            \
      o[i] = (TO)(EXPR);                                                                     \
    }                                                                                        \
  }                                                                                          \
  TARGETS static void NAME##_sv(int64_t n, TO *o, T x, const T *b) {                        \
    LT_IVDEP for (int64_t i = 0; i < n; i++) {                                               \
      T y = b[i];                                                                            \
      o[i] = (TO)(EXPR);                                                                     \
    }                                                                                        \
  }                                                                                          \
  static void NAME(char **d, const int64_t *s, int64_t n, void *extra) {                     \
    (void)extra;                                                                             \
    if (s[0] == sizeof(TO) && s[1] == sizeof(T) && s[2] == sizeof(T)) {                      \
      NAME##_vv(n, (TO *)d[0], (const T *)d[1], (const T *)d[2]);                            \
    } else if (s[0] == sizeof(TO) && s[1] == sizeof(T) && s[2] == 0) {                       \
      NAME##_vs(n, (TO *)d[0], (const T *)d[1], *(const T *)d[2]);                           \
    } else if (s[0] == sizeof(TO) && s[1] == 0 && s[2] == sizeof(T)) {                       \
      NAME##_sv(n, (TO *)d[0], *(const T *)d[1], (const T *)d[2]);                           \
    } else {                                                                                 \
      char *po = d[0];                                                                       \
      const char *pa = d[1], *pb = d[2];                                                     \
      for (int64_t i = 0; i < n; i++, po += s[0], pa += s[1], pb += s[2]) {                  \
        T x = *(const T *)pa, y = *(const T *)pb;                                            \
        *(TO *)po = (TO)(EXPR);                                                              \
      }                                                                                      \
    }                                                                                        \
  }

#define VEC LT_TARGETS
#define LIBM /* loops around libm calls gain nothing from clones */

/* ---- arithmetic (integers wrap, as two's complement) ---- */
BINARY(add_f32, VEC, f32, f32, x + y)
BINARY(add_f64, VEC, f64, f64, x + y)
BINARY(add_i32, VEC, i32, i32, WRAP_ADD(i32, uint32_t, x, y))
BINARY(add_i64, VEC, i64, i64, WRAP_ADD(i64, uint64_t, x, y))
BINARY(add_u8, VEC, u8, u8, x + y)
BINARY(add_b8, VEC, b8, b8, x | y)
BINARY(sub_f32, VEC, f32, f32, x - y)
BINARY(sub_f64, VEC, f64, f64, x - y)
BINARY(sub_i32, VEC, i32, i32, WRAP_SUB(i32, uint32_t, x, y))
BINARY(sub_i64, VEC, i64, i64, WRAP_SUB(i64, uint64_t, x, y))
BINARY(sub_u8, VEC, u8, u8, x - y)
BINARY(mul_f32, VEC, f32, f32, x * y)
BINARY(mul_f64, VEC, f64, f64, x * y)
BINARY(mul_i32, VEC, i32, i32, WRAP_MUL(i32, uint32_t, x, y))
BINARY(mul_i64, VEC, i64, i64, WRAP_MUL(i64, uint64_t, x, y))
BINARY(mul_u8, VEC, u8, u8, x * y)
BINARY(mul_b8, VEC, b8, b8, x & y)
BINARY(div_f32, VEC, f32, f32, x / y)
BINARY(div_f64, VEC, f64, f64, x / y)

/* NaN wins in maximum/minimum, as in PyTorch (`|` rather than `||`, so that they vectorize) */
BINARY(maximum_f32, VEC, f32, f32, ((x > y) | (x != x)) ? x : y)
BINARY(maximum_f64, VEC, f64, f64, ((x > y) | (x != x)) ? x : y)
BINARY(maximum_i32, VEC, i32, i32, x > y ? x : y)
BINARY(maximum_i64, VEC, i64, i64, x > y ? x : y)
BINARY(maximum_u8, VEC, u8, u8, x > y ? x : y)
BINARY(maximum_b8, VEC, b8, b8, x | y)
BINARY(minimum_f32, VEC, f32, f32, ((x < y) | (x != x)) ? x : y)
BINARY(minimum_f64, VEC, f64, f64, ((x < y) | (x != x)) ? x : y)
BINARY(minimum_i32, VEC, i32, i32, x < y ? x : y)
BINARY(minimum_i64, VEC, i64, i64, x < y ? x : y)
BINARY(minimum_u8, VEC, u8, u8, x < y ? x : y)
BINARY(minimum_b8, VEC, b8, b8, x & y)

/* ---- Python-style remainder and floor division (sign of the divisor; floor) ---- */
#define FLOAT_REMAINDER(T, FMOD)                                                              \
  static inline T rem_##T(T a, T b) {                                                   \
    T mod = FMOD(a, b);                                                                       \
    return (mod != 0 && (b < 0) != (mod < 0)) ? mod + b : mod;                                \
  }
FLOAT_REMAINDER(f32, fmodf)
FLOAT_REMAINDER(f64, fmod)

/* PyTorch's div_floor: exact where floor(a / b) would round wrongly */
#define FLOAT_FLOORDIV(T, FMOD, FLOOR, COPYSIGN)                                              \
  static inline T fdiv_##T(T a, T b) {                                                    \
    if (b == 0) return a / b;                                                                 \
    T mod = FMOD(a, b), div = (a - mod) / b;                                                  \
    if (mod != 0 && (b < 0) != (mod < 0)) div -= 1;                                           \
    if (div == 0) return COPYSIGN((T)0, a / b);                                               \
    T floordiv = FLOOR(div);                                                                  \
    return div - floordiv > (T)0.5 ? floordiv + 1 : floordiv;                                 \
  }
FLOAT_FLOORDIV(f32, fmodf, floorf, copysignf)
FLOAT_FLOORDIV(f64, fmod, floor, copysign)

/* signed integers: the op refuses b == 0 before it runs, and b == 0 gives 0 here anyway so
   that no input can trap; b == -1 wraps instead of trapping */
#define INT_DIVISION(T, U)                                                                    \
  static inline T rem_##T(T a, T b) {                                                   \
    if (b == -1 || b == 0) return 0;                                                          \
    T r = a % b;                                                                              \
    return (r != 0 && (r < 0) != (b < 0)) ? r + b : r;                                        \
  }                                                                                           \
  static inline T fdiv_##T(T a, T b) {                                                    \
    if (b == 0) return 0;                                                                     \
    if (b == -1) return (T)((U)0 - (U)a);                                                     \
    T q = a / b;                                                                              \
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;                                    \
  }
INT_DIVISION(i32, uint32_t)
INT_DIVISION(i64, uint64_t)

BINARY(remainder_f32, LIBM, f32, f32, rem_f32(x, y))
BINARY(remainder_f64, LIBM, f64, f64, rem_f64(x, y))
BINARY(remainder_i32, LIBM, i32, i32, rem_i32(x, y))
BINARY(remainder_i64, LIBM, i64, i64, rem_i64(x, y))
BINARY(remainder_u8, LIBM, u8, u8, y == 0 ? 0 : x % y)
BINARY(floor_divide_f32, LIBM, f32, f32, fdiv_f32(x, y))
BINARY(floor_divide_f64, LIBM, f64, f64, fdiv_f64(x, y))
BINARY(floor_divide_i32, LIBM, i32, i32, fdiv_i32(x, y))
BINARY(floor_divide_i64, LIBM, i64, i64, fdiv_i64(x, y))
BINARY(floor_divide_u8, LIBM, u8, u8, y == 0 ? 0 : x / y)

/* integer powers by squaring, wrapping; negative exponents are refused by the op */
#define INT_POW(T, U)                                                                         \
  static inline T ipow_##T(T base, T exp) {                                                   \
    U result = 1, b = (U)base;                                                                \
    for (U e = (U)exp; e != 0; e >>= 1, b *= b)                                               \
      if (e & 1) result *= b;                                                                 \
    return (T)result;                                                                         \
  }
INT_POW(i32, uint32_t)
INT_POW(i64, uint64_t)
INT_POW(u8, unsigned)

BINARY(pow_f32, LIBM, f32, f32, powf(x, y))
BINARY(pow_f64, LIBM, f64, f64, pow(x, y))
BINARY(pow_i32, LIBM, i32, i32, ipow_i32(x, y))
BINARY(pow_i64, LIBM, i64, i64, ipow_i64(x, y))
BINARY(pow_u8, LIBM, u8, u8, ipow_u8(x, y))
BINARY(atan2_f32, LIBM, f32, f32, atan2f(x, y))
BINARY(atan2_f64, LIBM, f64, f64, atan2(x, y))

/* ---- comparisons (bool out) and logical ops (on bools) ---- */
#define COMPARISON(NAME, OP)                                                                  \
  BINARY(NAME##_f32, VEC, f32, b8, x OP y)                                                    \
  BINARY(NAME##_f64, VEC, f64, b8, x OP y)                                                    \
  BINARY(NAME##_i32, VEC, i32, b8, x OP y)                                                    \
  BINARY(NAME##_i64, VEC, i64, b8, x OP y)                                                    \
  BINARY(NAME##_u8, VEC, u8, b8, x OP y)                                                      \
  BINARY(NAME##_b8, VEC, b8, b8, x OP y)
COMPARISON(eq, ==)
COMPARISON(ne, !=)
COMPARISON(lt, <)
COMPARISON(le, <=)
COMPARISON(gt, >)
COMPARISON(ge, >=)

BINARY(logical_and_b8, VEC, b8, b8, x & y)
BINARY(logical_or_b8, VEC, b8, b8, x | y)
BINARY(logical_xor_b8, VEC, b8, b8, x ^ y)

/* ---- the tables, by compute dtype (NULL: not supported) ---- */
#define ALL6(N) {[LT_FLOAT32] = N##_f32, [LT_FLOAT64] = N##_f64, [LT_INT32] = N##_i32, \
                 [LT_INT64] = N##_i64, [LT_UINT8] = N##_u8, [LT_BOOL] = N##_b8}
#define NUMERIC(N) {[LT_FLOAT32] = N##_f32, [LT_FLOAT64] = N##_f64, [LT_INT32] = N##_i32, \
                    [LT_INT64] = N##_i64, [LT_UINT8] = N##_u8}
#define FLOATS(N) {[LT_FLOAT32] = N##_f32, [LT_FLOAT64] = N##_f64}

const lt_Loop lt_add_loops[LT_NUM_DTYPES] = ALL6(add);
const lt_Loop lt_sub_loops[LT_NUM_DTYPES] = NUMERIC(sub);
const lt_Loop lt_mul_loops[LT_NUM_DTYPES] = ALL6(mul);
const lt_Loop lt_div_loops[LT_NUM_DTYPES] = FLOATS(div);
const lt_Loop lt_maximum_loops[LT_NUM_DTYPES] = ALL6(maximum);
const lt_Loop lt_minimum_loops[LT_NUM_DTYPES] = ALL6(minimum);
const lt_Loop lt_remainder_loops[LT_NUM_DTYPES] = NUMERIC(remainder);
const lt_Loop lt_floor_divide_loops[LT_NUM_DTYPES] = NUMERIC(floor_divide);
const lt_Loop lt_pow_loops[LT_NUM_DTYPES] = NUMERIC(pow);
const lt_Loop lt_atan2_loops[LT_NUM_DTYPES] = FLOATS(atan2);
const lt_Loop lt_eq_loops[LT_NUM_DTYPES] = ALL6(eq);
const lt_Loop lt_ne_loops[LT_NUM_DTYPES] = ALL6(ne);
const lt_Loop lt_lt_loops[LT_NUM_DTYPES] = ALL6(lt);
const lt_Loop lt_le_loops[LT_NUM_DTYPES] = ALL6(le);
const lt_Loop lt_gt_loops[LT_NUM_DTYPES] = ALL6(gt);
const lt_Loop lt_ge_loops[LT_NUM_DTYPES] = ALL6(ge);
const lt_Loop lt_logical_and_loops[LT_NUM_DTYPES] = {[LT_BOOL] = logical_and_b8};
const lt_Loop lt_logical_or_loops[LT_NUM_DTYPES] = {[LT_BOOL] = logical_or_b8};
const lt_Loop lt_logical_xor_loops[LT_NUM_DTYPES] = {[LT_BOOL] = logical_xor_b8};
