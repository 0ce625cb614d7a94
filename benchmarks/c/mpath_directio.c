/*
 * mpath-directio: multipath-tools' own directio checker (libcheckdirectio.so, as Debian's multipath-tools
 * package installs it), driven as multipathd drives a checker, for `benchmarks/run-vs-multipath.sh`.
 *
 * The library is loaded with dlopen and its exported entry points looked up with dlsym, as libmultipath's
 * checker loader does: libcheck_init, libcheck_check, libcheck_free, libcheck_reset (the class's reset, which
 * multipathd calls before dlclose when it drops the class) and libcheck_msgtable. Each path is a `struct
 * checker` laid out as in that release's libmultipath/checkers.h (0.9.x: class pointer, fd, timeout,
 * disable, msgid, context, mpcontext); its class is a `struct checker_class` laid out as in checkers.c,
 * because the library asks libmultipath's checker_is_sync(), which reads the class's sync flag.
 *
 * Modes, one measurement per process, one JSON object on standard output:
 *   lifecycle: N descriptors of one device; init N checkers; one synchronous check each (the first round);
 *              free N; reset and dlclose. Prints initMillis, checkMillis, freeMillis, unloadMillis, and
 *              rssBytesPerChecker (VmRSS after the round less before the init, over N).
 *   check:     N checkers; W rounds not counted, then R rounds, each checking every path once. sync: one
 *              check after the other, each waiting for its read (the class's sync flag set). async: start
 *              every check (the library submits the read and answers pending), then passes over the
 *              pending ones, each after a sleep of --wait-micros, as multipathd's loop waits, until none is
 *              pending. Prints microsPerCheck (median of the rounds' wall time over N), cpuMicrosPerCheck.
 *   once:      one path, the whole life of a one-shot check: load, init, sync check, free, reset, dlclose.
 *              Prints the state; time it from outside, as a command.
 *
 * Build: gcc -O2 -Wall -o mpath-directio mpath_directio.c -ldl
 * Usage: mpath-directio --device PATH --mode lifecycle|check|once [--paths N] [--sync|--async]
 *                       [--rounds R] [--warmup W] [--wait-micros US] [--library FILE]
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* multipath-tools 0.9.x, libmultipath/checkers.h: the path states the checkers return */
enum { PATH_WILD, PATH_UNCHECKED, PATH_DOWN, PATH_UP, PATH_SHAKY, PATH_GHOST, PATH_PENDING, PATH_TIMEOUT };
static const char *state_names[] = {"wild", "unchecked", "down", "up", "shaky", "ghost", "pending", "timeout"};

/* multipath-tools 0.9.x, libmultipath/checkers.c: struct checker_class (checker_is_sync reads sync) */
struct mp_checker;
struct mp_checker_class {
  void *node_next, *node_prev; /* struct list_head */
  void *handle;
  int refcount;
  int sync;
  char name[16];
  int (*check)(struct mp_checker *);
  int (*init)(struct mp_checker *);
  int (*mp_init)(struct mp_checker *);
  void (*free)(struct mp_checker *);
  void (*reset)(void);
  void *(*thread)(void *);
  const char **msgtable;
  short msgtable_size;
};

/* multipath-tools 0.9.x, libmultipath/checkers.h: struct checker */
struct mp_checker {
  struct mp_checker_class *cls;
  int fd;
  unsigned int timeout;
  int disable;
  short msgid;
  void *context;
  void **mpcontext;
};

static struct mp_checker_class cls;

