/*
** lua_index.c: t.method, t.dtype / t.shape / t.ndim, t[i] and Torch7-style slicing
** t[{ {1,3}, {}, 2, {-1,1,-1} }], for reading (__index) and writing (__newindex).
**
** An index table has one entry per leading dim: a number selects (the dim goes away), {} keeps
** the whole dim, {i} keeps element i, {a, b [, step]} keeps a..b inclusive by step (negative
** numbers count from the end, a negative step walks backwards). Missing trailing entries keep
** their dims. Everything is a view.
**
** Indexing is hot, so a view is normally built by computing its layout here. While a tape could
** follow the tensor, the same view is built instead from the core's recorded views (lt_select
** and lt_slice, one per entry, in order), so gradients flow through indexing; the layout
** computed first has checked every entry, so both paths raise the same errors and give the same
** sizes, strides and offset.
*/
#include <string.h>

#include "lt_tape.h"
#include "lua_tensor.h"

#define MODULE_TABLE lua_upvalueindex(2)

/* one entry of an index as a core view: select index `start` of dim, or slice it */
typedef struct {
  bool select;
  int dim;
  int64_t start, count, step;
} Step;

typedef struct {
  int ndim;
  int64_t offset, size[LT_MAX_DIMS], stride[LT_MAX_DIMS];
  int nsteps;
  Step steps[LT_MAX_DIMS];
} Layout;

static void add_step(Layout *lay, bool select, int dim, int64_t start, int64_t count, int64_t step) {
  Step *s = &lay->steps[lay->nsteps++];
  s->select = select, s->dim = dim, s->start = start, s->count = count, s->step = step;
}

static lua_Integer slice_entry(lua_State *L, int k, bool *isint) {
  int ok;
  lua_rawgeti(L, -1, k);
  lua_Integer v = lua_tointegerx(L, -1, &ok);
  lua_pop(L, 1);
  *isint = ok != 0;
  return v;
}

/* Narrows dim d of lay by the slice table on the top of the stack. */
static void apply_slice(lua_State *L, Layout *lay, int d, int entry) {
  int64_t n = lay->size[d];
  lua_Integer raw_first = 1, raw_last = n, step = 1;
  lua_Unsigned len = lua_rawlen(L, -1);
  if (len > 3) luaL_error(L, "index: entry %d: a slice is {start, stop [, step]}", entry);
  bool ok1 = true, ok2 = true, ok3 = true;
  if (len >= 1) raw_first = raw_last = slice_entry(L, 1, &ok1);
  if (len >= 2) raw_last = slice_entry(L, 2, &ok2);
  if (!ok1 || !ok2) luaL_error(L, "index: entry %d of the slice table must hold integers", entry);
  if (len == 3 && ((step = slice_entry(L, 3, &ok3)) == 0 || !ok3))
    luaL_error(L, "index: entry %d: the slice step must be a nonzero integer", entry);
  /* 1-based from here on; negative bounds count from the end */
  int64_t first = raw_first < 0 ? raw_first + n + 1 : raw_first;
  int64_t last = raw_last < 0 ? raw_last + n + 1 : raw_last;
  /* bounds may sit one past either end only when the slice is empty */
  bool in_range = first >= 0 && first <= n + 1 && last >= 0 && last <= n + 1;
  int64_t count = 0;
  if (in_range) {
    /* |last - first| <= n + 1, so a longer step takes one element: clamp it (no overflow) */
    int64_t span = step > 0 ? last - first : first - last;
    int64_t stride = step > 0 ? (step > n + 1 ? n + 1 : step) : (step < -n - 1 ? n + 1 : -step);
    count = span >= 0 ? span / stride + 1 : 0;
    if (count > 0) in_range = first >= 1 && first <= n && last >= 1 && last <= n;
  }
  if (!in_range)
    luaL_error(L, "index: slice {%I, %I} out of range for dimension %d of size %I", raw_first,
               raw_last, d + 1, (lua_Integer)n);
  if (count > 0) lay->offset += (first - 1) * lay->stride[d];
  lay->size[d] = count;
  if (count > 1) lay->stride[d] *= step; /* fits: the elements it reaches exist */
  /* with at most one element the step is never taken: lt_slice keeps the stride as we do */
  add_step(lay, false, d, count > 0 ? first - 1 : 0, count, count > 1 ? step : 1);
}

