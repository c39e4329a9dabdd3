/*
** cblas_probe: the ceiling for luatensor's matrix products. Times OpenBLAS's cblas_sgemm and
** cblas_dgemm called directly from C on the shapes of bench.lua's matmul workloads, with the
** protocol of bench/harness.py, and writes the same JSON (tool "cblas", same workload names), so
** that bench/compare.py can put raw OpenBLAS next to luatensor, PyTorch and NumPy.
**
**   build/cblas_probe [--quick] [--threads N] [--only PATTERN] [--out FILE | FILE] [--list]
**
** Built by `make bench` (linked with `pkg-config --libs openblas`) and run by bench/run.sh, which
** sets OPENBLAS_CORETYPE and OPENBLAS_NUM_THREADS before the library loads.
**
** Workloads (row-major, no transpose, alpha 1, beta 0, inputs N(0,1) with a fixed seed, the
** result written into a preallocated C: no allocation is timed):
**   matmul_f32_{64,256,1024,2048}  cblas_sgemm, square n x n          GFLOPS = 2n^3 / time
**   matmul_f64_1024                cblas_dgemm, 1024 x 1024
**   bmm                            64 cblas_sgemm calls (128x256)(256x128), one per batch entry
**
** Threads: OpenBLAS's own OPENBLAS_NUM_THREADS wins when it is set (run.sh sets it to the
** thread count); otherwise --threads N (default 2) is applied with openblas_set_num_threads.
**
** Protocol (BENCHMARKS.md, as harness.py): warm up (at least 2 calls and 0.1 s), calibrate the
** repetitions so that one batch takes at least 0.3 s, time 5 batches, report the median batch's
** time per op and the spread ((slowest - fastest) / median). --quick: 2 warm-up calls, 1 batch
** of at least 0.05 s. --only takes a Lua pattern, or several separated by commas (translated to
** POSIX regular expressions: classes %a %d %l %s %u %w %x %p, sets, . * + - ? ^ $).
*/
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <cblas.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define SEED 42u
#define NAME_W 22

/* ------------------------------------------------------------------------------------------ */
/* Options */

static struct {
  int quick, threads, threads_given, list;
  const char *only, *out;
} opt = { 0, 2, 0, 0, NULL, NULL };

__attribute__((noreturn, format(printf, 1, 2))) static void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("cblas_probe: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(2);
}

static void usage(FILE *f) {
  fputs("usage: cblas_probe [--quick] [--threads N] [--only PATTERN] [--out FILE | FILE] [--list]\n",
        f);
}

static void parse_args(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = NULL;
    char flag[32];
    const char *eq = strchr(a, '=');
    if (a[0] == '-' && a[1] == '-' && eq && (size_t)(eq - a) < sizeof flag) {
      memcpy(flag, a, (size_t)(eq - a));
      flag[eq - a] = '\0';
      a = flag;
      v = eq + 1;
    }
#define VALUE() (v ? v : (i + 1 < argc ? argv[++i] : (die("%s needs a value", a), "")))
    if (!strcmp(a, "--quick")) opt.quick = 1;
    else if (!strcmp(a, "--list")) opt.list = 1;
    else if (!strcmp(a, "--threads")) {
      const char *s = VALUE();
      char *end;
      errno = 0;
      long n = strtol(s, &end, 10);
      if (errno || *end || end == s || n < 1 || n > 4096) die("--threads wants an integer >= 1, got '%s'", s);
      opt.threads = (int)n;
      opt.threads_given = 1;
    } else if (!strcmp(a, "--only")) opt.only = VALUE();
    else if (!strcmp(a, "--out")) opt.out = VALUE();
    else if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(stdout); exit(0); }
    else if (a[0] != '-' && !opt.out) opt.out = a;
    else { usage(stderr); die("unknown argument %s", argv[i]); }
#undef VALUE
  }
}

/* ------------------------------------------------------------------------------------------ */
/* --only: Lua patterns -> POSIX extended regular expressions (the subset harness.py handles) */

#define MAX_PATTERNS 32
static regex_t only_re[MAX_PATTERNS];
static int only_n = 0;

static const char *lua_class(char c) {
  switch (c) {
    case 'a': return "A-Za-z";
    case 'd': return "0-9";
    case 'l': return "a-z";
    case 'u': return "A-Z";
    case 's': return " \t\n\r\f\v";
    case 'w': return "A-Za-z0-9";
    case 'x': return "0-9A-Fa-f";
    case 'p': return "]!\"#$%&'()*+,./:;<=>?@[\\^_`{|}~-"; /* ']' first, '-' last: literal */
    default: return NULL;
  }
}

