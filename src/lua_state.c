/*
** lua_state.c: what belongs to a Lua state rather than to a tensor: the random generator's
** seed, the default dtype, and the tensor memory it holds.
*/
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "lt_alloc.h"
#include "lt_blas.h"
#include "lt_threads.h"
#include "lua_tensor.h"

static int l_manual_seed(lua_State *L) {
  lt_rng_seed(&getctx(L)->rng, (uint64_t)luaL_checkinteger(L, 1));
  return 0;
}

/* The generator's whole state as a uint8 tensor of RNG_STATE_BYTES (PyTorch's get_rng_state):
   the four xoshiro words, the seed, and the spare normal (flag and value), little endian. */
#define RNG_STATE_BYTES 56

static int l_get_rng_state(lua_State *L) {
  lt_Context *ctx = getctx(L);
  const lt_RNG *rng = &ctx->rng;
  lt_Tensor **box = lt_newbox(L);
  int64_t n = RNG_STATE_BYTES;
  lt_check(L, ctx, lt_empty(ctx, LT_UINT8, 1, &n, box), "get_rng_state");
  uint64_t words[7] = {rng->s[0], rng->s[1], rng->s[2], rng->s[3], rng->seed, rng->has_spare_normal, 0};
  memcpy(&words[6], &rng->spare_normal, sizeof(double));
  memcpy(lt_data(*box), words, sizeof words);
  return 1;
}

static int l_set_rng_state(lua_State *L) {
  lt_Tensor *t = checktensor(L, 1);
  uint64_t words[7];
  if (t->dtype != LT_UINT8 || t->ndim != 1 || t->size[0] != RNG_STATE_BYTES)
    return luaL_error(L, "set_rng_state: expected a uint8 tensor of %d bytes (from get_rng_state)", RNG_STATE_BYTES);
  for (int i = 0; i < RNG_STATE_BYTES; i++) ((unsigned char *)words)[i] = (unsigned char)lt_data(t)[i * t->stride[0]];
  if ((words[0] | words[1] | words[2] | words[3]) == 0 || words[5] > 1)
    return luaL_error(L, "set_rng_state: not a state get_rng_state made");
  lt_RNG *rng = &getctx(L)->rng;
  memcpy(rng->s, words, 4 * sizeof(uint64_t));
  rng->seed = words[4];
  rng->has_spare_normal = words[5] != 0;
  memcpy(&rng->spare_normal, &words[6], sizeof(double));
  return 0;
}

static int l_initial_seed(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)getctx(L)->rng.seed);
  return 1;
}

/* seed(): reseeds from the OS's entropy and returns the new seed */
static int l_seed(lua_State *L) {
  uint64_t seed;
  if (getrandom(&seed, sizeof seed, 0) != (ssize_t)sizeof seed)
    return luaL_error(L, "seed: the system's random source failed");
  seed &= (UINT64_C(1) << 63) - 1; /* stays a positive Lua integer */
  lt_rng_seed(&getctx(L)->rng, seed);
  lua_pushinteger(L, (lua_Integer)seed);
  return 1;
}

static int l_set_default_dtype(lua_State *L) {
  lt_DType dt = lt_optdtype(L, 1, LT_NUM_DTYPES);
  if (dt == LT_NUM_DTYPES) luaL_checkstring(L, 1);
  if (!lt_dtype_is_float(dt))
    return luaL_error(L, "set_default_dtype: only floating point dtypes can be the default, got %s",
                      lt_dtype_name(dt));
  getctx(L)->default_dtype = dt;
  return 0;
}

static int l_get_default_dtype(lua_State *L) {
  lua_pushstring(L, lt_dtype_name(getctx(L)->default_dtype));
  return 1;
}

/* memory_stats() -> {allocated = bytes in live tensor buffers, cached = idle cached bytes} */
static int l_memory_stats(lua_State *L) {
  size_t live, cached;
  lt_allocator_stats(getctx(L)->alloc, &live, &cached);
  lua_createtable(L, 0, 2);
  lua_pushinteger(L, (lua_Integer)live);
  lua_setfield(L, -2, "allocated");
  lua_pushinteger(L, (lua_Integer)cached);
  lua_setfield(L, -2, "cached");
  return 1;
}

/* empty_cache(): returns the idle cached buffers to the system */
static int l_empty_cache(lua_State *L) {
  lt_allocator_trim(getctx(L)->alloc);
  return 0;
}

/* clock(): monotonic wall-clock seconds, for timing (os.clock counts CPU time of all threads) */
static int l_clock(lua_State *L) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  lua_pushnumber(L, (lua_Number)ts.tv_sec + (lua_Number)ts.tv_nsec * 1e-9);
  return 1;
}

/* set_num_threads(n): this state's pool, and OpenBLAS's threads (which are process-wide) */
static int l_set_num_threads(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lua_Integer n = luaL_checkinteger(L, 1);
  if (n < 1 || n > 1024) return luaL_error(L, "set_num_threads: expected 1 to 1024 threads, got %I", n);
  lt_Pool *pool = n > 1 ? lt_pool_new((int)n) : NULL;
  if (n > 1 && pool == NULL) return luaL_error(L, "set_num_threads: cannot start %I threads", n);
  lt_pool_free(ctx->pool);
  ctx->pool = pool;
  lt_blas_set_threads(ctx, (int)n);
  return 0;
}

static int l_get_num_threads(lua_State *L) {
  lua_pushinteger(L, lt_pool_threads(getctx(L)->pool));
  return 1;
}

/* blas_info() -> {library, config, coretype, coretype_from, threads}: loads the BLAS if needed */
static int l_blas_info(lua_State *L) {
  static const char *const from[] = {"environment", "luatensor", "openblas"};
  lt_Context *ctx = getctx(L);
  const lt_Blas *b;
  lt_check(L, ctx, lt_blas(ctx, &b), "blas_info");
  lua_createtable(L, 0, 5);
  lua_pushstring(L, b->library);
  lua_setfield(L, -2, "library");
  lua_pushstring(L, from[b->coretype_from]);
  lua_setfield(L, -2, "coretype_from");
  if (b->get_config != NULL) lua_pushstring(L, b->get_config()), lua_setfield(L, -2, "config");
  if (b->get_corename != NULL) lua_pushstring(L, b->get_corename()), lua_setfield(L, -2, "coretype");
  if (b->get_num_threads != NULL) lua_pushinteger(L, b->get_num_threads()), lua_setfield(L, -2, "threads");
  return 1;
}

const luaL_Reg lt_state_funcs[] = {
    {"blas_info", l_blas_info},
    {"set_num_threads", l_set_num_threads},
    {"get_num_threads", l_get_num_threads},
    {"clock", l_clock},
    {"manual_seed", l_manual_seed},
    {"get_rng_state", l_get_rng_state},
    {"set_rng_state", l_set_rng_state},
    {"initial_seed", l_initial_seed},
    {"seed", l_seed},
    {"set_default_dtype", l_set_default_dtype},
    {"get_default_dtype", l_get_default_dtype},
    {"memory_stats", l_memory_stats},
    {"empty_cache", l_empty_cache},
    {NULL, NULL},
};
