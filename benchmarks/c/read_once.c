/*
 * read-once: the smallest one-shot directio check, in C, through either of the kernel's asynchronous read
 * interfaces, for `benchmarks/run-vs-multipath.sh`: what a one-shot check costs with each interface's set-up
 * and teardown, apart from any checker library.
 *
 * Opens the device with O_DIRECT, reads its first 4096 bytes into an aligned buffer through a context or ring
 * of 1024 entries (as a directio aio group has), waits at most 30 s for the read's answer, tears the context or
 * ring down (aio's teardown waits for a read still in flight), and prints "up" when the whole block was read,
 * "down" otherwise. Time it from outside, as a command. Exits 2 on a failed call, 3 when the kernel has no
 * io_uring or no io_uring wait with a timeout (IORING_FEAT_EXT_ARG).
 *   aio:      io_setup, io_submit, io_getevents, io_destroy (which waits for two RCU grace periods; an exit
 *             without it waits for them in exit_aio).
 *   io_uring: io_uring_setup and its rings mapped, one IORING_OP_READ, io_uring_enter waiting with a timeout
 *             (IORING_ENTER_EXT_ARG, Linux 5.11), close (the kernel tears the ring down on a worker).
 * Raw system calls (io_uring's through uring.h), so that it builds without libaio or liburing.
 *
 * Build: gcc -O2 -Wall -o read-once read_once.c
 * Usage: read-once --engine aio|io_uring --device PATH
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "uring.h"

#define BLOCK 4096
#define ENTRIES 1024

static int fail(const char *what) {
  perror(what);
  return 2;
}

static int read_with_aio(int fd, void *buffer) {
  aio_context_t context = 0;
  if (syscall(SYS_io_setup, ENTRIES, &context) < 0) return fail("io_setup");
  struct iocb request = {0};
  request.aio_lio_opcode = IOCB_CMD_PREAD;
  request.aio_fildes = fd;
  request.aio_buf = (unsigned long) buffer;
  request.aio_nbytes = BLOCK;
  struct iocb *requests[1] = {&request};
  int status = 1;
  if (syscall(SYS_io_submit, context, 1, requests) != 1) {
    status = fail("io_submit");
  } else {
    struct io_event event;
    struct timespec timeout = {30, 0};
    long got = syscall(SYS_io_getevents, context, 1, 1, &event, &timeout);
    if (got < 0) status = fail("io_getevents");
    else if (got == 1 && event.res == BLOCK) status = 0;
  }
  if (syscall(SYS_io_destroy, context) < 0) return fail("io_destroy");
  return status;
}

static int read_with_io_uring(int fd, void *buffer) {
  struct uring ring;
  int opened = uring_open(&ring, ENTRIES);
  if (opened == -ENOSYS) {
    fprintf(stderr, "read-once: io_uring is refused here, or cannot wait with a timeout (Linux 5.11)\n");
    return 3;
  }
  if (opened < 0) {
    errno = -opened;
    return fail("io_uring_setup");
  }
  int status = 1; /* down, also when no answer came within the 30 s (-ETIME), as aio's wait answers */
  uring_push_read(&ring, fd, buffer, BLOCK, 1);
  long entered = uring_enter_uninterrupted(&ring, 1, 1, 30000);
  uint64_t user_data;
  int result;
  if (entered < 0 && entered != -ETIME) {
    errno = (int) -entered;
    status = fail("io_uring_enter");
  } else if (uring_pop(&ring, &user_data, &result) && result == BLOCK) {
    status = 0;
  }
  uring_close(&ring);
  return status;
}

int main(int argc, char **argv) {
  const char *engine = NULL, *device = NULL;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--engine")) engine = argv[i + 1];
    else if (!strcmp(argv[i], "--device")) device = argv[i + 1];
    else engine = NULL; /* an unknown option: the usage */
  }
  if (argc % 2 == 0) engine = NULL; /* an option without its value */
  if (!engine || !device || (strcmp(engine, "aio") && strcmp(engine, "io_uring"))) {
    fprintf(stderr, "usage: read-once --engine aio|io_uring --device PATH\n");
    return 2;
  }
  int fd = open(device, O_RDONLY | O_DIRECT);
  if (fd < 0) return fail(device);
  void *buffer;
  if (posix_memalign(&buffer, BLOCK, BLOCK)) return fail("posix_memalign");
  int status = strcmp(engine, "aio") ? read_with_io_uring(fd, buffer) : read_with_aio(fd, buffer);
  if (status >= 2) return status;
  puts(status == 0 ? "up" : "down");
  close(fd);
  return 0;
}
