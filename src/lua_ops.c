/*
** lua_ops.c: the element-wise ops from Lua. Every binary and unary op of the core's tables
** becomes a module function and method (lt.mul(a, b [, out]), a:mul_(b)) through one generic
** closure whose upvalue 3 is the op; the arithmetic metamethods are the same closures.
*/
#include "lt_ops.h"
#include "lt_stats.h"
#include "lua_tensor.h"

#define OP_UPVALUE lua_upvalueindex(3)

/* A Lua value as an operand: a tensor, or a number/boolean wrapped in a 0-d tensor whose
   memory is the caller's (scalar, storage, buf). */
typedef struct {
  lt_Tensor scalar;
  lt_Storage storage;
  _Alignas(8) char buf[8];
} ScalarSlot;

static lt_Operand checkoperand(lua_State *L, int i, ScalarSlot *slot) {
  lt_Operand x = {NULL, false};
  switch (lua_type(L, i)) {
    case LUA_TNUMBER:
      x.wrapped = true;
      if (lua_isinteger(L, i))
        lt_scalar_tensor(&slot->scalar, &slot->storage, slot->buf, LT_INT64, lt_scalar_int(lua_tointeger(L, i)));
      else
        lt_scalar_tensor(&slot->scalar, &slot->storage, slot->buf, LT_FLOAT64, lt_scalar_float(lua_tonumber(L, i)));
      x.t = &slot->scalar;
      return x;
    case LUA_TBOOLEAN:
      x.wrapped = true;
      lt_scalar_tensor(&slot->scalar, &slot->storage, slot->buf, LT_BOOL, lt_scalar_int(lua_toboolean(L, i)));
      x.t = &slot->scalar;
      return x;
    default:
      if ((x.t = lt_totensor(L, i)) == NULL) {
        if (lt_istensor(L, i)) luaL_argerror(L, i, "tensor was freed");
        luaL_typeerror(L, i, "tensor or number");
      }
      return x;
  }
}

/* an optional out tensor at i (nil or none: a new result) */
static lt_Tensor *optout(lua_State *L, int i) {
  return lua_isnoneornil(L, i) ? NULL : checktensor(L, i);
}

static int l_binary(lua_State *L) {
  const lt_BinaryOp *op = lua_touserdata(L, OP_UPVALUE);
  lt_Context *ctx = getctx(L);
  ScalarSlot sa, sb;
  lt_Operand a = checkoperand(L, 1, &sa), b = checkoperand(L, 2, &sb);
  lt_Tensor *out = optout(L, 3);
  if (a.wrapped && b.wrapped) return luaL_error(L, "%s: expected at least one tensor operand", op->fn.name);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_binary(ctx, op, a, b, out, box), op->fn.name);
  return lt_pushresult(L, box, out != NULL ? 3 : 0);
}

static int l_binary_inplace(lua_State *L) {
  const lt_BinaryOp *op = lua_touserdata(L, OP_UPVALUE);
  lt_Context *ctx = getctx(L);
  ScalarSlot sb;
  lt_Tensor *self = checktensor(L, 1);
  lt_Operand a = {self, false}, b = checkoperand(L, 2, &sb);
  lt_Tensor **box = lt_newbox(L);
  lua_pushfstring(L, "%s_", op->fn.name);
  lt_check(L, ctx, lt_binary(ctx, op, a, b, self, box), lua_tostring(L, -1));
  return lt_pushresult(L, box, 1);
}

static int l_unary(lua_State *L) {
  const lt_UnaryOp *op = lua_touserdata(L, OP_UPVALUE);
  lt_Context *ctx = getctx(L);
  lt_Tensor *a = checktensor(L, 1), *out = optout(L, 2);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_unary(ctx, op, a, out, box), op->fn.name);
  return lt_pushresult(L, box, out != NULL ? 2 : 0);
}

/* __unm: Lua passes the operand twice, so the second one must not be taken for an out */
static int l_unm(lua_State *L) {
  lua_settop(L, 1);
  return l_unary(L);
}

