/*
** luatensor.c: the `luatensor` command, a small Lua 5.4 interpreter with the library preloaded
** (like Torch7's `th`). It is a Lua host, so it links liblua5.4 itself; the module
** (luatensor.core) is loaded the usual way through package.cpath and uses this program's Lua.
**
**   luatensor [options] [script [args...]]
**     -e chunk   run chunk (repeatable)      -i   interactive prompt after the script / chunks
**     -v         print versions              -h   help
**     --         stop handling options       -    run stdin as the script
**
** Module paths: when the executable sits in a build tree (build/bin/luatensor: <dir>/../luatensor/
** core.so and <dir>/../../lua/luatensor/init.lua exist), that tree comes first in package.path/cpath; otherwise the
** usual LUA_PATH_5_4/LUA_CPATH_5_4 and defaults apply, with the install prefix next to the
** executable (<dir>/../share/lua/5.4, <dir>/../lib/lua/5.4) appended last. Then the global `lt`
** is set to require "luatensor" (the program sets it; the library writes no globals).
**
** The interactive prompt evaluates a line as an expression first ("return <line>"), else as a
** statement, prints the results with print (tensors through their __tostring), reads more lines
** while the chunk is incomplete, and survives every Lua error. Line editing through readline
** when the build found it (LT_USE_READLINE).
*/
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <limits.h>
#include <sys/stat.h>

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

#ifdef LT_USE_READLINE
#include <readline/readline.h>
#include <readline/history.h>
#endif

#define PROGNAME "luatensor"
#define PROMPT1 "lt> "
#define PROMPT2 ">>  "
#define MAXLINE 4096

static lua_State *globalL = NULL;

/* ------------------------------------------------------------------------------------------- */
/* Messages, Ctrl-C, protected calls (after lua.c) */

static void print_usage(FILE *f) {
  fprintf(f,
          "usage: " PROGNAME " [options] [script [args...]]\n"
          "Lua 5.4 with luatensor preloaded as the global `lt`.\n"
          "  -e chunk  run chunk (repeatable)\n"
          "  -i        enter the interactive prompt after running script / chunks\n"
          "  -v        show versions (Lua, luatensor, BLAS)\n"
          "  -h        show this help\n"
          "  --        stop handling options\n"
          "  -         run stdin as the script\n"
          "With no script: the interactive prompt when stdin is a terminal, else stdin is run.\n");
}

static void l_message(const char *msg) {
  fprintf(stderr, PROGNAME ": %s\n", msg);
  fflush(stderr);
}

static int report(lua_State *L, int status) {
  if (status != LUA_OK) {
    const char *msg = lua_tostring(L, -1);
    l_message(msg ? msg : "(error object is not a string)");
    lua_pop(L, 1);
  }
  return status;
}

static int msghandler(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
    msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);
  return 1;
}

static void lstop(lua_State *L, lua_Debug *ar) {
  (void)ar;
  lua_sethook(L, NULL, 0, 0);
  luaL_error(L, "interrupted!");
}

static void laction(int i) {
  int flag = LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT;
  signal(i, SIG_DFL);
  lua_sethook(globalL, lstop, flag, 1);
}

static int docall(lua_State *L, int narg, int nres) {
  int base = lua_gettop(L) - narg;
  lua_pushcfunction(L, msghandler);
  lua_insert(L, base);
  globalL = L;
  signal(SIGINT, laction);
  int status = lua_pcall(L, narg, nres, base);
  signal(SIGINT, SIG_DFL);
  lua_remove(L, base);
  return status;
}

/* ------------------------------------------------------------------------------------------- */
/* Paths and the module */

static int file_exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

/* package[field] = prefix .. ";" .. package[field] (or the reverse when append). */
static void add_path(lua_State *L, const char *field, const char *entries, int append) {
  lua_getglobal(L, "package");
  lua_getfield(L, -1, field);
  const char *old = lua_tostring(L, -1);
  if (append) lua_pushfstring(L, "%s;%s", old ? old : "", entries);
  else lua_pushfstring(L, "%s;%s", entries, old ? old : "");
  lua_setfield(L, -3, field);
  lua_pop(L, 2);
}

