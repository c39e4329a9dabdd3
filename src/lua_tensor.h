/*
** lua_tensor.h: shared by the Lua binding files (lua_*.c), the only files that include lua.h.
**
** Every C function of the module carries the state's lt_Context as upvalue 1. A tensor userdata
** is a box holding one reference to an lt_Tensor; an empty box (NULL) is a freed tensor.
*/
#ifndef LUA_TENSOR_H
#define LUA_TENSOR_H

#include <lauxlib.h>
#include <lua.h>

#include "lt_core.h"

#define LT_TENSOR_MT "luatensor.Tensor"

/* upvalue 1 of every function: the core's context plus what only the binding needs */
typedef struct lt_LuaContext {
  lt_Context core; /* first: a pointer to this struct is a pointer to the core context */
  const void *tensor_mt; /* the tensor metatable, to recognize tensors without a registry lookup */
  int tensor_mt_ref;     /* ... and its integer key in the registry, to set it fast */
} lt_LuaContext;

/* what the module exports (built with -fvisibility=hidden): luaopen_luatensor_core, and the
   public C API of luatensor.h (lua_capi.c) */
#define LT_EXPORT __attribute__((visibility("default")))

#define getctx(L) ((lt_Context *)lua_touserdata(L, lua_upvalueindex(1)))
#define checktensor(L, i) (lt_checktensor(L, i))

lt_Tensor *lt_checktensor(lua_State *L, int i);
lt_Tensor *lt_totensor(lua_State *L, int i); /* NULL when slot i holds no live tensor */
bool lt_istensor(lua_State *L, int i);       /* a tensor box, live or freed */
/* Pushes an empty box; the caller stores its result tensor in it (ownership moves to Lua). */
lt_Tensor **lt_newbox(lua_State *L);
/* Returns the op's result: the new box (arg 0), or argument arg itself when the op answered with
   that argument's tensor (out forms, in-place forms, contiguous/to returning self). */
int lt_pushresult(lua_State *L, lt_Tensor **box, int arg);
/* Raises "fname: message" when st failed; otherwise reports new tensor memory to the GC. */
void lt_check(lua_State *L, lt_Context *ctx, lt_Status st, const char *fname);

/* argument helpers (lua_args.c) */
lt_DType lt_optdtype(lua_State *L, int i, lt_DType def);
/* sizes from a table at i, or from integers at i..last; returns ndim */
int lt_checksizes(lua_State *L, int i, int last, int64_t *size, bool allow_minus_one);
/* a 1-based or negative dim of a tensor with ndim dims (ndim + extra slots allowed) -> 0-based */
int lt_checkdim(lua_State *L, int i, int ndim, int extra, const char *fname);
int lt_normdim(lua_State *L, lua_Integer d, int ndim, int extra, const char *fname);
/* exactly ndim dims from a table at i or integers from i to the top -> 0-based */
void lt_checkdimlist(lua_State *L, int i, int ndim, int *dims, const char *fname);
/* a 1-based or negative index into a dim of size n -> 0-based */
int64_t lt_normindex(lua_State *L, lua_Integer idx, int64_t n, int dim, const char *fname);
lt_Scalar lt_checkscalar(lua_State *L, int i);
void lt_pushscalar(lua_State *L, lt_DType dt, lt_Scalar v);
/* the index of the last argument, not counting a trailing dtype string */
int lt_lastnondtype(lua_State *L, lt_DType *dt, lt_DType def);

extern const luaL_Reg lt_tensor_methods[];     /* lua_tensor.c */
extern const luaL_Reg lt_tensor_metamethods[]; /* lua_tensor.c */
extern const luaL_Reg lt_create_funcs[];       /* lua_create.c */
extern const luaL_Reg lt_state_funcs[];        /* lua_state.c */
extern const luaL_Reg lt_shape_methods[];      /* lua_shape.c */
extern const luaL_Reg lt_op_funcs[];           /* lua_ops.c */
extern const luaL_Reg lt_reduce_funcs[];       /* lua_reduce.c */
extern const luaL_Reg lt_matmul_funcs[];       /* lua_matmul.c */
extern const luaL_Reg lt_tape_funcs[];         /* lua_tape.c */
extern const luaL_Reg lt_einsum_funcs[];       /* lua_einsum.c */
extern const luaL_Reg lt_join_funcs[];         /* lua_join.c */
extern const luaL_Reg lt_io_funcs[];           /* lua_io.c */
/* the element-wise op closures and arithmetic metamethods (lua_ops.c); stack indices given */
void lt_register_ops(lua_State *L, int ctx, int module, int metatable);
/* the tape metatable (lua_tape.c) */
void lt_register_tape(lua_State *L, int ctx, int module);

int lt_index(lua_State *L);    /* lua_index.c: __index */
int lt_newindex(lua_State *L); /* lua_index.c: __newindex */

#endif
