/*
** vmath.h: branch-free float32 math functions that GCC auto-vectorizes.
**
** Every function is `static inline`, float in and float out, with no branches, no libm calls,
** no tables and no FP-environment changes, so that a plain loop such as
**
**   __attribute__((target_clones("avx512f", "avx2", "default")))   (*)
**   void exp_loop(int64_t n, float *restrict out, const float *restrict in) {
**     for (int64_t i = 0; i < n; i++) out[i] = lt_vexpf(in[i]);
**   }
**
** vectorizes (16 lanes for avx512f, 8 for avx2, 4 for the SSE2 default).
** (*) In GCC a comma inside one target_clones string makes separate clones: "avx2,fma" is an
**     avx2 clone plus an fma (AVX-128) clone, not one AVX2+FMA clone; use "arch=x86-64-v3" for
**     that. FMA buys nothing here under -std=c11 anyway (see below).
**
** Flags:
**  - -fno-trapping-math is REQUIRED (without it GCC will not if-convert most selects: no loop
**    vectorizes for avx2/SSE2 and only some for avx512f). -O3, or -O2 -fvect-cost-model=dynamic,
**    is needed too: GCC 12's -O2 cost model ("very cheap") vectorizes none of these loops.
**    -fno-math-errno is harmless (nothing here sets errno).
**  - NOT -ffast-math, -ffinite-math-only or -fassociative-math: the NaN/inf selects and the
**    (v + 0x1.8p23f) - 0x1.8p23f rounding trick rely on IEEE semantics.
**  - Under -std=c11 (ISO mode) GCC does not contract a*b+c into FMA, so the results are
**    bit-identical in the scalar code and in every vector width and clone (checked over all 2^32
**    inputs for SSE2, AVX2 and AVX-512 builds). With -std=gnu11 / -ffp-contract=fast (or clang,
**    which contracts by default) FMA-capable clones may differ in the last bit; the bounds below
**    were re-measured in that mode too and still hold (values in [brackets] where they differ).
**  - Denormal inputs or results are handled exactly but are slow on x86 (microcode assists,
**    ~5-10x) unless the caller runs with FTZ/DAZ, which would then flush them.
**
** Errors: maximum over all 2^32 float inputs of |result - f(x)| / ulp(f(x)), where f(x) is
** glibc's double-precision result (ulp taken in float, 2^-149 for denormals). An error below 1
** means the result is always one of the two floats around the true value. Signed zeros follow
** C99 Annex F. Nothing sets errno; FP exception flags are unspecified (spurious
** inexact/overflow/invalid may be raised, e.g. by the lane of a select that is not taken).
*/
#ifndef LT_VMATH_H
#define LT_VMATH_H

#include <stdint.h>
#include <string.h>

/* ---- bit casts and helpers (memcpy: no strict-aliasing issue; compiles to nothing) ---- */

static inline uint32_t lt_vm_f2u(float f) {
  uint32_t u;
  memcpy(&u, &f, sizeof u);
  return u;
}
static inline float lt_vm_u2f(uint32_t u) {
  float f;
  memcpy(&f, &u, sizeof f);
  return f;
}
static inline float lt_vm_abs(float x) { return lt_vm_u2f(lt_vm_f2u(x) & 0x7fffffffu); }
/* y with x's sign bit OR-ed in (y must be +0, positive or NaN) */
static inline float lt_vm_orsign(float y, float x) {
  return lt_vm_u2f(lt_vm_f2u(y) | (lt_vm_f2u(x) & 0x80000000u));
}

#define LT_VM_LOG2E 0x1.715476p+0f
#define LT_VM_LN2HI 0x1.63p-1f      /* 0.693359375 (9 bits): n*LN2HI is exact for |n| < 2^15 */
#define LT_VM_LN2LO -2.12194440e-4f /* ln2 - LN2HI */
#define LT_VM_ROUND 0x1.8p23f       /* (v + ROUND) - ROUND is v rounded to an integer, |v| < 2^22; \
                                       the low bits of v + ROUND hold that integer */