static int l_unary_inplace(lua_State *L) {
  const lt_UnaryOp *op = lua_touserdata(L, OP_UPVALUE);
  lt_Context *ctx = getctx(L);
  lt_Tensor *a = checktensor(L, 1);
  lt_Tensor **box = lt_newbox(L);
  lua_pushfstring(L, "%s_", op->fn.name);
  lt_check(L, ctx, lt_unary(ctx, op, a, a, box), lua_tostring(L, -1));
  return lt_pushresult(L, box, 1);
}

/* where(cond, a, b [, out]) */
static int l_where(lua_State *L) {
  lt_Context *ctx = getctx(L);
  ScalarSlot sa, sb;
  lt_Tensor *cond = checktensor(L, 1);
  lt_Operand a = checkoperand(L, 2, &sa), b = checkoperand(L, 3, &sb);
  lt_Tensor *out = optout(L, 4);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_where(ctx, cond, a, b, NULL, out, box), "where");
  return lt_pushresult(L, box, out != NULL ? 4 : 0);
}

/* masked_fill(t, mask, value) and masked_fill_: value where mask, t's dtype kept */
static int masked_fill(lua_State *L, bool inplace, const char *fname) {
  lt_Context *ctx = getctx(L);
  ScalarSlot sv;
  lt_Tensor *t = checktensor(L, 1), *mask = checktensor(L, 2), *out = inplace ? t : NULL;
  if (mask->dtype != LT_BOOL)
    return luaL_error(L, "%s: expected a bool mask, got %s", fname, lt_dtype_name(mask->dtype));
  lt_Operand v = checkoperand(L, 3, &sv);
  if (v.t->ndim != 0)
    return luaL_error(L, "%s: the value must be a number or a 0-d tensor, got a %d-d tensor", fname, v.t->ndim);
  static const char *const names[3] = {"mask", "value", "t"}, *const shape_names[2] = {"t", "mask"};
  const lt_Tensor *shaped[2] = {t, mask};
  int64_t size[LT_MAX_DIMS];
  int ndim;
  lt_Operand a = {&sv.scalar, true}, b = {t, false};
  /* the value takes t's dtype, as in PyTorch: a number directly, a 0-d tensor through to()
     (recorded, so that it gets the gradient of the elements it fills) */
  if (v.wrapped) {
    lt_scalar_tensor(&sv.scalar, &sv.storage, sv.buf, t->dtype, lt_read_scalar(v.t->dtype, lt_data(v.t)));
  } else {
    lt_Tensor **value = lt_newbox(L);
    lt_check(L, ctx, lt_to_dtype(ctx, (lt_Tensor *)v.t, t->dtype, value), fname);
    a = (lt_Operand){*value, false};
  }
  lt_Tensor **box = lt_newbox(L);
  /* out of place, the result has the broadcast shape of t and mask (as PyTorch), which is
     where's own: a new result, so that a tape can record it (the gradient passes where the
     mask is false) */
  lt_check(L, ctx, lt_broadcast_shapes(ctx, 2, shaped, shape_names, &ndim, size), fname);
  lt_check(L, ctx, lt_where(ctx, mask, a, b, names, out, box), fname);
  return lt_pushresult(L, box, inplace ? 1 : 0);
}

static int l_masked_fill(lua_State *L) { return masked_fill(L, false, "masked_fill"); }
static int l_masked_fill_(lua_State *L) { return masked_fill(L, true, "masked_fill_"); }

/* clamp(t, min, max): maximum then minimum, recorded as one op (lt_clamp); either bound may be
   nil */
static int clamp(lua_State *L, bool inplace, const char *fname) {
  lt_Context *ctx = getctx(L);
  ScalarSlot slo, shi;
  lt_Tensor *t = checktensor(L, 1);
  bool has_lo = !lua_isnoneornil(L, 2), has_hi = !lua_isnoneornil(L, 3);
  if (!has_lo && !has_hi) return luaL_error(L, "%s: at least one of min and max must be given", fname);
  lt_Operand lo = has_lo ? checkoperand(L, 2, &slo) : (lt_Operand){NULL, false};
  lt_Operand hi = has_hi ? checkoperand(L, 3, &shi) : (lt_Operand){NULL, false};
  lt_Tensor **box = lt_newbox(L);
  /* check the shapes first, so that an error names the arguments */
  static const char *const names[3] = {"t", "min", "max"};
  const lt_Tensor *shaped[3] = {t, has_lo ? lo.t : t, has_hi ? hi.t : t};
  const char *shaped_names[3] = {names[0], has_lo ? names[1] : names[0], has_hi ? names[2] : names[0]};
  int64_t size[LT_MAX_DIMS];
  int ndim;
  lt_check(L, ctx, lt_broadcast_shapes(ctx, 3, shaped, shaped_names, &ndim, size), fname);
  lt_check(L, ctx, lt_clamp(ctx, t, lo, hi, inplace ? t : NULL, box), fname);
  return lt_pushresult(L, box, inplace ? 1 : 0);
}

