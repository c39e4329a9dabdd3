/* draft 2 */
#ifndef LT_VMATH_H
#define LT_VMATH_H

#include <stdint.h>
#include <string.h>

static inline uint32_t lt_vm_f2u(float f) { uint32_t u; memcpy(&u, &f, sizeof u); return u; }
static inline float lt_vm_u2f(uint32_t u) { float f; memcpy(&f, &u, sizeof f); return f; }
static inline float lt_vm_abs(float x) { return lt_vm_u2f(lt_vm_f2u(x) & 0x7fffffffu); }
static inline float lt_vm_orsign(float y, float x) {
  return lt_vm_u2f(lt_vm_f2u(y) | (lt_vm_f2u(x) & 0x80000000u));
}

#define LT_VM_LN2HI 0x1.63p-1f          /* 0.693359375, 9 bits: n*LN2HI is exact */
#define LT_VM_LN2LO -2.12194440e-4f     /* ln2 - LN2HI */
#define LT_VM_ROUND 0x1.8p23f           /* (v + ROUND) - ROUND rounds v to an integer */

/* e^x for x in [-104, 89] or NaN */
static inline float lt_vm_exp_core(float x) {
  float z = x * 0x1.715476p+0f + LT_VM_ROUND;
  float n = z - LT_VM_ROUND;
  uint32_t nu = lt_vm_f2u(z) - lt_vm_f2u(LT_VM_ROUND);
  float r = x - n * LT_VM_LN2HI;
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
  uint32_t n1 = (uint32_t)((int32_t)nu >> 1);
  uint32_t n2 = nu - n1;
  float s1 = lt_vm_u2f((n1 + 127u) << 23);
  float s2 = lt_vm_u2f((n2 + 127u) << 23);
  return (p * s1) * s2;
}

static inline float lt_vexpf(float x) {
  x = x < -104.0f ? -104.0f : x;
  x = x > 89.0f ? 89.0f : x;
  return lt_vm_exp_core(x);
}

/* e*ln2 + log(1+f) for f in about [sqrt(1/2)-1, sqrt(2)-1] */
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

static inline float lt_vlogf(float x) {
  int sub = x < 0x1p-126f;
  float xs = sub ? x * 0x1p23f : x;
  uint32_t u = lt_vm_f2u(xs) + (0x3f800000u - 0x3f3504f3u);
  float e = (float)((int32_t)(u >> 23) - 127) - (sub ? 23.0f : 0.0f);
  float m = lt_vm_u2f((u & 0x007fffffu) + 0x3f3504f3u);
  float y = lt_vm_log_core(m - 1.0f, e);
  y = x == __builtin_inff() ? x : y;
  y = x == 0.0f ? -__builtin_inff() : y;
  y = x < 0.0f ? __builtin_nanf("") : y;
  y = x != x ? x : y;
  return y;
}

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
  a2 = a2 > 89.0f ? 89.0f : a2;
  float big = 1.0f - 2.0f / (lt_vm_exp_core(a2) + 1.0f);
  return lt_vm_orsign(a < 0.55f ? small : big, x);
}

static inline float lt_vsigmoidf(float x) {
  float na = -lt_vm_abs(x);
  na = na < -104.0f ? -104.0f : na;
  float e = lt_vm_exp_core(na);
  return (x < 0.0f ? e : 1.0f) / (1.0f + e);
}

static inline float lt_verff(float x) {
  float a = lt_vm_abs(x);
  float z = a * a;
  float p = -0x1.3ba5aap-11f;
  p = p * z + 0x1.479c18p-8f;
  p = p * z - 0x1.b69b8ep-6f;
  p = p * z + 0x1.ce1b86p-4f;
  p = p * z - 0x1.8126ecp-2f;
  p = p * z + 0x1.06eba6p-3f;
  float small = a + a * p;
  float t = a > 4.0f ? 4.0f : a;
  float q = 0x1.a58528p-13f;
  q = q * t - 0x1.955030p-9f;
  q = q * t + 0x1.6f553ep-6f;
  q = q * t - 0x1.ab5354p-4f;
  q = q * t - 0x1.46026cp-1f;
  q = q * t - 0x1.20c06cp+0f;
  q = q * t - 0x1.18208ep-13f;
  float big = 1.0f - lt_vm_exp_core(q);
  return lt_vm_orsign(a < 0.875f ? small : big, x);
}

static inline float lt_vexpm1f(float x) {
  float xc = x < -30.0f ? -30.0f : x;
  xc = xc > 89.0f ? 89.0f : xc;
  float z = xc * 0x1.715476p+0f + LT_VM_ROUND;
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
  float t = lt_vm_u2f((nc + 127u) << 23);
  float f = lt_vm_u2f((nu - nc + 127u) << 23);
  float y = (t * p + (t - 1.0f)) * f;
  return x == 0.0f ? x : y;
}

static inline float lt_vlog1pf(float x) {
  float u = 1.0f + x;
  float c = x - (u - 1.0f);
  uint32_t ub = lt_vm_f2u(u) + (0x3f800000u - 0x3f3504f3u);
  int32_t ei = (int32_t)(ub >> 23) - 127;
  float m = lt_vm_u2f((ub & 0x007fffffu) + 0x3f3504f3u);
  int32_t es = ei > 126 ? 126 : ei;
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