static void setup_paths(lua_State *L) {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return;
  exe[n] = '\0';
  char *slash = strrchr(exe, '/');
  if (!slash) return;
  *slash = '\0'; /* exe is now the executable's directory */
  char a[PATH_MAX + 64], b[PATH_MAX + 64];
  snprintf(a, sizeof a, "%s/../luatensor/core.so", exe);
  snprintf(b, sizeof b, "%s/../../lua/luatensor/init.lua", exe);
  if (file_exists(a) && file_exists(b)) { /* build tree (<build>/bin/luatensor): first */
    lua_pushfstring(L, "%s/../../lua/?.lua;%s/../../lua/?/init.lua", exe, exe);
    add_path(L, "path", lua_tostring(L, -1), 0);
    lua_pop(L, 1);
    lua_pushfstring(L, "%s/../?.so", exe);
    add_path(L, "cpath", lua_tostring(L, -1), 0);
    lua_pop(L, 1);
    return;
  }
  snprintf(a, sizeof a, "%s/../lib/lua/5.4/luatensor/core.so", exe);
  if (file_exists(a)) { /* installed prefix next to bin/: last, after the user's paths */
    lua_pushfstring(L, "%s/../share/lua/5.4/?.lua;%s/../share/lua/5.4/?/init.lua", exe, exe);
    add_path(L, "path", lua_tostring(L, -1), 1);
    lua_pop(L, 1);
    lua_pushfstring(L, "%s/../lib/lua/5.4/?.so", exe);
    add_path(L, "cpath", lua_tostring(L, -1), 1);
    lua_pop(L, 1);
  }
}

static int load_module(lua_State *L) {
  lua_getglobal(L, "require");
  lua_pushliteral(L, "luatensor");
  int status = docall(L, 1, 1);
  if (status == LUA_OK) lua_setglobal(L, "lt");
  return report(L, status);
}

static void print_version(lua_State *L) {
  printf("%s\n", LUA_COPYRIGHT);
  lua_getglobal(L, "lt");
  lua_getfield(L, -1, "_VERSION");
  printf("%s\n", lua_isstring(L, -1) ? lua_tostring(L, -1) : "luatensor (unknown version)");
  lua_pop(L, 1);
  lua_getfield(L, -1, "blas_info");
  if (lua_isfunction(L, -1) && lua_pcall(L, 0, 1, 0) == LUA_OK && lua_istable(L, -1)) {
    lua_getfield(L, -1, "config");
    lua_getfield(L, -2, "library");
    lua_getfield(L, -3, "threads");
    printf("BLAS: %s (%s), %s threads\n", lua_isstring(L, -3) ? lua_tostring(L, -3) : "?",
           lua_isstring(L, -2) ? lua_tostring(L, -2) : "?",
           lua_isstring(L, -1) ? lua_tostring(L, -1) : "?");
    lua_pop(L, 3);
  } else {
    printf("BLAS: unavailable\n");
  }
  lua_pop(L, 2);
  fflush(stdout);
}

/* ------------------------------------------------------------------------------------------- */
/* Scripts */

/* arg table as lua.c builds it: arg[0] = script, arg[1..] = its args, negatives before. */
static void create_arg_table(lua_State *L, char **argv, int argc, int script) {
  int narg = argc - (script + 1);
  lua_createtable(L, narg, script + 1);
  for (int i = 0; i < argc; i++) {
    lua_pushstring(L, argv[i]);
    lua_rawseti(L, -2, i - script);
  }
  lua_setglobal(L, "arg");
}

static int dochunk(lua_State *L, int status) {
  if (status == LUA_OK) status = docall(L, 0, 0);
  return report(L, status);
}