static void remove_dim(Layout *lay, int d) {
  memmove(lay->size + d, lay->size + d + 1, (size_t)(lay->ndim - d - 1) * sizeof(int64_t));
  memmove(lay->stride + d, lay->stride + d + 1, (size_t)(lay->ndim - d - 1) * sizeof(int64_t));
  lay->ndim--;
}

/* The layout key (at stack index k) selects from t; returns true when every entry selected
   (so a full index of a tensor reads as a plain number). */
static bool index_layout(lua_State *L, const lt_Tensor *t, int k, Layout *lay) {
  bool all_numbers = true;
  lay->ndim = t->ndim;
  lay->offset = t->offset;
  lay->nsteps = 0;
  memcpy(lay->size, t->size, sizeof lay->size);
  memcpy(lay->stride, t->stride, sizeof lay->stride);
  if (lua_type(L, k) == LUA_TNUMBER) {
    if (t->ndim == 0) luaL_error(L, "index: a 0-d tensor cannot be indexed by a number");
    int isint;
    lua_Integer i = lua_tointegerx(L, k, &isint);
    if (!isint) luaL_error(L, "index: index %s is not an integer", lua_tostring(L, k));
    int64_t i0 = lt_normindex(L, i, lay->size[0], 0, "index");
    lay->offset += i0 * lay->stride[0];
    remove_dim(lay, 0);
    add_step(lay, true, 0, i0, 0, 0);
    return t->ndim == 1;
  }
  if (lua_type(L, k) != LUA_TTABLE)
    luaL_error(L, "index: expected a number, a table of slices or a method name, got %s",
               luaL_typename(L, k));
  lua_Unsigned n = lua_rawlen(L, k);
  if (n > (lua_Unsigned)t->ndim)
    luaL_error(L, "index: too many indices (%d) for a %d-d tensor", (int)n, t->ndim);
  int d = 0; /* the dim of lay the next entry applies to */
  for (int e = 1; e <= (int)n; e++) {
    lua_rawgeti(L, k, e);
    if (lua_type(L, -1) == LUA_TNUMBER) {
      int isint;
      lua_Integer i = lua_tointegerx(L, -1, &isint);
      if (!isint) luaL_error(L, "index: entry %d is not an integer", e);
      int64_t i0 = lt_normindex(L, i, lay->size[d], e - 1, "index");
      lay->offset += i0 * lay->stride[d];
      remove_dim(lay, d);
      add_step(lay, true, d, i0, 0, 0);
    } else if (lua_type(L, -1) == LUA_TTABLE) {
      apply_slice(L, lay, d, e);
      d++;
      all_numbers = false;
    } else {
      luaL_error(L, "index: entry %d must be a number or a slice table, got %s", e,
                 luaL_typename(L, -1));
    }
    lua_pop(L, 1);
  }
  return all_numbers && lay->ndim == 0 && n > 0;
}

static void push_view(lua_State *L, lt_Context *ctx, const lt_Tensor *t, const Layout *lay) {
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_tensor_over(ctx, t->storage, t->dtype, lay->offset, lay->ndim, lay->size, lay->stride, box), "index");
}

/* The view lay describes, built from recorded core views (the steps lay checked). An index
   without entries ({}) is the whole tensor: a full slice of dim 1 (a view of a 0-d tensor). */