/* e^x for x in [-104, 89] or NaN (no clamping here). x = n*ln2 + r, |r| <= ~0.35,
   e^r = 1 + r + r^2*P(r) (Cephes expf polynomial), and 2^n is applied as 2^(n/2) * 2^(n-n/2):
   both factors are normal floats for every n in [-150, 128], so overflow rounds to inf and
   results below FLT_MIN are rounded once, to the right denormal (correct gradual underflow). */
static inline float lt_vm_exp_core(float x) {
  float z = x * LT_VM_LOG2E + LT_VM_ROUND;
  float n = z - LT_VM_ROUND;
  uint32_t nu = lt_vm_f2u(z) - lt_vm_f2u(LT_VM_ROUND); /* n as a two's complement integer */
  float r = x - n * LT_VM_LN2HI;                       /* exact */
  r = r - n * LT_VM_LN2LO;
  float r2 = r * r;
  float p = 1.9875691500E-4f;
  p = p * r + 1.3981999507E-3f;
  p = p * r + 8.3334519073E-3f;
  p = p * r + 4.1665795894E-2f;
  p = p * r + 1.6666665459E-1f;
  p = p * r + 5.0000001201E-1f;
  p = p * r2 + r;
  p = p + 1.0f;
  /* n1 = floor(n/2), n2 = n - n1. For NaN x the integers are garbage but the arithmetic is
     unsigned (no UB) and the NaN in p propagates. */
  uint32_t n1 = (uint32_t)((int32_t)nu >> 1);
  uint32_t n2 = nu - n1;
  float s1 = lt_vm_u2f((n1 + 127u) << 23);
  float s2 = lt_vm_u2f((n2 + 127u) << 23);
  return (p * s1) * s2;
}

/* e^x. Max error 0.99 ulp [1.01 with FMA] (at x = 0x1.199cc6p+6), never more than 1 ulp from the
   correctly rounded float; 99.6% of results correctly rounded.
   exp(x) = +inf from x = 0x1.62e430p+6 (88.7228394) up, as correctly rounded; gradual
   underflow is correct (max 0.75 ulp of 2^-149 for results below FLT_MIN), 0 from
   x = -0x1.9fe36ap+6 (-103.972084) down; exp(+inf) = +inf, exp(-inf) = 0, exp(+-0) = 1,
   exp(NaN) = NaN. */
static inline float lt_vexpf(float x) {
  x = x < -104.0f ? -104.0f : x; /* NaN passes both selects */
  x = x > 89.0f ? 89.0f : x;
  return lt_vm_exp_core(x);
}

/* e*ln2 + log(1+f) for f in about [sqrt(1/2)-1, sqrt(2)-1] (Cephes logf polynomial:
   log(1+f) = f - f^2/2 + f^3*P(f)) */
static inline float lt_vm_log_core(float f, float e) {
  float f2 = f * f;
  float p = 7.0376836292E-2f;
  p = p * f - 1.1514610310E-1f;
  p = p * f + 1.1676998740E-1f;
  p = p * f - 1.2420140846E-1f;
  p = p * f + 1.4249322787E-1f;
  p = p * f - 1.6668057665E-1f;
  p = p * f + 2.0000714765E-1f;
  p = p * f - 2.4999993993E-1f;
  p = p * f + 3.3333331174E-1f;
  float y = p * f * f2;
  y = y + e * LT_VM_LN2LO;
  y = y + f2 * -0.5f;
  y = f + y;
  return y + e * LT_VM_LN2HI;
}

/* Splits a positive normal u into m * 2^e with m in [sqrt(1/2), sqrt(2)): returns m, sets *e
   (garbage, without UB, for other u). */
static inline float lt_vm_frexp(float u, int32_t *e) {
  uint32_t b = lt_vm_f2u(u) + (0x3f800000u - 0x3f3504f3u);
  *e = (int32_t)(b >> 23) - 127;
  return lt_vm_u2f((b & 0x007fffffu) + 0x3f3504f3u);
}

/* Natural log. Max error 0.83 ulp (at x = 0x1.66635cp-1), never more than 1 ulp from the
   correctly rounded float, denormal x included (scaled by 2^23 first).
   log(+-0) = -inf, log(x < 0) = NaN (also log(-inf)), log(+inf) = +inf, log(1) = +0,
   log(NaN) = NaN. */
