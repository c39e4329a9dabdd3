/*
** kernels_fused.c: inner loops of the fused element-wise ops (ops_fused.c): addcmul, addcdiv,
** add/sub with alpha, and lerp. Each computes its whole formula in one pass over its operands,
** in the order PyTorch's CPU kernels use (input + value * t1 * t2, input + value * t1 / t2,
** a + alpha * b), so that the same inputs round the same way. Like the binary loops: a
** contiguous path cloned for each CPU level, and a strided fallback (broadcast operands have
** stride 0). The scalar (value, alpha, weight) comes in extra: for addc* and add_alpha already
** converted to the compute dtype T, for lerp as a double (see lerp_s below).
**
** The build is ISO C (-std=c11), so the compiler never contracts a * b + c into an FMA: the
** roundings are the same on every CPU level.
*/
#include "lt_kernels.h"

/* TERNARY(NAME, T, EXPR): out[i] = EXPR over x = in1[i], y = in2[i], z = in3[i], v = *extra */
#define TERNARY(NAME, T, EXPR)                                                                \
  LT_TARGETS static void NAME##_vvv(int64_t n, T *o, const T *a, const T *b, const T *c, T v) { \
    LT_IVDEP for (int64_t i = 0; i < n; i++) {                                                \
      T x = a[i], y = b[i], z = c[i];                                                         \
      o[i] = (T)(EXPR);                                                                       \
    }                                                                                         \
  }                                                                                           \
  static void NAME(char **d, const int64_t *s, int64_t n, void *extra) {                      \
    T v = *(const T *)extra;                                                                  \
    if (s[0] == sizeof(T) && s[1] == sizeof(T) && s[2] == sizeof(T) && s[3] == sizeof(T)) {   \
      NAME##_vvv(n, (T *)d[0], (const T *)d[1], (const T *)d[2], (const T *)d[3], v);         \
    } else {                                                                                  \
      char *po = d[0];                                                                        \
      const char *pa = d[1], *pb = d[2], *pc = d[3];                                          \
      for (int64_t i = 0; i < n; i++, po += s[0], pa += s[1], pb += s[2], pc += s[3]) {       \
        T x = *(const T *)pa, y = *(const T *)pb, z = *(const T *)pc;                         \
        *(T *)po = (T)(EXPR);                                                                 \
      }                                                                                       \
    }                                                                                         \
  }

/* BINARY_V(NAME, T, EXPR): out[i] = EXPR over x = in1[i], y = in2[i], v = *extra; the common
   optimizer shapes (vector-vector, vector-scalar) get vectorized paths */
#define BINARY_V(NAME, T, EXPR)                                                               \
  LT_TARGETS static void NAME##_vv(int64_t n, T *o, const T *a, const T *b, T v) {            \
    LT_IVDEP for (int64_t i = 0; i < n; i++) {                                                \
      T x = a[i], y = b[i];                                                                   \
      o[i] = (T)(EXPR);                                                                       \
    }                                                                                         \
  }                                                                                           \
  LT_TARGETS static void NAME##_vs(int64_t n, T *o, const T *a, T y, T v) {                   \
    LT_IVDEP for (int64_t i = 0; i < n; i++) {                                                \
      T x = a[i];                                                                             \
      o[i] = (T)(EXPR);                                                                       \
    }                                                                                         \
  }                                                                                           \
  static void NAME(char **d, const int64_t *s, int64_t n, void *extra) {                      \
    T v = *(const T *)extra;                                                                  \
    if (s[0] == sizeof(T) && s[1] == sizeof(T) && s[2] == sizeof(T)) {                       \
      NAME##_vv(n, (T *)d[0], (const T *)d[1], (const T *)d[2], v);                           \
    } else if (s[0] == sizeof(T) && s[1] == sizeof(T) && s[2] == 0) {                         \
      NAME##_vs(n, (T *)d[0], (const T *)d[1], *(const T *)d[2], v);                          \
    } else {                                                                                  \
      char *po = d[0];                                                                        \
      const char *pa = d[1], *pb = d[2];                                                      \
      for (int64_t i = 0; i < n; i++, po += s[0], pa += s[1], pb += s[2]) {                   \
        T x = *(const T *)pa, y = *(const T *)pb;                                             \
        *(T *)po = (T)(EXPR);                                                                 \
      }                                                                                       \
    }                                                                                         \
  }

/* ---- addcmul: x + v * y * z (integers wrap) ---- */
#define WMUL3(T, U) ((T)((U)x + (U)v * (U)y * (U)z))
TERNARY(addcmul_f32, f32, x + v * y * z)
TERNARY(addcmul_f64, f64, x + v * y * z)
TERNARY(addcmul_i32, i32, WMUL3(i32, uint32_t))
TERNARY(addcmul_i64, i64, WMUL3(i64, uint64_t))
TERNARY(addcmul_u8, u8, WMUL3(u8, unsigned))

/* ---- addcdiv: x + v * y / z (floats only: PyTorch refuses integer division here) ---- */
TERNARY(addcdiv_f32, f32, x + v * y / z)
TERNARY(addcdiv_f64, f64, x + v * y / z)

