/*
** lua_shape.c: view methods. Each checks its arguments (1-based, negative from the end),
** translates them to the core's 0-based convention, and returns a view of the same storage.
*/
#include "lua_tensor.h"

typedef lt_Status (*SizedView)(lt_Context *ctx, const lt_Tensor *t, int ndim, const int64_t *size,
                               lt_Tensor **out);

/* view, reshape and expand take sizes (integers or a table, -1 allowed) or, in their _as forms,
   another tensor's shape */
static int sized_view(lua_State *L, SizedView fn, bool as_other, const char *fname) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  int64_t size[LT_MAX_DIMS];
  int n;
  if (as_other) {
    lt_Tensor *other = checktensor(L, 2);
    n = other->ndim;
    for (int i = 0; i < n; i++) size[i] = other->size[i];
  } else {
    n = lt_checksizes(L, 2, lua_gettop(L), size, true);
  }
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, fn(ctx, t, n, size, box), fname);
  return 1;
}

static int l_view(lua_State *L) { return sized_view(L, lt_view, false, "view"); }
static int l_reshape(lua_State *L) { return sized_view(L, lt_reshape, false, "reshape"); }
static int l_expand(lua_State *L) { return sized_view(L, lt_expand, false, "expand"); }
static int l_view_as(lua_State *L) { return sized_view(L, lt_view, true, "view_as"); }
static int l_reshape_as(lua_State *L) { return sized_view(L, lt_reshape, true, "reshape_as"); }
static int l_expand_as(lua_State *L) { return sized_view(L, lt_expand, true, "expand_as"); }

static int l_transpose(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  int d0 = lt_checkdim(L, 2, t->ndim, 0, "transpose");
  int d1 = lt_checkdim(L, 3, t->ndim, 0, "transpose");
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_transpose(ctx, t, d0, d1, box), "transpose");
  return 1;
}

/* t(): the matrix transpose; vectors and scalars come back as views of themselves (recorded,
   so gradients flow through them) */
static int l_t(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  if (t->ndim > 2)
    return luaL_error(L, "t: expects a tensor with at most 2 dimensions, got a %d-d tensor", t->ndim);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, t->ndim < 2 ? lt_view(ctx, t, t->ndim, t->size, box) : lt_transpose(ctx, t, 0, 1, box), "t");
  return 1;
}

static int l_permute(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  int dims[LT_MAX_DIMS];
  lt_checkdimlist(L, 2, t->ndim, dims, "permute");
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_permute(ctx, t, dims, box), "permute");
  return 1;
}

static int l_narrow(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  int dim = lt_checkdim(L, 2, t->ndim, 0, "narrow");
  lua_Integer start = luaL_checkinteger(L, 3), length = luaL_checkinteger(L, 4);
  int64_t n = t->size[dim];
  if (length < 0) return luaL_error(L, "narrow: length must be non-negative (got %I)", length);
  /* start may be one past the end for an empty narrow, as in PyTorch */
  if (start == 0 || start < -n || start > n + 1 || (start == n + 1 && length > 0))
    return luaL_error(L, "narrow: start %I out of range for dimension %d of size %I", start, dim + 1,
                      (lua_Integer)n);
  int64_t s0 = start > 0 ? start - 1 : start + n;
  if (length > n - s0)
    return luaL_error(L, "narrow: start %I with length %I exceeds dimension %d of size %I", start,
                      length, dim + 1, (lua_Integer)n);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_narrow(ctx, t, dim, s0, length, box), "narrow");
  return 1;
}

static int l_select(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  int dim = lt_checkdim(L, 2, t->ndim, 0, "select");
  int64_t index = lt_normindex(L, luaL_checkinteger(L, 3), t->size[dim], dim, "select");
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_select(ctx, t, dim, index, box), "select");
  return 1;
}

static int l_squeeze(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  int dim = lua_isnoneornil(L, 2) ? -1 : lt_checkdim(L, 2, t->ndim, 0, "squeeze");
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_squeeze(ctx, t, dim, box), "squeeze");
  return 1;
}

static int l_unsqueeze(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  int dim = lt_checkdim(L, 2, t->ndim, 1, "unsqueeze");
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_unsqueeze(ctx, t, dim, box), "unsqueeze");
  return 1;
}

/* flatten([start_dim [, end_dim]]): dims start..end merged into one; a view when possible */
static int l_flatten(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  int64_t size[LT_MAX_DIMS];
  int n = 0, extra = t->ndim == 0; /* a 0-d tensor flattens as if it had one dim */
  int start = lt_normdim(L, luaL_optinteger(L, 2, 1), t->ndim, extra, "flatten");
  int end = lt_normdim(L, luaL_optinteger(L, 3, -1), t->ndim, extra, "flatten");
  if (start > end)
    return luaL_error(L, "flatten: start_dim (%d) cannot come after end_dim (%d)", start + 1, end + 1);
  if (t->ndim == 0) {
    size[n++] = 1;
  } else {
    for (int i = 0; i < start; i++) size[n++] = t->size[i];
    int64_t merged = 1;
    for (int i = start; i <= end; i++) merged *= t->size[i];
    size[n++] = merged;
    for (int i = end + 1; i < t->ndim; i++) size[n++] = t->size[i];
  }
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_reshape(ctx, t, n, size, box), "flatten");
  return 1;
}

static int l_unfold(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  int dim = lt_checkdim(L, 2, t->ndim, 0, "unfold");
  lua_Integer size = luaL_checkinteger(L, 3), step = luaL_checkinteger(L, 4);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_unfold(ctx, t, dim, size, step, box), "unfold");
  return 1;
}

const luaL_Reg lt_shape_methods[] = {
    {"view", l_view},
    {"reshape", l_reshape},
    {"view_as", l_view_as},
    {"reshape_as", l_reshape_as},
    {"transpose", l_transpose},
    {"t", l_t},
    {"permute", l_permute},
    {"narrow", l_narrow},
    {"select", l_select},
    {"expand", l_expand},
    {"expand_as", l_expand_as},
    {"squeeze", l_squeeze},
    {"unsqueeze", l_unsqueeze},
    {"flatten", l_flatten},
    {"unfold", l_unfold},
    {NULL, NULL},
};
