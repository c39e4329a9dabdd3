/*
** noclose.c: the LD_PRELOAD shim of `make asan`, preloaded into lua5.4 processes after the ASan
** and UBSan runtimes by the lua5.4 wrapper that tools/with-asan.sh writes. Build it WITHOUT
** sanitizers. It does three things:
**
** 1. dlclose() is a no-op. Lua dlclose()s every C module when the state closes at exit, and
**    LeakSanitizer runs after that, so stacks of leaks allocated by the module would show
**    `<unknown module>`. This definition wins over libc's and keeps every library mapped.
**
** 2. UBSan's reports go to $LT_UBSAN_LOG_PATH.PID. GCC's UBSan runtime (libubsan.so.1) is a
**    library of its own next to ASan's (libasan.so.8). Both carry the sanitizer common code, and
**    when libubsan initialises, its call to __sanitizer_set_report_path() binds to libasan's
**    copy, so UBSAN_OPTIONS=log_path is ignored and UBSan writes to stderr, which a spec may
**    capture or discard for a subprocess. Calling libubsan's own copy (dlsym on its handle)
**    sets the file UBSan really writes to.
**
** 3. LD_PRELOAD is removed from this process's environment, so that the programs Lua starts
**    (sh, ps, ...) run without ASan: procps tools hang under a preloaded ASan (a known
**    glibc/ASan deadlock in textdomain) and many system tools "leak" by LeakSanitizer's
**    standards. lua5.4 subprocesses find the wrapper first in PATH and get the preload again.
*/
#include <dlfcn.h>
#include <stdlib.h>

int dlclose(void *handle);

int dlclose(void *handle) {
  (void)handle;
  return 0;
}

__attribute__((constructor)) static void lt_asan_shim_init(void) {
  unsetenv("LD_PRELOAD");

  const char *path = getenv("LT_UBSAN_LOG_PATH");
  if (path == NULL || *path == '\0') return;
  void *h = dlopen("libubsan.so.1", RTLD_NOW | RTLD_NOLOAD);
  if (h == NULL) return;
  void (*set_report_path)(const char *);
  *(void **)&set_report_path = dlsym(h, "__sanitizer_set_report_path");
  if (set_report_path != NULL) set_report_path(path);
  /* h stays open (dlclose is a no-op here anyway). */
}