static int l_clamp(lua_State *L) { return clamp(L, false, "clamp"); }
static int l_clamp_(lua_State *L) { return clamp(L, true, "clamp_"); }

/* lerp(start, end, weight [, out]) and start:lerp_(end, weight) */
static int lerp(lua_State *L, bool inplace, const char *fname) {
  lt_Context *ctx = getctx(L);
  ScalarSlot sw;
  lt_Tensor *start = checktensor(L, 1), *end = checktensor(L, 2);
  lt_Operand weight = checkoperand(L, 3, &sw);
  lt_Tensor *out = inplace ? start : optout(L, 4);
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_lerp(ctx, start, end, weight, out, box), fname);
  return lt_pushresult(L, box, inplace ? 1 : out != NULL ? 4 : 0);
}

static int l_lerp(lua_State *L) { return lerp(L, false, "lerp"); }
static int l_lerp_(lua_State *L) { return lerp(L, true, "lerp_"); }

/* addcmul(input, t1, t2 [, value] [, out]) = input + value * t1 * t2 and input:addcmul_(t1, t2
   [, value]); addcdiv likewise with t1 / t2. value (PyTorch's keyword) is a number, by position
   as addmm's beta and alpha, default 1; out is the last argument when it is a tensor. */
static int addc(lua_State *L, bool div, bool inplace, const char *fname) {
  lt_Context *ctx = getctx(L);
  lt_Tensor *input = checktensor(L, 1), *t1 = checktensor(L, 2), *t2 = checktensor(L, 3), *out = NULL;
  lt_Scalar value = lt_scalar_int(1);
  int top = lua_gettop(L), out_arg = 0;
  if (!inplace && top >= 4 && lt_istensor(L, top)) out = checktensor(L, out_arg = top--);
  if (top > 4) luaL_argerror(L, 5, inplace ? "no more arguments expected" : "expected an out tensor");
  if (top >= 4 && !lua_isnil(L, 4)) {
    if (lua_type(L, 4) != LUA_TNUMBER) luaL_typeerror(L, 4, "number (value)");
    value = lt_checkscalar(L, 4);
  }
  if (inplace) out = input;
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_addc(ctx, div, input, t1, t2, value, out, box), fname);
  return lt_pushresult(L, box, inplace ? 1 : out_arg);
}

static int l_addcmul(lua_State *L) { return addc(L, false, false, "addcmul"); }
static int l_addcmul_(lua_State *L) { return addc(L, false, true, "addcmul_"); }
static int l_addcdiv(lua_State *L) { return addc(L, true, false, "addcdiv"); }
static int l_addcdiv_(lua_State *L) { return addc(L, true, true, "addcdiv_"); }

/* add(a, b [, alpha] [, out]) = a + alpha * b and a:add_(b [, alpha]); sub likewise with
   a - alpha * b (PyTorch's alpha keyword, by position). Without alpha (or alpha 1) they are the
   plain binary ops; the metamethods (+, -) stay those. */