static void append(char *buf, size_t cap, size_t *len, const char *s) {
  size_t n = strlen(s);
  if (*len + n + 1 > cap) die("--only pattern too long");
  memcpy(buf + *len, s, n + 1);
  *len += n;
}

static void compile_lua_pattern(const char *pat, size_t plen) {
  char re[1024];
  size_t len = 0;
  int in_set = 0;
  re[0] = '\0';
  for (size_t i = 0; i < plen; i++) {
    char ch = pat[i], tmp[3] = { 0, 0, 0 };
    if (ch == '%' && i + 1 < plen) {
      char nx = pat[++i];
      char low = (char)(nx >= 'A' && nx <= 'Z' ? nx - 'A' + 'a' : nx);
      const char *cls = lua_class(low);
      if (cls) {
        if (in_set) {
          if (nx == low) append(re, sizeof re, &len, cls); /* negated classes in sets: dropped */
        } else {
          append(re, sizeof re, &len, nx == low ? "[" : "[^");
          append(re, sizeof re, &len, cls);
          append(re, sizeof re, &len, "]");
        }
      } else if (in_set) {
        tmp[0] = nx; /* backslash is literal inside POSIX brackets */
        append(re, sizeof re, &len, tmp);
      } else if (strchr(".[]()*+?{}|^$\\", nx)) {
        tmp[0] = '\\', tmp[1] = nx;
        append(re, sizeof re, &len, tmp);
      } else {
        tmp[0] = nx;
        append(re, sizeof re, &len, tmp);
      }
      continue;
    }
    if (in_set) {
      if (ch == ']') in_set = 0;
      tmp[0] = ch;
    } else if (ch == '[') {
      in_set = 1;
      tmp[0] = '[';
      if (i + 1 < plen && pat[i + 1] == '^') tmp[1] = '^', i++;
    } else if (ch == '-') {
      /* lazy repetition: for "does it match anywhere", the same as '*' */
      if (len) tmp[0] = '*';
      else tmp[0] = '\\', tmp[1] = '-';
    } else if (strchr("{}|\\", ch)) {
      tmp[0] = '\\', tmp[1] = ch;
    } else {
      tmp[0] = ch; /* ^ $ . * + ? ( ) and the rest mean the same */
    }
    append(re, sizeof re, &len, tmp);
  }
  if (only_n == MAX_PATTERNS) die("--only: too many patterns");
  int rc = regcomp(&only_re[only_n], re, REG_EXTENDED | REG_NOSUB);
  if (rc) {
    char msg[256];
    regerror(rc, &only_re[only_n], msg, sizeof msg);
    die("--only: cannot use pattern '%.*s' (as /%s/): %s", (int)plen, pat, re, msg);
  }
  only_n++;
}

static void compile_only(void) {
  if (!opt.only) return;
  const char *p = opt.only;
  while (*p) {
    size_t n = strcspn(p, ",");
    if (n) compile_lua_pattern(p, n);
    p += n;
    if (*p == ',') p++;
  }
}

static int selected(const char *name) {
  if (!opt.only) return 1;
  for (int i = 0; i < only_n; i++)
    if (regexec(&only_re[i], name, 0, NULL, 0) == 0) return 1;
  return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Clocks and machine load */

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double own_cpu(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double loadavg1(void) {
  double l[1];
  return getloadavg(l, 1) == 1 ? l[0] : NAN;
}

typedef struct { double busy, own, wall; int ok; } CpuSample;

/* CPU seconds the whole machine was busy (/proc/stat), this process's CPU seconds, wall time */
static CpuSample cpu_sample(void) {
  CpuSample s = { 0, 0, 0, 0 };
  FILE *f = fopen("/proc/stat", "r");
  if (!f) return s;
  unsigned long long v[8] = { 0 };
  int n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4],
                 &v[5], &v[6], &v[7]);
  fclose(f);
  if (n != 8) return s;
  unsigned long long total = 0;
  for (int i = 0; i < 8; i++) total += v[i];
  double hz = (double)sysconf(_SC_CLK_TCK);
  s.busy = (double)(total - v[3] - v[4]) / (hz > 0 ? hz : 100);
  s.own = own_cpu();
  s.wall = now();
  s.ok = 1;
  return s;
}

/* How many CPUs other processes kept busy on average between two samples (NAN: unknown). */
static double other_cpus(CpuSample a, CpuSample b) {
  if (!a.ok || !b.ok || b.wall <= a.wall) return NAN;
  double v = ((b.busy - a.busy) - (b.own - a.own)) / (b.wall - a.wall);
  if (v < 0) v = 0;
  return round(v * 100) / 100;
}

