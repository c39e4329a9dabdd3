/*
** lua_state.c: what belongs to a Lua state rather than to a tensor: the random generator's
** seed, the default dtype, and the tensor memory it holds.
*/
#include <sys/random.h>

#include "lt_alloc.h"
#include "lua_tensor.h"

static int l_manual_seed(lua_State *L) {
  lt_rng_seed(&getctx(L)->rng, (uint64_t)luaL_checkinteger(L, 1));
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

const luaL_Reg lt_state_funcs[] = {
    {"manual_seed", l_manual_seed},
    {"initial_seed", l_initial_seed},
    {"seed", l_seed},
    {"set_default_dtype", l_set_default_dtype},
    {"get_default_dtype", l_get_default_dtype},
    {"memory_stats", l_memory_stats},
    {"empty_cache", l_empty_cache},
    {NULL, NULL},
};
