/*
** fuzz_safetensors.c: libFuzzer target for the safetensors parser (lt_safetensors_read over an
** in-memory source). Built and run by `make fuzz` (see fuzz/README.md).
**
** Every input is a candidate file. A parse error is the expected outcome for most of them and is
** not a failure; a crash, a sanitizer report, a leak (LSan, checked per input by libFuzzer) or an
** inconsistent result is. What the parser returns is checked for the promises of src/lt_io.h
** (distinct names, tensors that fit the file) and then released.
**
** An input the copying reader accepts is also loaded with lt_safetensors_load(path, mmap = true)
** from a memfd (/proc/self/fd/N), which builds the tensors over the mapping instead (another code
** path: views of one external storage); it must accept the input too.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lt_io.h"

static lt_Context ctx;
static int memfd = -1;
static char mempath[64];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  /* one context for the whole run: it starts a thread pool, too slow to do per input */
  if (lt_context_init(&ctx) != LT_OK) abort();
  memfd = memfd_create("fuzz_safetensors", 0);
  if (memfd < 0) abort();
  snprintf(mempath, sizeof mempath, "/proc/self/fd/%d", memfd);
  return 0;
}

static void check_list(const lt_IOList *l, size_t size) {
  uint64_t bytes = 0;
  for (size_t i = 0; i < l->n; i++) {
    lt_Tensor *t = l->tensors[i];
    if (t == NULL || l->names[i] == NULL) abort();
    for (size_t k = 0; k < i; k++)
      if (strcmp(l->names[k], l->names[i]) == 0) abort(); /* names are distinct */
    bytes += (uint64_t)lt_numel(t) * lt_dtype_size(t->dtype);
    if (t->dtype == LT_BOOL) /* bools were checked to be 0 or 1 */
      for (int64_t k = 0; k < lt_numel(t); k++)
        if ((unsigned char)lt_data(t)[k] > 1) abort();
  }
  if (bytes > size) abort(); /* the tensors tile the data area, which is inside the input */
  for (size_t i = 0; i < l->nmeta; i++)
    if (l->keys[i] == NULL || l->values[i] == NULL) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  lt_IOSource src = {-1, data, 0, size};
  lt_IOList l = {0};
  ctx.err[0] = '\0';
  lt_Status st = lt_safetensors_read(&ctx, &src, &l);
  if (st != LT_OK) {
    /* an error must say what is wrong, prefixed with the format */
    if (strncmp(ctx.err, "safetensors: ", 13) != 0 && strncmp(ctx.err, "not enough memory", 17) != 0)
      abort();
    if (l.n != 0 || l.nmeta != 0) abort(); /* out is untouched on failure */
    return 0;
  }
  check_list(&l, size);
  size_t n = l.n;
  lt_iolist_free(&l);

  /* the same file over a mapping */
  if (ftruncate(memfd, 0) != 0 || (size > 0 && pwrite(memfd, data, size, 0) != (ssize_t)size)) abort();
  ctx.err[0] = '\0';
  if (lt_safetensors_load(&ctx, mempath, true, &l) != LT_OK || l.n != n) abort();
  check_list(&l, size);
  lt_iolist_free(&l);
  return 0;
}
