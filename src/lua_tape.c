/*
** lua_tape.c: the gradient tape from Lua (lt.tape, watch, gradient, ops, no_grad), variables
** and detach. The tape's records live in C (tape.c); the userdata holds the tape.
*/
#include <stdio.h>
#include <string.h>

#include "lt_tape.h"
#include "lua_tensor.h"

#define TAPE_MT "luatensor.Tape"

typedef struct {
  lt_Tape *tape; /* NULL once freed */
} TapeBox;

static lt_Tape *checktape(lua_State *L, int i) {
  TapeBox *box = luaL_checkudata(L, i, TAPE_MT);
  if (box->tape == NULL) luaL_argerror(L, i, "tape was freed");
  return box->tape;
}

/* tape([{persistent = bool}] [, fn]): a new active tape; with fn, fn(tape) runs with it active
   and the tape is stopped when fn returns or fails: returns the tape and fn's results */
static int l_tape(lua_State *L) {
  lt_Context *ctx = getctx(L);
  bool persistent = false;
  int fn = 0;
  if (lua_type(L, 1) == LUA_TTABLE) {
    lua_getfield(L, 1, "persistent");
    persistent = lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (!lua_isnoneornil(L, 2)) fn = 2;
  } else if (!lua_isnoneornil(L, 1)) {
    fn = 1;
  }
  if (fn) luaL_checktype(L, fn, LUA_TFUNCTION);
  TapeBox *box = lua_newuserdatauv(L, sizeof *box, 0);
  box->tape = NULL; /* safe for __gc */
  luaL_setmetatable(L, TAPE_MT);
  if ((box->tape = lt_tape_new(ctx, persistent)) == NULL) return luaL_error(L, "tape: not enough memory");
  lt_tape_start(box->tape);
  if (!fn) return 1;
  int tape = lua_gettop(L);
  lua_pushvalue(L, fn);
  lua_pushvalue(L, tape);
  int st = lua_pcall(L, 1, LUA_MULTRET, 0);
  lt_tape_stop(box->tape);
  if (st != LUA_OK) return lua_error(L);
  return lua_gettop(L) - tape + 1;
}

static int l_tape_stop(lua_State *L) {
  lt_tape_stop(checktape(L, 1));
  lua_settop(L, 1);
  return 1;
}

static int l_tape_start(lua_State *L) {
  lt_Tape *tp = checktape(L, 1);
  if (lt_tape_spent(tp)) return luaL_error(L, "start: this tape was used up by gradient(); create a new one");
  lt_tape_start(tp);
  lua_settop(L, 1);
  return 1;
}

/* the tensors at i..top, or in a list at i, each handed to fn */
static void each_tensor(lua_State *L, int i, void (*fn)(lua_State *L, lt_Tensor *t, int pos, void *ud), void *ud,
                        const char *fname) {
  if (lua_type(L, i) == LUA_TTABLE) {
    lua_Integer n = luaL_len(L, i);
    for (lua_Integer k = 1; k <= n; k++) {
      lua_geti(L, i, k);
      lt_Tensor *t = lt_totensor(L, -1);
      if (t == NULL && lt_istensor(L, -1)) luaL_error(L, "%s: item %I of the list is a freed tensor", fname, k);
      if (t == NULL) luaL_error(L, "%s: expected a list of tensors, item %I is a %s", fname, k, luaL_typename(L, -1));
      fn(L, t, (int)k, ud);
      lua_pop(L, 1);
    }
    return;
  }
  for (int top = lua_gettop(L); i <= top; i++) fn(L, checktensor(L, i), i, ud);
}

static void watch_one(lua_State *L, lt_Tensor *t, int pos, void *ud) {
  lt_Context *ctx = getctx(L);
  (void)pos;
  lt_check(L, ctx, lt_tape_watch(ctx, ud, t), "watch");
}

/* watch(t, ...) or watch({t, ...}) */
static int l_tape_watch(lua_State *L) {
  lt_Tape *tp = checktape(L, 1);
  luaL_checkany(L, 2);
  each_tensor(L, 2, watch_one, tp, "watch");
  lua_settop(L, 1);
  return 1;
}

typedef struct {
  const lt_Tensor **sources;
  int n, cap;
} Sources;

/* the list's __len may answer differently each time it is asked: never store past cap */
static void add_source(lua_State *L, lt_Tensor *t, int pos, void *ud) {
  Sources *s = ud;
  (void)pos;
  if (s->n >= s->cap) luaL_error(L, "gradient: the list of sources changed length while it was read");
  s->sources[s->n++] = t;
}

/* gradient(target, sources [, output_gradient [, {unconnected = "zero"}]]): one source gives one
   gradient (or nil), a list gives a list (with nil where the target does not depend on it) */
