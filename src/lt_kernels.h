/*
** lt_kernels.h: helpers shared by the kernel files (kernels_*.c): element types, runtime
** dispatch, and wrapping integer arithmetic (C's signed overflow is undefined; ours wraps).
*/
#ifndef LT_KERNELS_H
#define LT_KERNELS_H

#include <math.h>
#include <stdint.h>

#include "lt_core.h"

typedef float f32;
typedef double f64;
typedef int32_t i32;
typedef int64_t i64;
typedef uint8_t u8;
typedef uint8_t b8; /* bool elements: 0 or 1 */

/* Each contiguous loop is compiled for AVX-512, AVX2+FMA and baseline x86-64; the dynamic
   linker picks one for the running CPU (ifunc), so the module never needs -march=native.
   Not under the sanitizers: the resolvers would run instrumented before the runtime is up. */
#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define LT_TARGETS __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define LT_TARGETS
#endif

/* Our operands either coincide exactly or do not overlap (the op layer clones the others), so
   the compiler need not guard vector loops against aliasing. */
#define LT_IVDEP _Pragma("GCC ivdep")

#define WRAP_ADD(T, U, x, y) ((T)((U)(x) + (U)(y)))
#define WRAP_SUB(T, U, x, y) ((T)((U)(x) - (U)(y)))
#define WRAP_MUL(T, U, x, y) ((T)((U)(x) * (U)(y)))

/* The loop of a kernel over contiguous operands is LT_TARGETS-cloned; the strided one is not
   (it is bound by memory access, not arithmetic). */

/* the copy/convert loop from dtype src to dtype dst (copy.c) */
lt_Loop lt_copy_loop(lt_DType src, lt_DType dst);

/* the loop tables of the element-wise ops, indexed by compute dtype (NULL: unsupported) */
#define LT_BINARY_KERNELS(X)                                                                  \
  X(add) X(sub) X(mul) X(div) X(maximum) X(minimum) X(remainder) X(floor_divide) X(pow)       \
  X(atan2) X(eq) X(ne) X(lt) X(le) X(gt) X(ge) X(logical_and) X(logical_or) X(logical_xor)
#define LT_DECLARE_LOOPS(name) extern const lt_Loop lt_##name##_loops[LT_NUM_DTYPES];
LT_BINARY_KERNELS(LT_DECLARE_LOOPS)
#define LT_FLOAT_UNARY_KERNELS(X)                                                             \
  X(sqrt) X(rsqrt) X(reciprocal) X(exp) X(exp2) X(expm1) X(log) X(log2) X(log1p) X(sin)       \
  X(cos) X(tan) X(asin) X(acos) X(atan) X(sinh) X(cosh) X(tanh) X(sigmoid) X(erf) X(gelu)     \
  X(silu) X(softplus)
#define LT_UNARY_KERNELS(X)                                                                   \
  X(neg) X(abs) X(sign) X(relu) X(square) X(floor) X(ceil) X(trunc) X(round) X(logical_not)   \
  LT_FLOAT_UNARY_KERNELS(X)
LT_UNARY_KERNELS(LT_DECLARE_LOOPS)
LT_DECLARE_LOOPS(where)
/* the fused ops (kernels_fused.c): extra carries the scalar, see there */
#define LT_FUSED_KERNELS(X) X(addcmul) X(addcdiv) X(add_alpha) X(lerp_scalar) X(lerp_tensor)
LT_FUSED_KERNELS(LT_DECLARE_LOOPS)

#endif
