/*
** random.c: the per-state generator (xoshiro256++, seeded through splitmix64) and the random
** fills. A fill writes elements in index order, so a seed gives the same values whatever the
** layout of the tensor being filled.
*/
#include <math.h>

#include "lt_core.h"

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

void lt_rng_seed(lt_RNG *rng, uint64_t seed) {
  uint64_t x = seed;
  for (int i = 0; i < 4; i++) rng->s[i] = splitmix64(&x);
  rng->seed = seed;
  rng->has_spare_normal = false;
}

uint64_t lt_rng_next(lt_RNG *rng) {
  uint64_t *s = rng->s;
  uint64_t result = rotl(s[0] + s[3], 23) + s[0], t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

double lt_rng_uniform(lt_RNG *rng) { return (double)(lt_rng_next(rng) >> 11) * 0x1.0p-53; }

float lt_rng_uniform_f32(lt_RNG *rng) { return (float)(lt_rng_next(rng) >> 40) * 0x1.0p-24f; }

double lt_rng_normal(lt_RNG *rng) {
  if (rng->has_spare_normal) {
    rng->has_spare_normal = false;
    return rng->spare_normal;
  }
  double u1 = 1.0 - lt_rng_uniform(rng); /* (0, 1]: log stays finite */
  double u2 = lt_rng_uniform(rng);
  double r = sqrt(-2.0 * log(u1)), theta = 2.0 * M_PI * u2;
  rng->spare_normal = r * sin(theta);
  rng->has_spare_normal = true;
  return r * cos(theta);
}

/* Lemire's multiply-and-reject: unbiased without a division in the common case. */
uint64_t lt_rng_below(lt_RNG *rng, uint64_t n) {
  unsigned __int128 m = (unsigned __int128)lt_rng_next(rng) * n;
  uint64_t low = (uint64_t)m;
  if (low < n) {
    uint64_t threshold = -n % n;
    while (low < threshold) {
      m = (unsigned __int128)lt_rng_next(rng) * n;
      low = (uint64_t)m;
    }
  }
  return (uint64_t)(m >> 64);
}

typedef enum { UNIFORM, NORMAL, RANDINT } Distribution;

typedef struct {
  Distribution kind;
  double a, b;     /* uniform: [a, b); normal: mean a, std b */
  int64_t low;     /* randint: [low, low + span) */
  uint64_t span;
} Params;

static lt_Scalar draw(lt_RNG *rng, lt_DType dt, const Params *p) {
  switch (p->kind) {
    case UNIFORM: {
      double u = dt == LT_FLOAT32 ? (double)lt_rng_uniform_f32(rng) : lt_rng_uniform(rng);
      return lt_scalar_float(p->a + (p->b - p->a) * u);
    }
    case NORMAL: return lt_scalar_float(p->a + p->b * lt_rng_normal(rng));
    default: return lt_scalar_int((int64_t)((uint64_t)p->low + lt_rng_below(rng, p->span)));
  }
}

static lt_Status fill_random(lt_Context *ctx, lt_Tensor *t, const Params *p) {
  lt_Tensor *dense = t;
  lt_Status st = LT_OK;
  if (!lt_is_contiguous(t) && (st = lt_empty_like(ctx, t, t->dtype, &dense)) != LT_OK) return st;
  int64_t n = lt_numel(dense);
  size_t es = lt_dtype_size(t->dtype);
  char *data = lt_data(dense);
  for (int64_t i = 0; i < n; i++) lt_write_scalar(t->dtype, data + (size_t)i * es, draw(&ctx->rng, t->dtype, p));
  if (dense != t) {
    st = lt_copy(ctx, t, dense);
    lt_tensor_release(dense);
  } else {
    atomic_fetch_add(&t->storage->version, 1);
  }
  return st;
}

lt_Status lt_fill_uniform(lt_Context *ctx, lt_Tensor *t, double low, double high) {
  Params p = {UNIFORM, low, high, 0, 0};
  if (!lt_dtype_is_float(t->dtype)) return lt_error(ctx, "expected a floating point tensor, got %s", lt_dtype_name(t->dtype));
  if (!(low <= high) || !isfinite(high - low))
    return lt_error(ctx, "expected finite bounds with low <= high (got %g, %g)", low, high);
  return fill_random(ctx, t, &p);
}

lt_Status lt_fill_normal(lt_Context *ctx, lt_Tensor *t, double mean, double std) {
  Params p = {NORMAL, mean, std, 0, 0};
  if (!lt_dtype_is_float(t->dtype)) return lt_error(ctx, "expected a floating point tensor, got %s", lt_dtype_name(t->dtype));
  if (!(std >= 0) || !isfinite(mean) || !isfinite(std))
    return lt_error(ctx, "expected a finite mean and a finite std >= 0 (got %g, %g)", mean, std);
  return fill_random(ctx, t, &p);
}

lt_Status lt_fill_randint(lt_Context *ctx, lt_Tensor *t, int64_t low, int64_t high) {
  Params p = {RANDINT, 0, 0, low, (uint64_t)high - (uint64_t)low};
  if (low >= high) return lt_error(ctx, "expected low < high (got %lld, %lld)", (long long)low, (long long)high);
  if (t->dtype == LT_BOOL && (low < 0 || high > 2))
    return lt_error(ctx, "bounds [%lld, %lld) do not fit dtype bool", (long long)low, (long long)high);
  if (t->dtype == LT_UINT8 && (low < 0 || high > 256))
    return lt_error(ctx, "bounds [%lld, %lld) do not fit dtype uint8", (long long)low, (long long)high);
  if (t->dtype == LT_INT32 && (low < INT32_MIN || high - 1 > INT32_MAX))
    return lt_error(ctx, "bounds [%lld, %lld) do not fit dtype int32", (long long)low, (long long)high);
  return fill_random(ctx, t, &p);
}