static int l_tape_gradient(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tape *tp = checktape(L, 1);
  lt_Tensor *target = checktensor(L, 2);
  lt_Tensor *out_grad = lua_isnoneornil(L, 4) ? NULL : checktensor(L, 4);
  bool zeros = false, single = lt_istensor(L, 3);
  if (!single && lua_type(L, 3) != LUA_TTABLE) luaL_typeerror(L, 3, "tensor or list of tensors");
  if (!lua_isnoneornil(L, 5)) {
    luaL_checktype(L, 5, LUA_TTABLE);
    lua_getfield(L, 5, "unconnected");
    const char *how = luaL_optstring(L, -1, "none");
    if (strcmp(how, "zero") != 0 && strcmp(how, "none") != 0)
      return luaL_error(L, "gradient: unconnected must be \"none\" or \"zero\", got \"%s\"", how);
    zeros = how[0] == 'z';
    lua_pop(L, 1);
  }
  lua_Integer len = single ? 1 : luaL_len(L, 3); /* checked before it is narrowed to int */
  if (len < 0 || len > (1 << 20)) return luaL_error(L, "gradient: too many sources (%I)", len);
  int n = (int)len;
  /* every Lua allocation comes before the backward pass, so an error cannot leak its results:
     scratch for the sources, results and boxes, then the result list with an empty box each */
  size_t slots = (size_t)(n > 0 ? n : 1);
  void *scratch = lua_newuserdatauv(L, slots * (2 * sizeof(lt_Tensor *) + sizeof(lt_Tensor **)), 0);
  Sources s = {scratch, 0, n};
  lt_Tensor **results = (lt_Tensor **)scratch + slots, ***boxes = (lt_Tensor ***)(results + slots);
  if (single) s.sources[s.n++] = checktensor(L, 3);
  else each_tensor(L, 3, add_source, &s, "gradient");
  if (s.n != n) return luaL_error(L, "gradient: the list of sources changed length while it was read");
  lua_createtable(L, n, 1);
  for (int k = 0; k < s.n; k++) boxes[k] = lt_newbox(L), lua_rawseti(L, -2, k + 1);
  lua_pushinteger(L, n);
  lua_setfield(L, -2, "n");
  lt_Status st = lt_tape_gradient(ctx, tp, target, s.n, s.sources, out_grad, zeros, results);
  for (int k = 0; k < s.n && st == LT_OK; k++) {
    *boxes[k] = results[k];
    if (results[k] == NULL) lua_pushnil(L), lua_rawseti(L, -2, k + 1);
  }
  lt_check(L, ctx, st, "gradient");
  if (single) lua_rawgeti(L, -1, 1);
  return 1;
}

static int l_tape_reset(lua_State *L) {
  lt_tape_reset(checktape(L, 1));
  lua_settop(L, 1);
  return 1;
}

static int l_tape_len(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)lt_tape_size(checktape(L, 1)));
  return 1;
}

static void push_shape(lua_State *L, const lt_Tensor *t) {
  lua_createtable(L, 0, 2);
  lua_createtable(L, t->ndim, 0);
  for (int d = 0; d < t->ndim; d++) lua_pushinteger(L, (lua_Integer)t->size[d]), lua_rawseti(L, -2, d + 1);
  lua_setfield(L, -2, "shape");
  lua_pushstring(L, lt_dtype_name(t->dtype));
  lua_setfield(L, -2, "dtype");
}

/* {name = "mul", inputs = {{shape = {2, 2}, dtype = "float32"}, ...}, output = {...}} */
static void push_entry(lua_State *L, const lt_TapeEntry *e) {
  lua_createtable(L, 0, 3);
  lua_pushstring(L, e->fn->name);
  lua_setfield(L, -2, "name");
  lua_createtable(L, e->nin, 0);
  for (int i = 0, k = 0; i < e->nin; i++)
    if (e->in[i] != NULL) push_shape(L, e->in[i]), lua_rawseti(L, -2, ++k);
  lua_setfield(L, -2, "inputs");
  push_shape(L, e->out);
  lua_setfield(L, -2, "output");
}

static int ops_next(lua_State *L) {
  lt_Tape *tp = checktape(L, 1);
  lua_Integer i = luaL_checkinteger(L, 2);
  const lt_TapeEntry *e = i >= 0 ? lt_tape_entry(tp, (size_t)i) : NULL;
  if (e == NULL) return 0;
  lua_pushinteger(L, i + 1);
  push_entry(L, e);
  return 2;
}

/* for i, entry in tape:ops() do ... end */
static int l_tape_ops(lua_State *L) {
  checktape(L, 1);
  lua_pushcfunction(L, ops_next);
  lua_pushvalue(L, 1);
  lua_pushinteger(L, 0);
  return 3;
}

static void add_shape(luaL_Buffer *b, const lt_Tensor *t) {
  char s[LT_SHAPE_STR_SIZE];
  luaL_addstring(b, lt_shape_str(s, sizeof s, t->ndim, t->size));
  luaL_addchar(b, ' ');
  luaL_addstring(b, lt_dtype_name(t->dtype));
}