static int run_script(lua_State *L, char **argv) {
  const char *fname = argv[0];
  if (strcmp(fname, "-") == 0 && strcmp(argv[-1], "--") != 0) fname = NULL; /* stdin */
  int status = luaL_loadfile(L, fname);
  if (status == LUA_OK) {
    int n = 0;
    lua_getglobal(L, "arg");
    if (lua_istable(L, -1)) {
      n = (int)luaL_len(L, -1);
      luaL_checkstack(L, n + 3, "too many arguments to script");
      for (int i = 1; i <= n; i++) lua_rawgeti(L, -i, i);
      lua_remove(L, -n - 1);
    } else {
      lua_pop(L, 1);
    }
    status = docall(L, n, 0);
  }
  return report(L, status);
}

/* ------------------------------------------------------------------------------------------- */
/* Interactive prompt */

static int use_readline = 0;

/* Reads one line without its newline into a new Lua string on the stack; 0 at end of input. */
static int read_line(lua_State *L, int first) {
  const char *prompt = first ? PROMPT1 : PROMPT2;
#ifdef LT_USE_READLINE
  if (use_readline) {
    char *line = readline(prompt);
    if (!line) return 0;
    lua_pushstring(L, line);
    free(line);
    return 1;
  }
#endif
  char buf[MAXLINE];
  fputs(prompt, stdout);
  fflush(stdout);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  int got = 0;
  while (fgets(buf, sizeof buf, stdin)) {
    got = 1;
    size_t l = strlen(buf);
    int done = l > 0 && buf[l - 1] == '\n';
    if (done) buf[--l] = '\0';
    luaL_addlstring(&b, buf, l);
    if (done) break;
  }
  luaL_pushresult(&b);
  if (!got) {
    lua_pop(L, 1);
    return 0;
  }
  return 1;
}

static int incomplete(lua_State *L, int status) {
  if (status == LUA_ERRSYNTAX) {
    size_t lmsg;
    const char *msg = lua_tolstring(L, -1, &lmsg);
    if (lmsg >= 5 && strcmp(msg + lmsg - 5, "<eof>") == 0) {
      lua_pop(L, 1);
      return 1;
    }
  }
  return 0;
}

static void save_history(lua_State *L, int idx) {
#ifdef LT_USE_READLINE
  if (use_readline) {
    const char *s = lua_tostring(L, idx);
    if (s && *s) add_history(s);
  }
#else
  (void)L;
  (void)idx;
#endif
}

/* Line on top: try "return line"; leaves the function (and the line below it) on success. */
static int add_return(lua_State *L) {
  const char *line = lua_tostring(L, -1);
  const char *retline = lua_pushfstring(L, "return %s;", line);
  int status = luaL_loadbuffer(L, retline, strlen(retline), "=stdin");
  if (status == LUA_OK) {
    lua_remove(L, -2); /* the modified line */
    save_history(L, -2);
  } else {
    lua_pop(L, 2);
  }
  return status;
}

/* Line on top: read more lines while the chunk is incomplete. */
static int multi_line(lua_State *L) {
  for (;;) {
    size_t len;
    const char *line = lua_tolstring(L, 1, &len);
    int status = luaL_loadbuffer(L, line, len, "=stdin");
    if (!incomplete(L, status) || !read_line(L, 0)) {
      save_history(L, 1);
      return status;
    }
    lua_pushliteral(L, "\n");
    lua_insert(L, -2);
    lua_concat(L, 3);
  }
}

/* -1 at end of input; else the status, with the compiled chunk on top when LUA_OK. */
static int load_line(lua_State *L) {
  lua_settop(L, 0);
  if (!read_line(L, 1)) return -1;
  int status = add_return(L);
  if (status != LUA_OK) status = multi_line(L);
  lua_remove(L, 1); /* the line */
  return status;
}

static void print_results(lua_State *L) {
  int n = lua_gettop(L);
  if (n > 0) {
    luaL_checkstack(L, LUA_MINSTACK, "too many results to print");
    lua_getglobal(L, "print");
    lua_insert(L, 1);
    if (lua_pcall(L, n, 0, 0) != LUA_OK)
      l_message(lua_pushfstring(L, "error calling 'print' (%s)", lua_tostring(L, -1)));
  }
}