static int add_sub(lua_State *L, bool inplace) {
  const lt_BinaryOp *op = lua_touserdata(L, OP_UPVALUE);
  lt_Context *ctx = getctx(L);
  ScalarSlot sa, sb;
  lt_Operand a = checkoperand(L, 1, &sa), b = checkoperand(L, 2, &sb);
  lt_Scalar alpha = lt_scalar_int(1);
  lt_Tensor *out = NULL;
  int top = lua_gettop(L) > 4 ? 4 : lua_gettop(L), out_arg = 0;
  if (!inplace && top == 4 && !lua_isnil(L, 4)) out = checktensor(L, out_arg = 4);
  else if (!inplace && top == 3 && lt_istensor(L, 3)) out = checktensor(L, out_arg = 3), top = 2;
  if (top >= 3 && !lua_isnil(L, 3)) {
    if (lua_type(L, 3) != LUA_TNUMBER) luaL_typeerror(L, 3, inplace ? "number (alpha)" : "number (alpha) or out tensor");
    alpha = lt_checkscalar(L, 3);
  }
  if (inplace) {
    if (a.wrapped) luaL_typeerror(L, 1, "tensor");
    out = (lt_Tensor *)a.t;
  } else if (a.wrapped && b.wrapped) {
    return luaL_error(L, "%s: expected at least one tensor operand", op->fn.name);
  }
  bool sub = op == &lt_binary_ops[LT_OP_SUB];
  lt_Tensor **box = lt_newbox(L);
  lt_check(L, ctx, lt_add_alpha(ctx, sub, a, b, alpha, out, box), inplace ? (sub ? "sub_" : "add_") : op->fn.name);
  return lt_pushresult(L, box, inplace ? 1 : out_arg);
}

static int l_add_sub(lua_State *L) { return add_sub(L, false); }
static int l_add_sub_(lua_State *L) { return add_sub(L, true); }

const luaL_Reg lt_op_funcs[] = {
    {"lerp", l_lerp},
    {"lerp_", l_lerp_},
    {"addcmul", l_addcmul},
    {"addcmul_", l_addcmul_},
    {"addcdiv", l_addcdiv},
    {"addcdiv_", l_addcdiv_},
    {"where", l_where},
    {"masked_fill", l_masked_fill},
    {"masked_fill_", l_masked_fill_},
    {"clamp", l_clamp},
    {"clamp_", l_clamp_},
    {NULL, NULL},
};

/* pushes fn as a closure over (context, module table, op) */
static void push_op_closure(lua_State *L, int ctx, int module, const void *op, lua_CFunction fn) {
  lua_pushvalue(L, ctx);
  lua_pushvalue(L, module);
  lua_pushlightuserdata(L, (void *)op);
  lua_pushcclosure(L, fn, 3);
}

void lt_register_ops(lua_State *L, int ctx, int module, int metatable) {
  static const struct {
    const char *event, *op;
  } arith[] = {{"__add", "add"},  {"__sub", "sub"}, {"__mul", "mul"},          {"__div", "div"},
               {"__mod", "remainder"}, {"__idiv", "floor_divide"}, {"__pow", "pow"}};
  for (const lt_BinaryOp *op = lt_binary_ops; op->fn.name != NULL; op++) {
    push_op_closure(L, ctx, module, op, l_binary);
    lua_setfield(L, module, op->fn.name);
    push_op_closure(L, ctx, module, op, l_binary_inplace);
    lua_pushfstring(L, "%s_", op->fn.name);
    lua_insert(L, -2);
    lua_settable(L, module);
  }
  for (const lt_UnaryOp *op = lt_unary_ops; op->fn.name != NULL; op++) {
    push_op_closure(L, ctx, module, op, l_unary);
    lua_setfield(L, module, op->fn.name);
    push_op_closure(L, ctx, module, op, l_unary_inplace);
    lua_pushfstring(L, "%s_", op->fn.name);
    lua_insert(L, -2);
    lua_settable(L, module);
  }
  static const char *const with_alpha[2] = {"add", "sub"}; /* (a, b [, alpha] [, out]) */
  for (int i = 0; i < 2; i++) {
    push_op_closure(L, ctx, module, lt_find_binary(with_alpha[i]), l_add_sub);
    lua_setfield(L, module, with_alpha[i]);
    push_op_closure(L, ctx, module, lt_find_binary(with_alpha[i]), l_add_sub_);
    lua_pushfstring(L, "%s_", with_alpha[i]);
    lua_insert(L, -2);
    lua_settable(L, module);
  }
  for (size_t i = 0; i < sizeof arith / sizeof arith[0]; i++) {
    push_op_closure(L, ctx, module, lt_find_binary(arith[i].op), l_binary);
    lua_setfield(L, metatable, arith[i].event);
  }
  push_op_closure(L, ctx, module, lt_find_unary("neg"), l_unm);
  lua_setfield(L, metatable, "__unm");
}
