/*
** fuzz_npy.c: libFuzzer target for the NumPy parsers: every input goes to lt_npy_read (one .npy
** file) and to lt_npz_read (a stored ZIP archive of .npy members), both over in-memory sources.
** Built and run by `make fuzz` (see fuzz/README.md).
**
** A parse error is the expected outcome for most inputs and is not a failure; a crash, a
** sanitizer report, a leak (LSan, checked per input by libFuzzer) or an inconsistent result is.
** Whatever the parsers return is checked and released.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lt_io.h"

static lt_Context ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  /* one context for the whole run: it starts a thread pool, too slow to do per input */
  if (lt_context_init(&ctx) != LT_OK) abort();
  return 0;
}

static void check_error(const char *prefix) {
  if (strncmp(ctx.err, prefix, strlen(prefix)) != 0 && strncmp(ctx.err, "not enough memory", 17) != 0)
    abort();
}

static void check_tensor(const lt_Tensor *t, size_t size) {
  if (t == NULL) abort();
  uint64_t bytes = (uint64_t)lt_numel(t) * lt_dtype_size(t->dtype);
  if (bytes > size) abort(); /* the data came from the input */
  if (t->dtype == LT_BOOL)
    for (int64_t k = 0; k < lt_numel(t); k++)
      if ((unsigned char)lt_data(t)[k] > 1) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  lt_IOSource src = {-1, data, 0, size};

  lt_Tensor *t = NULL;
  ctx.err[0] = '\0';
  if (lt_npy_read(&ctx, &src, "npy", &t) == LT_OK) {
    check_tensor(t, size);
    lt_tensor_release(t);
  } else {
    check_error("npy: ");
  }

  lt_IOList l = {0};
  ctx.err[0] = '\0';
  if (lt_npz_read(&ctx, &src, &l) == LT_OK) {
    for (size_t i = 0; i < l.n; i++) {
      if (l.names[i] == NULL) abort();
      for (size_t k = 0; k < i; k++)
        if (strcmp(l.names[k], l.names[i]) == 0) abort(); /* member names are distinct */
      check_tensor(l.tensors[i], size);
    }
    lt_iolist_free(&l);
  } else {
    check_error("npz: ");
    if (l.n != 0) abort(); /* out is untouched on failure */
  }
  return 0;
}