/* ------------------------------------------------------------------------------------------ */
/* Inputs: N(0,1), seeded (splitmix64 + Box-Muller) */

static uint64_t rng_state;

static uint64_t rng_next(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static double rng_normal(void) {
  double u1 = ((double)(rng_next() >> 11) + 1.0) * 0x1.0p-53; /* (0, 1] */
  double u2 = (double)(rng_next() >> 11) * 0x1.0p-53;
  return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

static void *xalloc(size_t n) {
  void *p = NULL;
  if (posix_memalign(&p, 64, n ? n : 1)) die("out of memory (%zu bytes)", n);
  return p;
}

static float *randn_f32(size_t n) {
  float *p = xalloc(n * sizeof *p);
  for (size_t i = 0; i < n; i++) p[i] = (float)rng_normal();
  return p;
}

static double *randn_f64(size_t n) {
  double *p = xalloc(n * sizeof *p);
  for (size_t i = 0; i < n; i++) p[i] = rng_normal();
  return p;
}

/* ------------------------------------------------------------------------------------------ */
/* Workloads: C[b] = A[b] · B[b] for b < batch, each (m x k)(k x n), row-major */

typedef struct {
  const char *name;
  int f64, batch, m, n, k;
  void *a, *b, *c;
} Workload;

static Workload workloads[] = {
  { "matmul_f32_64", 0, 1, 64, 64, 64, NULL, NULL, NULL },
  { "matmul_f32_256", 0, 1, 256, 256, 256, NULL, NULL, NULL },
  { "matmul_f32_1024", 0, 1, 1024, 1024, 1024, NULL, NULL, NULL },
  { "matmul_f32_2048", 0, 1, 2048, 2048, 2048, NULL, NULL, NULL },
  { "matmul_f64_1024", 1, 1, 1024, 1024, 1024, NULL, NULL, NULL },
  { "bmm", 0, 64, 128, 128, 256, NULL, NULL, NULL }, /* A (64,128,256) x B (64,256,128) */
};
#define NWORK ((int)(sizeof workloads / sizeof workloads[0]))

static void setup(Workload *w) {
  size_t na = (size_t)w->batch * w->m * w->k, nb = (size_t)w->batch * w->k * w->n;
  size_t nc = (size_t)w->batch * w->m * w->n;
  rng_state = SEED;
  if (w->f64) {
    w->a = randn_f64(na), w->b = randn_f64(nb);
    w->c = xalloc(nc * sizeof(double));
  } else {
    w->a = randn_f32(na), w->b = randn_f32(nb);
    w->c = xalloc(nc * sizeof(float));
  }
}

static void teardown(Workload *w) {
  free(w->a), free(w->b), free(w->c);
  w->a = w->b = w->c = NULL;
}

static void call(const Workload *w) {
  const int m = w->m, n = w->n, k = w->k;
  if (w->f64) {
    const double *a = w->a, *b = w->b;
    double *c = w->c;
    for (int i = 0; i < w->batch; i++)
      cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0, a + (size_t)i * m * k, k,
                  b + (size_t)i * k * n, n, 0.0, c + (size_t)i * m * n, n);
  } else {
    const float *a = w->a, *b = w->b;
    float *c = w->c;
    for (int i = 0; i < w->batch; i++)
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, a + (size_t)i * m * k, k,
                  b + (size_t)i * k * n, n, 0.0f, c + (size_t)i * m * n, n);
  }
}