static inline float lt_vlogf(float x) {
  int sub = x < 0x1p-126f;
  float xs = sub ? x * 0x1p23f : x;
  int32_t ei;
  float m = lt_vm_frexp(xs, &ei);
  float e = (float)ei - (sub ? 23.0f : 0.0f);
  float y = lt_vm_log_core(m - 1.0f, e);
  y = x == __builtin_inff() ? x : y;
  y = x == 0.0f ? -__builtin_inff() : y;
  y = x < 0.0f ? __builtin_nanf("") : y;
  y = x != x ? x : y;
  return y;
}

/* tanh. Max error 1.46 ulp (at x = 0x1.19c302p-1, just past the switch), <= 1 ulp from
   the correctly rounded float. |x| < 0.55: x + x^3*P(x^2) (own minimax fit, relative error
   < 1.2e-9, so tiny and denormal x give x); otherwise 1 - 2/(e^(2|x|) + 1) with the sign put
   back. tanh(+-0) = +-0, exactly +-1 for |x| > 0x1.205966p+3 (9.0109, same as correctly
   rounded), tanh(+-inf) = +-1, tanh(NaN) = NaN. */
static inline float lt_vtanhf(float x) {
  float a = lt_vm_abs(x);
  float z = a * a;
  float p = -0x1.9921a2p-8f;
  p = p * z + 0x1.58e518p-6f;
  p = p * z - 0x1.b91e7ep-5f;
  p = p * z + 0x1.110ceep-3f;
  p = p * z - 0x1.55554ap-2f;
  float small = a + a * (z * p);
  float a2 = a + a;
  a2 = a2 > 89.0f ? 89.0f : a2; /* e^89 = inf: 2/inf = 0, result 1 */
  float big = 1.0f - 2.0f / (lt_vm_exp_core(a2) + 1.0f);
  return lt_vm_orsign(a < 0.55f ? small : big, x);
}

/* Logistic sigmoid 1/(1+e^-x). Max error 2.40 ulp (at x = -0x1.0a111ap+2: the result lies just
   below a power of two, where e^x's own 1-ulp error counts double), <= 2 ulp from the
   correctly rounded float. Computed as e/(1+e) for x < 0 and 1/(1+e) for x >= 0 with
   e = exp(-|x|) <= 1, so nothing overflows and there is no inf/inf: sigmoid(-inf) = 0,
   sigmoid(+inf) = 1, results for x < -87.3 are correct denormals (0 for x < -103.972, as
   correctly rounded), exactly 1 for x > 16.64 (correctly rounded: > 17.33; < 0.7 ulp apart),
   sigmoid(+-0) = 0.5, sigmoid(NaN) = NaN. */
static inline float lt_vsigmoidf(float x) {
  float na = -lt_vm_abs(x);
  na = na < -104.0f ? -104.0f : na;
  float e = lt_vm_exp_core(na);
  return (x < 0.0f ? e : 1.0f) / (1.0f + e);
}

/* erf (for GELU: 0.5*x*(1 + erf(x*M_SQRT1_2))). Max error 1.40 ulp [1.15 with FMA]
   (at x = 0x1.c32594p-1), <= 1 ulp from the correctly rounded float.
   |x| < 0.875: x + x*Q(x^2) (own minimax fit); otherwise 1 - exp(q(|x|)) with q ~ log(erfc)
   (own minimax fit on [0.875, 4]; |x| is clamped to 4, where erf is already 1 in float),
   sign put back. erf(+-0) = +-0, exactly +-1 for |x| > 3.91993 (correctly rounded: > 3.91921),
   erf(+-inf) = +-1,
   erf(NaN) = NaN. Tiny/denormal x: 2x/sqrt(pi) within 1 ulp. */