static lt_Status recorded_view(lt_Context *ctx, const lt_Tensor *t, const Layout *lay, lt_Tensor **out) {
  lt_Tensor *cur = (lt_Tensor *)t, *next = NULL;
  lt_Status st = LT_OK;
  if (lay->nsteps == 0)
    return t->ndim > 0 ? lt_slice(ctx, t, 0, 0, t->size[0], 1, out) : lt_view(ctx, t, 0, NULL, out);
  for (int k = 0; k < lay->nsteps && st == LT_OK; k++) {
    const Step *s = &lay->steps[k];
    st = s->select ? lt_select(ctx, cur, s->dim, s->start, &next)
                   : lt_slice(ctx, cur, s->dim, s->start, s->count, s->step, &next);
    if (cur != t) lt_tensor_release(cur);
    cur = st == LT_OK ? next : NULL;
  }
  *out = cur;
  return st;
}

static bool push_property(lua_State *L, lt_Tensor *t, const char *key) {
  if (strcmp(key, "dtype") == 0) {
    lua_pushstring(L, lt_dtype_name(t->dtype));
  } else if (strcmp(key, "ndim") == 0) {
    lua_pushinteger(L, t->ndim);
  } else if (strcmp(key, "shape") == 0) {
    lua_createtable(L, t->ndim, 0);
    for (int i = 0; i < t->ndim; i++) {
      lua_pushinteger(L, t->size[i]);
      lua_rawseti(L, -2, i + 1);
    }
  } else {
    return false;
  }
  return true;
}

int lt_index(lua_State *L) {
  if (lua_type(L, 2) == LUA_TSTRING) {
    lua_pushvalue(L, 2);
    if (lua_rawget(L, MODULE_TABLE) != LUA_TNIL) return 1; /* a method */
    return push_property(L, checktensor(L, 1), lua_tostring(L, 2)) ? 1 : 0;
  }
  lt_Tensor *t = checktensor(L, 1);
  Layout lay;
  if (index_layout(L, t, 2, &lay)) { /* every dim selected: the element itself */
    const char *p = (const char *)t->storage->data + lay.offset * (int64_t)lt_dtype_size(t->dtype);
    lt_pushscalar(L, t->dtype, lt_read_scalar(t->dtype, p));
    return 1;
  }
  lt_Context *ctx = getctx(L);
  /* only variables and tensors given an id can be tracked by a tape (lt_tape.h) */
  if (lt_recording(ctx) && (t->requires_grad || t->grad_id != 0)) {
    lt_Tensor **box = lt_newbox(L);
    lt_check(L, ctx, recorded_view(ctx, t, &lay, box), "index");
    return 1;
  }
  push_view(L, ctx, t, &lay);
  return 1;
}

int lt_newindex(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  if (lua_type(L, 2) == LUA_TSTRING)
    return luaL_error(L, "newindex: cannot set field '%s' of a tensor", lua_tostring(L, 2));
  Layout lay;
  index_layout(L, t, 2, &lay);
  lt_Tensor *src = lt_totensor(L, 3);
  if (src == NULL && lua_type(L, 3) != LUA_TNUMBER && lua_type(L, 3) != LUA_TBOOLEAN)
    return luaL_error(L, "newindex: can only assign a number, a boolean or a tensor, got %s",
                      luaL_typename(L, 3));
  /* writing into a tensor a tape follows (or a followed value into one) would rewrite history */
  const lt_Tensor *in[1] = {src};
  if (lt_check_write(ctx, t, 1, in) != LT_OK)
    return luaL_error(L, "newindex: cannot assign into a tensor while a tape records it or the value assigned; "
                         "build a new tensor instead (e.g. with where, masked_fill or cat)");
  push_view(L, ctx, t, &lay);
  lt_Tensor *dst = *(lt_Tensor **)lua_touserdata(L, -1);
  lt_check(L, ctx, src != NULL ? lt_copy(ctx, dst, src) : lt_fill(ctx, dst, lt_checkscalar(L, 3)),
           "newindex");
  return 0;
}