/* After one call: a few entries of C against dot products in double (catches a wrong call). */
static const char *check(const Workload *w) {
  static char msg[160];
  const int m = w->m, n = w->n, k = w->k;
  const int picks[3][3] = { { 0, 0, 0 }, { w->batch - 1, m - 1, n - 1 }, { w->batch / 2, m / 3, n / 2 } };
  for (int p = 0; p < 3; p++) {
    int bi = picks[p][0], i = picks[p][1], j = picks[p][2];
    double ref = 0, mag = 0, got;
    for (int l = 0; l < k; l++) {
      size_t ia = (size_t)bi * m * k + (size_t)i * k + l, ib = (size_t)bi * k * n + (size_t)l * n + j;
      double x = w->f64 ? ((double *)w->a)[ia] * ((double *)w->b)[ib]
                        : (double)((float *)w->a)[ia] * (double)((float *)w->b)[ib];
      ref += x, mag += fabs(x);
    }
    size_t ic = (size_t)bi * m * n + (size_t)i * n + j;
    got = w->f64 ? ((double *)w->c)[ic] : (double)((float *)w->c)[ic];
    if (!(fabs(got - ref) <= (w->f64 ? 1e-12 : 1e-5) * (mag + 1))) {
      snprintf(msg, sizeof msg, "wrong result: C[%d][%d][%d] = %g, expected %g", bi, i, j, got, ref);
      return msg;
    }
  }
  return NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* Timing protocol (harness.py's measure) */

static double batch(const Workload *w, long reps) {
  double t0 = now();
  for (long r = 0; r < reps; r++) call(w);
  return now() - t0;
}

static int cmp_double(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return (a > b) - (a < b);
}

typedef struct { double per_call, spread; long reps; int batches; } Timing;

static Timing measure(const Workload *w) {
  const int warm_calls = 2;
  const double warm_s = opt.quick ? 0.0 : 0.1, target = opt.quick ? 0.05 : 0.3;
  const int nb = opt.quick ? 1 : 5;
  double t0 = now();
  for (int calls = 0; calls < warm_calls || now() - t0 < warm_s; calls++) call(w);
  long reps = 1;
  for (;;) {
    double t = batch(w, reps);
    if (t >= target) break;
    double guess = ceil((double)reps * target * 1.2 / (t > 1e-9 ? t : 1e-9));
    long g = guess > (double)LONG_MAX / 2 ? LONG_MAX / 2 : (long)guess;
    if (g > reps * 100) g = reps * 100;
    reps = g > reps + 1 ? g : reps + 1;
  }
  double times[5];
  for (int i = 0; i < nb; i++) times[i] = batch(w, reps) / (double)reps;
  qsort(times, (size_t)nb, sizeof times[0], cmp_double);
  Timing r = { times[nb / 2], 0, reps, nb };
  r.spread = (times[nb - 1] - times[0]) / r.per_call;
  return r;
}

/* ------------------------------------------------------------------------------------------ */
/* JSON */

static void json_str(FILE *f, const char *s) {
  fputc('"', f);
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
    else if (c == '\n') fputs("\\n", f);
    else if (c == '\t') fputs("\\t", f);
    else if (c < 0x20) fprintf(f, "\\u%04x", c);
    else fputc(c, f);
  }
  fputc('"', f);
}

static void json_num(FILE *f, double v) {
  if (isfinite(v)) fprintf(f, "%.17g", v);
  else fputs("null", f);
}

/* ------------------------------------------------------------------------------------------ */

typedef struct {
  int done;
  Timing t;
  double ns, value;
  const char *error;
} Result;

static void fmt_time(char *buf, size_t cap, double ns) {
  if (ns >= 1e6) snprintf(buf, cap, "%.3f ms", ns / 1e6);
  else if (ns >= 1e3) snprintf(buf, cap, "%.3f \xC2\xB5s", ns / 1e3);
  else snprintf(buf, cap, "%.1f ns", ns);
}

static char *trim(char *s) {
  if (!s) return (char *)"unknown";
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\n')) s[--n] = '\0';
  while (*s == ' ') s++;
  return s;
}

int main(int argc, char **argv) {
  parse_args(argc, argv);
  compile_only();
  if (opt.list) {
    for (int i = 0; i < NWORK; i++)
      if (selected(workloads[i].name)) puts(workloads[i].name);
    return 0;
  }

  /* Threads: OpenBLAS has read OPENBLAS_NUM_THREADS at load time; it wins when set. */
  const char *env_threads = getenv("OPENBLAS_NUM_THREADS");
  char note[256] = "";
  if (env_threads && *env_threads) {
    if (opt.threads_given && atoi(env_threads) != opt.threads) {
      snprintf(note, sizeof note, "OPENBLAS_NUM_THREADS=%s kept (--threads %d ignored)", env_threads,
               opt.threads);
      fprintf(stderr, "cblas_probe: warning: %s\n", note);
    }
  } else {
    openblas_set_num_threads(opt.threads);
  }
  const int threads = openblas_get_num_threads();
  char *core = trim(openblas_get_corename());
  char *config = trim(openblas_get_config());
  char library[PATH_MAX] = "unknown";
  Dl_info di;
  if (dladdr((void *)cblas_sgemm, &di) && di.dli_fname) {
    if (!realpath(di.dli_fname, library)) snprintf(library, sizeof library, "%s", di.dli_fname);
  }

  char date[32];
  time_t tt = time(NULL);
  strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", gmtime(&tt));
  char host[256] = "";
  gethostname(host, sizeof host - 1);
  const double load0 = loadavg1();
  const CpuSample cpu0 = cpu_sample();

  printf("# cblas: threads=%d%s, blas_core=%s\n", threads, opt.quick ? " (quick)" : "", core);
  fflush(stdout);

  Result res[NWORK];
  int errors = 0;
  memset(res, 0, sizeof res);
  for (int i = 0; i < NWORK; i++) {
    Workload *w = &workloads[i];
    if (!selected(w->name)) continue;
    setup(w);
    call(w);
    res[i].error = check(w);
    if (res[i].error) {
      printf("%-*s ERROR %s\n", NAME_W, w->name, res[i].error);
      errors++;
    } else {
      res[i].t = measure(w);
      res[i].done = 1;
      res[i].ns = res[i].t.per_call * 1e9;
      double flops = 2.0 * w->batch * (double)w->m * w->n * w->k;
      res[i].value = flops / res[i].ns;
      char tb[32];
      fmt_time(tb, sizeof tb, res[i].ns);
      printf("%-*s %10.3f %-8s %14s/op  spread %5.1f%%  reps %ld\n", NAME_W, w->name, res[i].value,
             "GFLOPS", tb, 100 * res[i].t.spread, res[i].t.reps);
    }
    fflush(stdout);
    teardown(w);
  }
  const double load1 = loadavg1(), others = other_cpus(cpu0, cpu_sample());

  if (opt.out) {
    FILE *f = fopen(opt.out, "w");
    if (!f) die("cannot write %s: %s", opt.out, strerror(errno));
    fprintf(f, "{\n \"tool\": \"cblas\",\n \"threads\": %d,\n \"quick\": %s,\n \"results\": {", threads,
            opt.quick ? "true" : "false");
    int first = 1;
    for (int i = 0; i < NWORK; i++) {
      if (!res[i].done) continue;
      fprintf(f, "%s\n  ", first ? "" : ",");
      first = 0;
      json_str(f, workloads[i].name);
      fputs(": {\"value\": ", f);
      json_num(f, res[i].value);
      fprintf(f, ", \"unit\": \"GFLOPS\", \"reps\": %ld, \"batches\": %d, \"ops_per_call\": 1, \"ns_per_op\": ",
              res[i].t.reps, res[i].t.batches);
      json_num(f, res[i].ns);
      fputs(", \"spread\": ", f);
      json_num(f, res[i].t.spread);
      fputs("}", f);
    }
    fputs(first ? "},\n" : "\n },\n", f);
    if (errors) {
      fputs(" \"errors\": {", f);
      first = 1;
      for (int i = 0; i < NWORK; i++) {
        if (!res[i].error) continue;
        fprintf(f, "%s\n  ", first ? "" : ",");
        first = 0;
        json_str(f, workloads[i].name);
        fputs(": ", f);
        json_str(f, res[i].error);
      }
      fputs("\n },\n", f);
    }
    fputs(" \"meta\": {\n  \"versions\": ", f);
    json_str(f, config);
    fputs(",\n  \"blas_core\": ", f);
    json_str(f, core);
    fputs(",\n  \"blas\": {\"core\": ", f);
    json_str(f, core);
    fputs(", \"config\": ", f);
    json_str(f, config);
    fprintf(f, ", \"num_threads\": %d, \"library\": ", threads);
    json_str(f, library);
    fprintf(f, "},\n  \"date\": \"%s\",\n  \"threads\": %d,\n  \"host\": ", date, threads);
    json_str(f, host);
    fprintf(f, ",\n  \"cpu_count\": %ld,\n  \"clock\": \"CLOCK_MONOTONIC\",\n  \"env\": {",
            sysconf(_SC_NPROCESSORS_ONLN));
    static const char *vars[] = { "OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                                  "OMP_WAIT_POLICY" };
    first = 1;
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
      const char *v = getenv(vars[i]);
      if (!v) continue;
      fputs(first ? "" : ", ", f);
      first = 0;
      json_str(f, vars[i]);
      fputs(": ", f);
      json_str(f, v);
    }
    fputs("},\n  \"loadavg_start\": ", f);
    json_num(f, load0);
    fputs(",\n  \"loadavg_end\": ", f);
    json_num(f, load1);
    fputs(",\n  \"other_cpus\": ", f);
    json_num(f, others);
    if (*note) {
      fputs(",\n  \"notes\": [", f);
      json_str(f, note);
      fputs("]", f);
    }
    fputs("\n }\n}\n", f);
    if (fclose(f)) die("cannot write %s: %s", opt.out, strerror(errno));
  }
  for (int i = 0; i < only_n; i++) regfree(&only_re[i]);
  return errors ? 1 : 0;
}
