/*
 * aio_floor: the C floor for `pathcheck bench check --checker directio`.
 *
 * The same work as the directio checker, with nothing in between: N descriptors of one device opened with
 * O_DIRECT, one 4096-byte read at offset 0 per descriptor and round, through the raw aio system calls
 * (syscall(2); no libaio), into page-aligned buffers, in one aio context of N events.
 *
 *   sync:  for each descriptor: io_submit one read, io_getevents for it, next. With --timeout-ms MS that
 *          io_getevents waits at most MS ms, as a checker's must (a timer in the kernel); by default it waits
 *          with no timeout, the least a sync check can cost.
 *   async: io_submit every read (one call per read, as N independent checkers do), then reap them all with
 *          io_getevents (up to 128 per call, like multipath), blocking until each has completed.
 *
 * With --engine io_uring the same reads go through one io_uring ring of N entries instead of the aio context
 * (uring.h): sync, one io_uring_enter per read submits it and waits for it (with the timeout, if one is
 * given); async, one io_uring_enter per read submits it, then the completions are taken off the shared ring,
 * with an io_uring_enter waiting whenever none is there. Exits 3 where io_uring is refused or cannot wait
 * with a timeout (before Linux 5.11).
 *
 * Prints one JSON object: paths, mode, rounds, microsPerCheck (median over the measured rounds of the round's
 * wall time / N), states (count of up = whole block read, down = anything else), warmupRounds,
 * cpuMicrosPerCheck (the same with this thread's CPU time), timeoutMillis (0: none), checker ("c-floor"),
 * engine, device.
 *
 * Build: gcc -O2 -Wall -o aio-floor aio_floor.c     (benchmarks/run-check-vs-floor.sh does it)
 * Usage: aio-floor --device PATH --paths N --mode sync|async [--rounds R] [--warmup W] [--timeout-ms MS]
 *                  [--engine aio|io_uring]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "uring.h"

#define BLOCK 4096
#define EVENTS_PER_CALL 128

static long io_setup(unsigned nr, aio_context_t *ctx) { return syscall(SYS_io_setup, nr, ctx); }
static long io_destroy(aio_context_t ctx) { return syscall(SYS_io_destroy, ctx); }
static long io_submit(aio_context_t ctx, long nr, struct iocb **iocbs) {
  return syscall(SYS_io_submit, ctx, nr, iocbs);
}
static long io_getevents(aio_context_t ctx, long min, long max, struct io_event *events,
                         struct timespec *timeout) {
  return syscall(SYS_io_getevents, ctx, min, max, events, timeout);
}

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

static void die(const char *what) {
  fprintf(stderr, "aio-floor: %s: %s\n", what, strerror(errno));
  exit(1);
}

/* uring_enter_uninterrupted, or exits naming the failure. */
static void uring_enter_or_die(struct uring *ring, unsigned submit, unsigned wait_for, int timeout_ms) {
  long entered = uring_enter_uninterrupted(ring, submit, wait_for, timeout_ms);
  if (entered < 0) {
    errno = (int) -entered;
    die("io_uring_enter");
  }
}

