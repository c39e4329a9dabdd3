/*
** luatensor.h: the public C API of luatensor, for host programs that embed Lua 5.4 and want
** their scripts to get tensors, and the host to hand data in and read results out without
** copies. This is the only header a host includes (besides Lua's); it compiles as C99 and C++.
**
** Opening the library in a state
** ------------------------------
**   Static host (links build/libluatensor.a and liblua5.4):
**
**     lua_State *L = luaL_newstate();
**     luaL_openlibs(L);
**     // the Lua part (the files under lua/luatensor/) is found on package.path as usual: point it at the
**     // repository's lua/ directory ("<dir>/?.lua;<dir>/?/init.lua;..."), or install the files
**     luaL_requiref(L, "luatensor", luaopen_luatensor, 0);   // leaves the module on the stack
**     lua_setglobal(L, "lt");
**
**   luaopen_luatensor sets package.preload["luatensor.core"] = luaopen_luatensor_core (so that
**   `require "luatensor.core"` finds the statically linked core, never a core.so on cpath), opens
**   the core, stores its context in the registry under LUATENSOR_REGISTRY_KEY, then runs the Lua
**   part (luatensor/init.lua, looked up with package.searchpath on package.path) and returns its
**   result: the same table `require "luatensor"` gives a script.
**
**   A host that loads the module dynamically (core.so through package.cpath) may use the
**   functions below too once a script has required "luatensor" (or "luatensor.core"): they find
**   the context through package.loaded["luatensor.core"] and then cache it in the registry.
**
** Errors
** ------
**   Every function taking a lua_State raises a Lua error (lua_error: a longjmp, or a C++
**   exception when Lua is built as C++) on bad arguments or when memory runs out; none exits,
**   aborts or prints. Call them from a lua_CFunction run with lua_pcall, or accept that an error
**   unwinds to the innermost protected call (or to the panic handler when there is none).
**
** Ownership
** ---------
**   - A lt_tensor pointer returned by luatensor_push* or luatensor_totensor/checktensor is
**     BORROWED: it stays valid while the Lua value it came from is reachable and not freed
**     (t:free() or a `<close>` variable drops the value's reference at once). In practice: while
**     the value is on the stack of the C function you are in, and not freed by a script you call.
**   - luatensor_retain(t) adds a reference owned by the host: the tensor (header, shape, data)
**     stays valid whatever Lua does, until the host calls luatensor_release(t) once per retain.
**     Release every retained tensor before lua_close of the state it came from.
**   - A tensor's data may be shared by several tensors (views): writing through
**     luatensor_data() is seen by every view, which is the point of external tensors.
**   - luatensor_pushexternal: the host keeps owning the buffer; luatensor never frees it. The
**     release callback (may be NULL) is called exactly once, when the last tensor viewing the
**     buffer dies (after the Lua values were collected and every retain was released; at the
**     latest during lua_close), on the thread that drops that last reference. The buffer must
**     stay valid and in place until then. When the function raises an error, release is not
**     called and no tensor exists.
**
** Threads
** -------
**   A lua_State and the tensors it makes belong to one thread at a time, as in Lua itself.
**   Different states are independent: the random generator, default dtype, buffer cache, thread
**   pool and tapes are per state, and luatensor has no mutable globals. luatensor_retain/release
**   are atomic. Process-wide by nature: OpenBLAS (loaded once, on the first matrix product, or
**   by lt.blas_info()) and its thread count (lt.set_num_threads sets it for every state). To pick
**   OpenBLAS's kernels luatensor sets OPENBLAS_CORETYPE around that load, and only when no thread
**   other than the loading state's own runs (setenv races with getenv in other threads): a host
**   that starts threads first gets OpenBLAS's own choice, unless it loads the BLAS before (call
**   lt.blas_info() from a state) or sets OPENBLAS_CORETYPE itself.
*/
#ifndef LUATENSOR_H
#define LUATENSOR_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#include <lua.h>

/* Functions are exported from the module, which is built with -fvisibility=hidden. */
#if defined(__GNUC__) || defined(__clang__)
#define LUATENSOR_API extern __attribute__((visibility("default")))
#else
#define LUATENSOR_API extern
#endif

/* The registry field (a string key) where luaopen_luatensor keeps the core's context (a full
   userdata). One per lua_State; hosts must not touch it. */
