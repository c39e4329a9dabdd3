/*
** lua_join.c: lt.cat and lt.stack (a list of tensors), and indexing by index tensors:
** index_select, gather, and their adjoints scatter_add and index_add (with in-place forms).
** Dims are 1-based (negative from the end). Index tensors are int32 or int64 and hold 1-based
** indices, negative ones counting from the end (-1 is the last), as everywhere in this library
** (PyTorch refuses negative indices here; argmax's results can be fed back as they are).
*/
#include <limits.h>

#include "lt_index.h"
#include "lua_tensor.h"

/* The tensors of the list at 1, in memory Lua collects (an error cannot leak it); the list's
   length in *n. Pushes that memory above argument 2. */
static const lt_Tensor **checklist(lua_State *L, const char *fname, int *n) {
  lua_settop(L, 2);
  if (lua_type(L, 1) != LUA_TTABLE)
    luaL_error(L, "%s: expected a list of tensors, got a %s", fname,
               lt_istensor(L, 1) ? "tensor" : luaL_typename(L, 1));
  lua_Unsigned len = lua_rawlen(L, 1);
  if (len == 0) luaL_error(L, "%s: expected a non-empty list of tensors", fname);
  if (len > INT_MAX / sizeof(lt_Tensor *)) luaL_error(L, "%s: too many tensors (%I)", fname, (lua_Integer)len);
  const lt_Tensor **ts = lua_newuserdatauv(L, (size_t)len * sizeof *ts, 0);
  for (int k = 1; k <= (int)len; k++) {
    lua_rawgeti(L, 1, k);
    if ((ts[k - 1] = lt_totensor(L, -1)) == NULL) {
      if (lt_istensor(L, -1)) luaL_error(L, "%s: item %d of the list is a freed tensor", fname, k);
      luaL_error(L, "%s: expected a list of tensors, item %d is a %s", fname, k, luaL_typename(L, -1));
    }
    lua_pop(L, 1);
  }
  *n = (int)len;
  return ts;
}

/* cat(tensors [, dim = 1]); as PyTorch's legacy rule, 1-d tensors of size 0 are skipped (they may
   sit beside tensors of any rank), and dim counts the dims of the first tensor not skipped */
static int l_cat(lua_State *L) {
  lt_Context *ctx = getctx(L);
  int n;
  const lt_Tensor **ts = checklist(L, "cat", &n);
  lua_Integer d = luaL_optinteger(L, 2, 1);
  const lt_Tensor *ref = ts[0];
  for (int i = 0; i < n; i++)
    if (ts[i]->ndim == 0) return luaL_error(L, "cat: zero-dimensional tensor (item %d) cannot be concatenated", i + 1);
  for (int i = 0; i < n && ref->ndim == 1 && ref->size[0] == 0; i++) ref = ts[i];
  int dim = lt_normdim(L, d, ref->ndim, 0, "cat");
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_cat(ctx, n, ts, dim, box), "cat");
  return 1;
}

/* stack(tensors [, dim = 1]): dim may be one past the tensors' last dim (-1: a new last dim) */
static int l_stack(lua_State *L) {
  lt_Context *ctx = getctx(L);
  int n;
  const lt_Tensor **ts = checklist(L, "stack", &n);
  lua_Integer d = luaL_optinteger(L, 2, 1);
  int dim = lt_normdim(L, d, ts[0]->ndim, 1, "stack");
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_stack(ctx, n, ts, dim, box), "stack");
  return 1;
}

typedef lt_Status (*IndexFn)(lt_Context *ctx, const lt_Tensor *t, int dim, const lt_Tensor *index, lt_Tensor **out);

/* fn(t, dim, index) */
static int indexed(lua_State *L, IndexFn fn, const char *fname) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  int dim = lt_checkdim(L, 2, t->ndim, 0, fname);
  lt_Tensor *index = checktensor(L, 3);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, fn(ctx, t, dim, index, box), fname);
  return 1;
}

static int l_index_select(lua_State *L) { return indexed(L, lt_index_select, "index_select"); }
static int l_gather(lua_State *L) { return indexed(L, lt_gather, "gather"); }

typedef lt_Status (*AddFn)(lt_Context *ctx, const lt_Tensor *t, int dim, const lt_Tensor *index, const lt_Tensor *src,
                           lt_Tensor **out);
typedef lt_Status (*AddInPlaceFn)(lt_Context *ctx, lt_Tensor *t, int dim, const lt_Tensor *index,
                                  const lt_Tensor *src);

/* fn(t, dim, index, src): a new tensor, or t itself for the in-place form (fn NULL) */
static int added(lua_State *L, AddFn fn, AddInPlaceFn inplace, const char *fname) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  int dim = lt_checkdim(L, 2, t->ndim, 0, fname);
  lt_Tensor *index = checktensor(L, 3), *src = checktensor(L, 4);
  if (inplace != NULL) {
    lt_check(L, ctx, inplace(ctx, t, dim, index, src), fname);
    lua_settop(L, 1);
    return 1;
  }
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, fn(ctx, t, dim, index, src, box), fname);
  return 1;
}

static int l_scatter_add(lua_State *L) { return added(L, lt_scatter_add, NULL, "scatter_add"); }
static int l_index_add(lua_State *L) { return added(L, lt_index_add, NULL, "index_add"); }
static int l_scatter_add_(lua_State *L) { return added(L, NULL, lt_scatter_add_, "scatter_add_"); }
static int l_index_add_(lua_State *L) { return added(L, NULL, lt_index_add_, "index_add_"); }

const luaL_Reg lt_join_funcs[] = {
    {"cat", l_cat},
    {"stack", l_stack},
    {"index_select", l_index_select},
    {"gather", l_gather},
    {"scatter_add", l_scatter_add},
    {"scatter_add_", l_scatter_add_},
    {"index_add", l_index_add},
    {"index_add_", l_index_add_},
    {NULL, NULL},
};