int main(int argc, char **argv) {
  const char *device = NULL, *mode = "sync", *engine = "aio";
  int paths = 0, rounds = 5, warmup = 3, timeout_ms = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--device")) device = argv[i + 1];
    else if (!strcmp(argv[i], "--paths")) paths = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--mode")) mode = argv[i + 1];
    else if (!strcmp(argv[i], "--rounds")) rounds = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--warmup")) warmup = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--timeout-ms")) timeout_ms = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--engine")) engine = argv[i + 1];
    else {
      fprintf(stderr, "aio-floor: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  int async = !strcmp(mode, "async");
  int uring = !strcmp(engine, "io_uring");
  if (!device || paths <= 0 || rounds <= 0 || warmup < 0 || timeout_ms < 0 || (!async && strcmp(mode, "sync")) ||
      (!uring && strcmp(engine, "aio"))) {
    fprintf(stderr, "usage: aio-floor --device PATH --paths N --mode sync|async [--rounds R] [--warmup W]"
                    " [--timeout-ms MS] [--engine aio|io_uring]\n");
    return 2;
  }

  int *fds = calloc(paths, sizeof(int));
  struct iocb *iocbs = calloc(paths, sizeof(struct iocb));
  struct iocb **pointers = calloc(paths, sizeof(struct iocb *));
  struct io_event events[EVENTS_PER_CALL];
  char *buffers;
  if (!fds || !iocbs || !pointers || posix_memalign((void **)&buffers, 4096, (size_t)paths * BLOCK))
    die("allocation");
  for (int i = 0; i < paths; i++) {
    fds[i] = open(device, O_RDONLY | O_DIRECT | O_CLOEXEC);
    if (fds[i] < 0) die(device);
    iocbs[i].aio_data = i;
    iocbs[i].aio_lio_opcode = IOCB_CMD_PREAD;
    iocbs[i].aio_fildes = fds[i];
    iocbs[i].aio_buf = (uint64_t)(uintptr_t)(buffers + (size_t)i * BLOCK);
    iocbs[i].aio_nbytes = BLOCK;
    iocbs[i].aio_offset = 0;
    pointers[i] = &iocbs[i];
  }
  aio_context_t ctx = 0;
  struct uring ring;
  if (uring) {
    int opened = uring_open(&ring, paths);
    if (opened == -ENOSYS) {
      fprintf(stderr, "aio-floor: io_uring is refused here, or cannot wait with a timeout (Linux 5.11)\n");
      return 3;
    }
    if (opened < 0) {
      errno = -opened;
      die("io_uring_setup");
    }
  } else if (io_setup(paths, &ctx) < 0) {
    die("io_setup");
  }

  double *wall = calloc(rounds, sizeof(double)), *cpu = calloc(rounds, sizeof(double));
  int up = 0, down = 0;
  for (int round = -warmup; round < rounds; round++) {
    up = down = 0;
    double cpu0 = now_ns(CLOCK_THREAD_CPUTIME_ID), wall0 = now_ns(CLOCK_MONOTONIC);
    if (uring) {
      uint64_t user_data;
      int result;
      for (int i = 0; i < paths; i++) {
        uring_push_read(&ring, fds[i], buffers + (size_t)i * BLOCK, BLOCK, i);
        uring_enter_or_die(&ring, 1, async ? 0 : 1, async ? 0 : timeout_ms);
        while (!async && !uring_pop(&ring, &user_data, &result)) uring_enter_or_die(&ring, 0, 1, timeout_ms);
        if (!async) result == BLOCK ? up++ : down++;
      }
      for (int reaped = async ? 0 : paths; reaped < paths;) {
        if (!uring_pop(&ring, &user_data, &result)) {
          uring_enter_or_die(&ring, 0, 1, 0);
          continue;
        }
        result == BLOCK ? up++ : down++;
        reaped++;
      }
    } else if (async) {
      for (int i = 0; i < paths; i++)
        if (io_submit(ctx, 1, &pointers[i]) != 1) die("io_submit");
      for (int reaped = 0; reaped < paths;) {
        long n = io_getevents(ctx, 1, EVENTS_PER_CALL, events, NULL);
        if (n < 0) {
          if (errno == EINTR) continue;
          die("io_getevents");
        }
        for (long e = 0; e < n; e++) events[e].res == BLOCK ? up++ : down++;
        reaped += n;
      }
    } else {
      for (int i = 0; i < paths; i++) {
        if (io_submit(ctx, 1, &pointers[i]) != 1) die("io_submit");
        long n;
        struct timespec timeout = {timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000};
        while ((n = io_getevents(ctx, 1, 1, events, timeout_ms ? &timeout : NULL)) < 0 && errno == EINTR) {
        }
        if (n != 1) die("io_getevents");
        events[0].res == BLOCK ? up++ : down++;
      }
    }
    double wallNs = now_ns(CLOCK_MONOTONIC) - wall0, cpuNs = now_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0;
    if (round >= 0) {
      wall[round] = wallNs / 1000.0 / paths;
      cpu[round] = cpuNs / 1000.0 / paths;
    }
  }
  if (uring) uring_close(&ring);
  else if (io_destroy(ctx) < 0) die("io_destroy");
  for (int i = 0; i < paths; i++) close(fds[i]);

  printf("{\"paths\": %d, \"mode\": \"%s\", \"rounds\": %d, \"microsPerCheck\": %.3f, \"states\": {",
         paths, async ? "async" : "sync", rounds, median(wall, rounds));
  if (down) printf("\"down\": %d%s", down, up ? ", " : "");
  if (up) printf("\"up\": %d", up);
  printf("}, \"warmupRounds\": %d, \"cpuMicrosPerCheck\": %.3f, \"timeoutMillis\": %d, \"checker\": \"c-floor\","
         " \"engine\": \"%s\", \"device\": \"%s\"}\n", warmup, median(cpu, rounds), timeout_ms, engine, device);
  return 0;
}