#define LUATENSOR_REGISTRY_KEY "luatensor.context"

/* An opaque tensor: a strided n-d view (at most LUATENSOR_MAX_DIMS dims) of a buffer. */
typedef struct lt_Tensor lt_tensor;

#define LUATENSOR_MAX_DIMS 16

/* Element types; the values are stable (the same as the Lua dtype names' order). */
typedef enum luatensor_DType {
  LUATENSOR_FLOAT32 = 0, /* float     ("float32") */
  LUATENSOR_FLOAT64 = 1, /* double    ("float64") */
  LUATENSOR_INT32 = 2,   /* int32_t   ("int32") */
  LUATENSOR_INT64 = 3,   /* int64_t   ("int64") */
  LUATENSOR_UINT8 = 4,   /* uint8_t   ("uint8") */
  LUATENSOR_BOOL = 5     /* one byte, 0 or 1 ("bool") */
} luatensor_DType;

/* ---- opening ---- */

/* Opens luatensor (core and Lua part) in L and returns 1 (the module table). For
   luaL_requiref(L, "luatensor", luaopen_luatensor, 0). Raises when the Lua part is not found on
   package.path. */
LUATENSOR_API int luaopen_luatensor(lua_State *L);
/* The C core alone (what `require "luatensor.core"` opens): the tensor functions without the
   Lua part. luaopen_luatensor preloads it; a host rarely calls it directly. */
LUATENSOR_API int luaopen_luatensor_core(lua_State *L);

/* ---- making tensors ---- */

/* Pushes a tensor over the host's buffer `data`, without copying: dtype (a luatensor_DType),
   ndim in [0, LUATENSOR_MAX_DIMS], sizes[ndim] >= 0, strides[ndim] in elements (may be negative
   or 0; NULL: contiguous, row-major), data pointing at the first element (index 0, ..., 0),
   suitably aligned for the dtype. Scripts may read and write it in place (t:sub_(...), t[i] =
   ...) and the host sees the change. release(ud, data) is called once when the last view of the
   buffer dies (see Ownership above); NULL for none. Returns the tensor (borrowed, see above). */
LUATENSOR_API lt_tensor *luatensor_pushexternal(lua_State *L, int dtype, int ndim,
                                                const int64_t *sizes, const int64_t *strides,
                                                void *data, void (*release)(void *ud, void *data),
                                                void *ud);

/* Pushes a new contiguous tensor holding a copy of the contiguous row-major `data` (numel
   elements of dtype; may be NULL when numel is 0). Returns it (borrowed). */
LUATENSOR_API lt_tensor *luatensor_pushcopy(lua_State *L, int dtype, int ndim,
                                            const int64_t *sizes, const void *data);

/* ---- getting tensors from the stack ---- */

/* The tensor at stack index idx, or NULL when the value there is not a live tensor (another
   type, or a tensor freed by t:free()). Borrowed. Raises only when luatensor was never opened
   in L. */
LUATENSOR_API lt_tensor *luatensor_totensor(lua_State *L, int idx);
/* The same, but raises a Lua argument error ("tensor expected" / "tensor was freed"). */
LUATENSOR_API lt_tensor *luatensor_checktensor(lua_State *L, int idx);

/* ---- reading a tensor (no lua_State needed; never raise) ---- */

LUATENSOR_API int luatensor_dtype(const lt_tensor *t); /* a luatensor_DType */
LUATENSOR_API int luatensor_ndim(const lt_tensor *t);
/* size and stride (in elements, may be negative or 0) of dim d, 0-based; d outside [0, ndim):
   size -1, stride 0 */
LUATENSOR_API int64_t luatensor_size(const lt_tensor *t, int d);
LUATENSOR_API int64_t luatensor_stride(const lt_tensor *t, int d);
LUATENSOR_API int64_t luatensor_numel(const lt_tensor *t); /* product of the sizes (1 if ndim 0) */
/* Address of the first element (index 0, ..., 0); element i0..in is at
   data + sum(i_k * stride_k) elements. Valid as long as the tensor is. */
LUATENSOR_API void *luatensor_data(const lt_tensor *t);

/* ---- keeping tensors alive from C ---- */

LUATENSOR_API void luatensor_retain(lt_tensor *t);
LUATENSOR_API void luatensor_release(lt_tensor *t); /* NULL is ignored */

#ifdef __cplusplus
}
#endif

#endif