static double now_ns(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median(double *values, int n) {
  qsort(values, n, sizeof(double), cmp_double);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static long resident_bytes(void) {
  FILE *status = fopen("/proc/self/status", "r");
  char line[256];
  long kib = -1;
  while (status && fgets(line, sizeof line, status)) {
    if (sscanf(line, "VmRSS: %ld kB", &kib) == 1) break;
  }
  if (status) fclose(status);
  return kib * 1024;
}

static void die(const char *what, const char *detail) {
  fprintf(stderr, "mpath-directio: %s: %s\n", what, detail);
  exit(1);
}

static void *symbol(const char *name) {
  void *found = dlsym(cls.handle, name);
  if (!found) die(name, dlerror());
  return found;
}

/* Loads the class as libmultipath's add_checker_class does, and quiets libmultipath's log. */
static void load(const char *library, int sync) {
  cls.handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
  if (!cls.handle) die("dlopen", dlerror());
  int *verbosity = dlsym(cls.handle, "libmp_verbosity");
  if (verbosity) *verbosity = 0;
  snprintf(cls.name, sizeof cls.name, "directio");
  cls.refcount = 1;
  cls.sync = sync;
  cls.check = symbol("libcheck_check");
  cls.init = symbol("libcheck_init");
  cls.free = symbol("libcheck_free");
  cls.reset = symbol("libcheck_reset");
  cls.msgtable = symbol("libcheck_msgtable");
}

static void unload(void) {
  cls.reset();
  dlclose(cls.handle);
}

static struct mp_checker *open_checkers(const char *device, int n) {
  struct mp_checker *checkers = calloc(n, sizeof *checkers);
  if (!checkers) die("calloc", strerror(errno));
  for (int i = 0; i < n; i++) {
    checkers[i].cls = &cls;
    checkers[i].timeout = 300; /* seconds: a slow pass never turns into an abort */
    checkers[i].fd = open(device, O_RDONLY | O_CLOEXEC);
    if (checkers[i].fd < 0) die(device, strerror(errno));
  }
  return checkers;
}

static void init_all(struct mp_checker *checkers, int n) {
  for (int i = 0; i < n; i++) {
    if (cls.init(&checkers[i]) != 0) die("libcheck_init", "failed (see fs.aio-max-nr, or O_DIRECT support)");
  }
}

static void print_states(int *counts) {
  printf("\"states\": {");
  const char *separator = "";
  for (int s = 0; s <= PATH_TIMEOUT; s++) {
    if (counts[s]) {
      printf("%s\"%s\": %d", separator, state_names[s], counts[s]);
      separator = ", ";
    }
  }
  printf("}");
}

static int lifecycle(const char *device, int n) {
  struct mp_checker *checkers = open_checkers(device, n);
  int counts[PATH_TIMEOUT + 1] = {0};
  long rss_before = resident_bytes();
  double start = now_ns(CLOCK_MONOTONIC);
  init_all(checkers, n);
  double init_ns = now_ns(CLOCK_MONOTONIC) - start;
  start = now_ns(CLOCK_MONOTONIC);
  for (int i = 0; i < n; i++) {
    int state = cls.check(&checkers[i]);
    counts[state >= 0 && state <= PATH_TIMEOUT ? state : PATH_WILD]++;
  }
  double check_ns = now_ns(CLOCK_MONOTONIC) - start;
  long rss_after = resident_bytes();
  start = now_ns(CLOCK_MONOTONIC);
  for (int i = 0; i < n; i++) cls.free(&checkers[i]);
  double free_ns = now_ns(CLOCK_MONOTONIC) - start;
  start = now_ns(CLOCK_MONOTONIC);
  unload();
  double unload_ns = now_ns(CLOCK_MONOTONIC) - start;
  printf("{\"paths\": %d, \"initMillis\": %.3f, \"checkMillis\": %.3f, \"freeMillis\": %.3f, \"unloadMillis\": %.3f,"
         " \"rssBytesPerChecker\": %ld, ",
         n, init_ns / 1e6, check_ns / 1e6, free_ns / 1e6, unload_ns / 1e6, (rss_after - rss_before) / n);
  print_states(counts);
  printf(", \"checker\": \"multipath-tools directio\", \"device\": \"%s\"}\n", device);
  for (int i = 0; i < n; i++) close(checkers[i].fd);
  free(checkers);
  return 0;
}

static int check(const char *device, int n, int sync, int rounds, int warmup, int wait_micros) {
  struct mp_checker *checkers = open_checkers(device, n);
  int *states = calloc(n, sizeof *states);
  double *wall = calloc(rounds, sizeof *wall), *cpu = calloc(rounds, sizeof *cpu);
  int counts[PATH_TIMEOUT + 1] = {0};
  if (!states || !wall || !cpu) die("calloc", strerror(errno));
  init_all(checkers, n);
  struct timespec wait = {.tv_sec = wait_micros / 1000000, .tv_nsec = (wait_micros % 1000000) * 1000L};
  for (int round = -warmup; round < rounds; round++) {
    double cpu_start = now_ns(CLOCK_THREAD_CPUTIME_ID), start = now_ns(CLOCK_MONOTONIC);
    int pending = 0;
    for (int i = 0; i < n; i++) {
      states[i] = cls.check(&checkers[i]);
      pending += states[i] == PATH_PENDING;
    }
    while (pending > 0) {
      nanosleep(&wait, NULL);
      pending = 0;
      for (int i = 0; i < n; i++) {
        if (states[i] == PATH_PENDING) {
          states[i] = cls.check(&checkers[i]);
          pending += states[i] == PATH_PENDING;
        }
      }
    }
    if (round >= 0) {
      wall[round] = (now_ns(CLOCK_MONOTONIC) - start) / 1e3 / n;
      cpu[round] = (now_ns(CLOCK_THREAD_CPUTIME_ID) - cpu_start) / 1e3 / n;
    }
  }
  for (int i = 0; i < n; i++) counts[states[i] >= 0 && states[i] <= PATH_TIMEOUT ? states[i] : PATH_WILD]++;
  printf("{\"paths\": %d, \"mode\": \"%s\", \"rounds\": %d, \"microsPerCheck\": %.3f, ", n,
         sync ? "sync" : "async", rounds, median(wall, rounds));
  print_states(counts);
  printf(", \"warmupRounds\": %d, \"cpuMicrosPerCheck\": %.3f, \"waitMicros\": %d,"
         " \"checker\": \"multipath-tools directio\", \"device\": \"%s\"}\n",
         warmup, median(cpu, rounds), sync ? 0 : wait_micros, device);
  for (int i = 0; i < n; i++) cls.free(&checkers[i]);
  unload();
  for (int i = 0; i < n; i++) close(checkers[i].fd);
  free(checkers);
  free(states);
  free(wall);
  free(cpu);
  return 0;
}

static int once(const char *device) {
  struct mp_checker checker = {.cls = &cls, .timeout = 30};
  checker.fd = open(device, O_RDONLY | O_CLOEXEC);
  if (checker.fd < 0) die(device, strerror(errno));
  init_all(&checker, 1);
  int state = cls.check(&checker);
  cls.free(&checker);
  unload();
  close(checker.fd);
  printf("%s directio %s\n", device, state >= 0 && state <= PATH_TIMEOUT ? state_names[state] : "?");
  return 0;
}

int main(int argc, char **argv) {
  const char *device = NULL, *mode = NULL, *library = "/lib/multipath/libcheckdirectio.so";
  int paths = 1, sync = 1, rounds = 10, warmup = 3, wait_micros = 1000;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--device") && i + 1 < argc) device = argv[++i];
    else if (!strcmp(argv[i], "--mode") && i + 1 < argc) mode = argv[++i];
    else if (!strcmp(argv[i], "--library") && i + 1 < argc) library = argv[++i];
    else if (!strcmp(argv[i], "--paths") && i + 1 < argc) paths = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--rounds") && i + 1 < argc) rounds = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--warmup") && i + 1 < argc) warmup = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--wait-micros") && i + 1 < argc) wait_micros = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--sync")) sync = 1;
    else if (!strcmp(argv[i], "--async")) sync = 0;
    else die("unknown option", argv[i]);
  }
  if (!device || !mode || paths <= 0 || rounds <= 0 || warmup < 0 || wait_micros < 0) {
    fprintf(stderr, "usage: mpath-directio --device PATH --mode lifecycle|check|once [--paths N] [--sync|--async]"
                    " [--rounds R] [--warmup W] [--wait-micros US] [--library FILE]\n");
    return 2;
  }
  load(library, !strcmp(mode, "check") ? sync : 1);
  if (!strcmp(mode, "lifecycle")) return lifecycle(device, paths);
  if (!strcmp(mode, "check")) return check(device, paths, sync, rounds, warmup, wait_micros);
  if (!strcmp(mode, "once")) return once(device);
  die("unknown mode", mode);
  return 2;
}