/* ---- add with alpha: x + v * y (sub passes -alpha; bool: x or (v and y)) ---- */
#define WMADD(T, U) ((T)((U)x + (U)v * (U)y))
BINARY_V(add_alpha_f32, f32, x + v * y)
BINARY_V(add_alpha_f64, f64, x + v * y)
BINARY_V(add_alpha_i32, i32, WMADD(i32, uint32_t))
BINARY_V(add_alpha_i64, i64, WMADD(i64, uint64_t))
BINARY_V(add_alpha_u8, u8, WMADD(u8, unsigned))
BINARY_V(add_alpha_b8, b8, x | (v & y))

/* ---- lerp, PyTorch's form, exact at both ends: x + w (y - x) where |w| < 0.5, else
   y - (y - x)(1 - w) ---- */

/* weight a number: extra is the double w; |w| < 0.5 is decided and 1 - w computed in double,
   then rounded to T once (as the composite form did: lerp_ gives the same bits as before) */
#define LERP_SCALAR(NAME, T)                                                                  \
  LT_TARGETS static void NAME##_low(int64_t n, T *o, const T *a, const T *b, T c) {          \
    LT_IVDEP for (int64_t i = 0; i < n; i++) o[i] = a[i] + (b[i] - a[i]) * c;                  \
  }                                                                                           \
  LT_TARGETS static void NAME##_high(int64_t n, T *o, const T *a, const T *b, T c) {         \
    LT_IVDEP for (int64_t i = 0; i < n; i++) o[i] = b[i] - (b[i] - a[i]) * c;                  \
  }                                                                                           \
  static void NAME(char **d, const int64_t *s, int64_t n, void *extra) {                      \
    double w = *(const double *)extra;                                                        \
    bool low = fabs(w) < 0.5;                                                                 \
    T c = low ? (T)w : (T)(1 - w);                                                            \
    if (s[0] == sizeof(T) && s[1] == sizeof(T) && s[2] == sizeof(T)) {                       \
      (low ? NAME##_low : NAME##_high)(n, (T *)d[0], (const T *)d[1], (const T *)d[2], c);    \
    } else {                                                                                  \
      char *po = d[0];                                                                        \
      const char *pa = d[1], *pb = d[2];                                                      \
      for (int64_t i = 0; i < n; i++, po += s[0], pa += s[1], pb += s[2]) {                   \
        T x = *(const T *)pa, y = *(const T *)pb;                                             \
        *(T *)po = low ? x + (y - x) * c : y - (y - x) * c;                                   \
      }                                                                                       \
    }                                                                                         \
  }
LERP_SCALAR(lerp_s_f32, f32)
LERP_SCALAR(lerp_s_f64, f64)

/* weight a tensor (third input, in the compute dtype); extra unused. fabs is fabsf for f32. */
#define LERP_TENSOR(NAME, T, FABS)                                                            \
  LT_TARGETS static void NAME##_vvv(int64_t n, T *o, const T *a, const T *b, const T *c) {   \
    LT_IVDEP for (int64_t i = 0; i < n; i++) {                                                \
      T x = a[i], y = b[i], w = c[i], diff = y - x;                                           \
      o[i] = FABS(w) < (T)0.5 ? x + w * diff : y - diff * ((T)1 - w);                         \
    }                                                                                         \
  }                                                                                           \
  static void NAME(char **d, const int64_t *s, int64_t n, void *extra) {                      \
    (void)extra;                                                                              \
    if (s[0] == sizeof(T) && s[1] == sizeof(T) && s[2] == sizeof(T) && s[3] == sizeof(T)) {   \
      NAME##_vvv(n, (T *)d[0], (const T *)d[1], (const T *)d[2], (const T *)d[3]);            \
    } else {                                                                                  \
      char *po = d[0];                                                                        \
      const char *pa = d[1], *pb = d[2], *pc = d[3];                                          \
      for (int64_t i = 0; i < n; i++, po += s[0], pa += s[1], pb += s[2], pc += s[3]) {       \
        T x = *(const T *)pa, y = *(const T *)pb, w = *(const T *)pc, diff = y - x;           \
        *(T *)po = FABS(w) < (T)0.5 ? x + w * diff : y - diff * ((T)1 - w);                   \
      }                                                                                       \
    }                                                                                         \
  }
LERP_TENSOR(lerp_t_f32, f32, fabsf)
LERP_TENSOR(lerp_t_f64, f64, fabs)

/* ---- the tables, by compute dtype (NULL: not supported) ---- */
#define NUMERIC(N) {[LT_FLOAT32] = N##_f32, [LT_FLOAT64] = N##_f64, [LT_INT32] = N##_i32, \
                    [LT_INT64] = N##_i64, [LT_UINT8] = N##_u8}
#define FLOATS(N) {[LT_FLOAT32] = N##_f32, [LT_FLOAT64] = N##_f64}

const lt_Loop lt_addcmul_loops[LT_NUM_DTYPES] = NUMERIC(addcmul);
const lt_Loop lt_addcdiv_loops[LT_NUM_DTYPES] = FLOATS(addcdiv);
const lt_Loop lt_add_alpha_loops[LT_NUM_DTYPES] = {[LT_FLOAT32] = add_alpha_f32, [LT_FLOAT64] = add_alpha_f64,
                                                   [LT_INT32] = add_alpha_i32, [LT_INT64] = add_alpha_i64,
                                                   [LT_UINT8] = add_alpha_u8, [LT_BOOL] = add_alpha_b8};
const lt_Loop lt_lerp_scalar_loops[LT_NUM_DTYPES] = FLOATS(lerp_s);
const lt_Loop lt_lerp_tensor_loops[LT_NUM_DTYPES] = FLOATS(lerp_t);