static void repl(lua_State *L) {
  int status;
  while ((status = load_line(L)) != -1) {
    if (status == LUA_OK) status = docall(L, 0, LUA_MULTRET);
    if (status == LUA_OK) print_results(L);
    else report(L, status);
  }
  lua_settop(L, 0);
  fputs("\n", stdout);
  fflush(stdout);
}

/* ------------------------------------------------------------------------------------------- */

static int pmain(lua_State *L) {
  int argc = (int)lua_tointeger(L, 1);
  char **argv = (char **)lua_touserdata(L, 2);
  int has_e = 0, has_i = 0, has_v = 0, script = 0;
  int i;
  for (i = 1; i < argc && argv[i][0] == '-'; i++) {
    const char *o = argv[i];
    if (strcmp(o, "--") == 0) { i++; break; }
    if (strcmp(o, "-") == 0) break;
    if (strcmp(o, "-e") == 0) {
      if (i + 1 >= argc) { l_message("'-e' needs an argument"); print_usage(stderr); return 0; }
      has_e = 1;
      i++;
    } else if (strncmp(o, "-e", 2) == 0) {
      has_e = 1;
    } else if (strcmp(o, "-i") == 0) {
      has_i = 1;
    } else if (strcmp(o, "-v") == 0) {
      has_v = 1;
    } else if (strcmp(o, "-h") == 0 || strcmp(o, "--help") == 0) {
      print_usage(stdout);
      lua_pushboolean(L, 1);
      return 1;
    } else {
      l_message(lua_pushfstring(L, "unrecognized option '%s'", o));
      print_usage(stderr);
      return 0;
    }
  }
  script = i < argc ? i : 0;
  int interactive_stdin = isatty(0);

  luaL_checkversion(L);
  luaL_openlibs(L);
  create_arg_table(L, argv, argc, script);
  lua_gc(L, LUA_GCRESTART);
  lua_gc(L, LUA_GCGEN, 0, 0);
  setup_paths(L);
  if (load_module(L) != LUA_OK) return 0;
  if (has_v) print_version(L);

  for (int k = 1; k < (script ? script : argc); k++) { /* the -e chunks, in order */
    const char *chunk = NULL;
    if (strcmp(argv[k], "-e") == 0) chunk = argv[++k];
    else if (strncmp(argv[k], "-e", 2) == 0) chunk = argv[k] + 2;
    if (chunk && dochunk(L, luaL_loadbuffer(L, chunk, strlen(chunk), "=(command line)")) != LUA_OK)
      return 0;
  }
  if (script && run_script(L, argv + script) != LUA_OK) return 0;

  if (has_i || (!script && !has_e && !has_v && interactive_stdin)) {
#ifdef LT_USE_READLINE
    use_readline = interactive_stdin;
#endif
    if (interactive_stdin) {
      lua_getglobal(L, "lt");
      lua_getfield(L, -1, "_VERSION");
      printf("%s, %s; the library is `lt`. Ctrl-D exits.\n", LUA_RELEASE, lua_tostring(L, -1));
      lua_pop(L, 2);
    }
    repl(L);
  } else if (!script && !has_e && !has_v) {
    if (dochunk(L, luaL_loadfile(L, NULL)) != LUA_OK) return 0; /* stdin as a script */
  }
  lua_pushboolean(L, 1);
  return 1;
}

int main(int argc, char **argv) {
  lua_State *L = luaL_newstate();
  if (L == NULL) {
    l_message("cannot create state: not enough memory");
    return EXIT_FAILURE;
  }
  lua_gc(L, LUA_GCSTOP);
  lua_pushcfunction(L, pmain);
  lua_pushinteger(L, argc);
  lua_pushlightuserdata(L, argv);
  int status = lua_pcall(L, 2, 1, 0);
  int result = lua_toboolean(L, -1);
  report(L, status);
  lua_close(L);
  return (result && status == LUA_OK) ? EXIT_SUCCESS : EXIT_FAILURE;
}