static inline float lt_verff(float x) {
  float a = lt_vm_abs(x);
  float z = a * a;
  float p = -0x1.3ba5aap-11f;
  p = p * z + 0x1.479c18p-8f;
  p = p * z - 0x1.b69b8ep-6f;
  p = p * z + 0x1.ce1b86p-4f;
  p = p * z - 0x1.8126ecp-2f;
  p = p * z + 0x1.06eba6p-3f; /* 2/sqrt(pi) - 1 */
  float small = a + a * p;
  float t = a > 4.0f ? 4.0f : a;
  float q = 0x1.a58528p-13f;
  q = q * t - 0x1.955030p-9f;
  q = q * t + 0x1.6f553ep-6f;
  q = q * t - 0x1.ab5354p-4f;
  q = q * t - 0x1.46026cp-1f;
  q = q * t - 0x1.20c06cp+0f;
  q = q * t - 0x1.18208ep-13f; /* q in [-18, -1.6]: no clamping needed for exp */
  float big = 1.0f - lt_vm_exp_core(q);
  return lt_vm_orsign(a < 0.875f ? small : big, x);
}

/* e^x - 1, accurate near 0. Max error 1.45 ulp (at x = 0x1.643c6ap-2), <= 1 ulp from the
   correctly rounded float. x = n*ln2 + r, expm1(r) = r + r^2*(1/2 + r*P(r)) (own minimax fit),
   expm1(x) = 2^n*expm1(r) + (2^n - 1), the last doubling done apart so that n = 128 does not
   overflow early. expm1(+-0) = +-0, tiny x gives x, exactly -1 for x < -16.98 (correctly
   rounded: < -17.33) and -inf, +inf from 88.7228394 up, expm1(NaN) = NaN. */
static inline float lt_vexpm1f(float x) {
  float xc = x < -30.0f ? -30.0f : x; /* keeps n in [-44, 128] */
  xc = xc > 89.0f ? 89.0f : xc;
  float z = xc * LT_VM_LOG2E + LT_VM_ROUND;
  float n = z - LT_VM_ROUND;
  uint32_t nu = lt_vm_f2u(z) - lt_vm_f2u(LT_VM_ROUND);
  float r = xc - n * LT_VM_LN2HI;
  r = r - n * LT_VM_LN2LO;
  float r2 = r * r;
  float p = 0x1.9c6b80p-13f;
  p = p * r + 0x1.6d4c24p-10f;
  p = p * r + 0x1.1113a8p-7f;
  p = p * r + 0x1.5554eap-5f;
  p = p * r + 0x1.555554p-3f;
  p = p * r + 0.5f;
  p = r + r2 * p;
  uint32_t nc = (int32_t)nu > 127 ? 127u : nu;
  float t = lt_vm_u2f((nc + 127u) << 23);      /* 2^min(n,127) */
  float f = lt_vm_u2f((nu - nc + 127u) << 23); /* 1, or 2 when n = 128 */
  float y = (t * p + (t - 1.0f)) * f;
  return x == 0.0f ? x : y;
}

/* log(1 + x), accurate near 0. Max error 1.39 ulp (at x = 0x1.a8824ep-2), <= 1 ulp from the
   correctly rounded float. u = 1 + x is split as m*2^e like logf, and the rounding error of
   1 + x, c = x - (u - 1), is added to m - 1 (scaled by 2^-e) before the log polynomial.
   log1p(+-0) = +-0, tiny x gives x, log1p(-1) = -inf, log1p(x < -1) = NaN (also -inf),
   log1p(+inf) = +inf, log1p(NaN) = NaN. */
static inline float lt_vlog1pf(float x) {
  float u = 1.0f + x;
  float c = x - (u - 1.0f);
  int32_t ei;
  float m = lt_vm_frexp(u, &ei);
  int32_t es = ei > 126 ? 126 : ei; /* c is negligible there; keeps 2^-es finite */
  float s = lt_vm_u2f((uint32_t)(127 - es) << 23);
  float y = lt_vm_log_core((m - 1.0f) + c * s, (float)ei);
  y = x == __builtin_inff() ? x : y;
  y = x == -1.0f ? -__builtin_inff() : y;
  y = x < -1.0f ? __builtin_nanf("") : y;
  y = x != x ? x : y;
  y = x == 0.0f ? x : y;
  return y;
}

#endif