static int l_tape_tostring(lua_State *L) {
  TapeBox *box = luaL_checkudata(L, 1, TAPE_MT);
  lt_Tape *tp = box->tape;
  if (tp == NULL) return lua_pushliteral(L, "tape (freed)"), 1;
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  lua_pushfstring(L, "tape (%s%s, %d ops)", lt_tape_active(tp) ? "recording" : lt_tape_spent(tp) ? "used up" : "stopped",
                  lt_tape_persistent(tp) ? ", persistent" : "", (int)lt_tape_size(tp));
  luaL_addvalue(&b);
  for (size_t i = 0; i < lt_tape_size(tp); i++) {
    const lt_TapeEntry *e = lt_tape_entry(tp, i);
    char line[64];
    snprintf(line, sizeof line, "\n%5zu  %-12s ", i + 1, e->fn->name);
    luaL_addstring(&b, line);
    for (int k = 0, first = 1; k < e->nin; k++) {
      if (e->in[k] == NULL) continue;
      if (!first) luaL_addstring(&b, ", ");
      add_shape(&b, e->in[k]), first = 0;
    }
    luaL_addstring(&b, " -> ");
    add_shape(&b, e->out);
  }
  luaL_pushresult(&b);
  return 1;
}

/* __close stops recording; __gc and free release the records */
static int l_tape_close(lua_State *L) {
  TapeBox *box = luaL_checkudata(L, 1, TAPE_MT);
  if (box->tape != NULL) lt_tape_stop(box->tape);
  return 0;
}

static int l_tape_free(lua_State *L) {
  TapeBox *box = luaL_checkudata(L, 1, TAPE_MT);
  lt_tape_free(box->tape);
  box->tape = NULL;
  return 0;
}

/* methods (upvalue 3) first; then the fields persistent and recording */
static int l_tape_index(lua_State *L) {
  luaL_checkudata(L, 1, TAPE_MT);
  lua_settop(L, 2);
  lua_pushvalue(L, 2);
  if (lua_rawget(L, lua_upvalueindex(3)) != LUA_TNIL) return 1;
  const char *key = lua_tostring(L, 2);
  if (key != NULL && strcmp(key, "persistent") == 0) return lua_pushboolean(L, lt_tape_persistent(checktape(L, 1))), 1;
  if (key != NULL && strcmp(key, "recording") == 0) return lua_pushboolean(L, lt_tape_active(checktape(L, 1))), 1;
  return 1; /* nil */
}

/* variable(t) / t:requires_grad([on]): every tape tracks t; returns t */
static int l_requires_grad(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  bool on = lua_isnone(L, 2) || lua_toboolean(L, 2);
  lt_check(L, ctx, lt_set_requires_grad(ctx, t, on), "requires_grad");
  lua_settop(L, 1);
  return 1;
}

static int l_is_variable(lua_State *L) {
  lua_pushboolean(L, checktensor(L, 1)->requires_grad);
  return 1;
}

/* detach(t): the same data as a new tensor no tape follows */
static int l_detach(lua_State *L) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *t = checktensor(L, 1);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_alias(ctx, t, box), "detach");
  return 1;
}

/* no_grad(fn, ...): fn(...) with recording off; its results */
static int l_no_grad(lua_State *L) {
  lt_Context *ctx = getctx(L);
  luaL_checktype(L, 1, LUA_TFUNCTION);
  ctx->no_record++;
  int st = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
  ctx->no_record--;
  if (st != LUA_OK) return lua_error(L);
  return lua_gettop(L);
}

static const luaL_Reg tape_methods[] = {
    {"stop", l_tape_stop},   {"start", l_tape_start}, {"watch", l_tape_watch}, {"gradient", l_tape_gradient},
    {"reset", l_tape_reset}, {"ops", l_tape_ops},     {"free", l_tape_free},   {NULL, NULL},
};

static const luaL_Reg tape_metamethods[] = {
    {"__len", l_tape_len}, {"__tostring", l_tape_tostring},
    {"__close", l_tape_close}, {"__gc", l_tape_free}, {NULL, NULL},
};

const luaL_Reg lt_tape_funcs[] = {
    {"tape", l_tape},         {"variable", l_requires_grad}, {"requires_grad", l_requires_grad},
    {"is_variable", l_is_variable}, {"detach", l_detach}, {"stop_gradient", l_detach},
    {"no_grad", l_no_grad},   {NULL, NULL},
};

/* the tape metatable; its functions share the module's upvalues (ctx at the stack index given) */
void lt_register_tape(lua_State *L, int ctx, int module) {
  luaL_newmetatable(L, TAPE_MT);
  lua_pushvalue(L, ctx);
  lua_pushvalue(L, module);
  luaL_setfuncs(L, tape_metamethods, 2);
  lua_pushvalue(L, ctx);
  lua_pushvalue(L, module);
  lua_createtable(L, 0, 8);
  lua_pushvalue(L, ctx);
  lua_pushvalue(L, module);
  luaL_setfuncs(L, tape_methods, 2);
  lua_pushcclosure(L, l_tape_index, 3);
  lua_setfield(L, -2, "__index");
  lua_pushliteral(L, TAPE_MT);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 1);
}
