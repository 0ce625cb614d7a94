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
 * Raw system calls, so that it builds without libaio or liburing.
 *
 * Build: gcc -O2 -Wall -o read-once read_once.c
 * Usage: read-once --engine aio|io_uring --device PATH
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/io_uring.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

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
  struct io_uring_params params;
  memset(&params, 0, sizeof params);
  int ring = (int) syscall(SYS_io_uring_setup, ENTRIES, &params);
  if (ring < 0) {
    perror("io_uring_setup");
    return 3;
  }
  if (!(params.features & IORING_FEAT_EXT_ARG)) {
    fprintf(stderr, "io_uring_enter cannot wait with a timeout here (no IORING_FEAT_EXT_ARG, Linux 5.11)\n");
    close(ring);
    return 3;
  }
  size_t sq_size = params.sq_off.array + params.sq_entries * sizeof(unsigned);
  size_t cq_size = params.cq_off.cqes + params.cq_entries * sizeof(struct io_uring_cqe);
  int single = params.features & IORING_FEAT_SINGLE_MMAP;
  if (single && cq_size > sq_size) sq_size = cq_size;
  char *sq = mmap(NULL, sq_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring, IORING_OFF_SQ_RING);
  if (sq == MAP_FAILED) return fail("mmap sq ring");
  char *cq = sq;
  if (!single) {
    cq = mmap(NULL, cq_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring, IORING_OFF_CQ_RING);
    if (cq == MAP_FAILED) return fail("mmap cq ring");
  }
  size_t sqes_size = params.sq_entries * sizeof(struct io_uring_sqe);
  struct io_uring_sqe *sqes =
      mmap(NULL, sqes_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring, IORING_OFF_SQES);
  if (sqes == MAP_FAILED) return fail("mmap sqes");

  unsigned *sq_tail = (unsigned *) (sq + params.sq_off.tail);
  unsigned *sq_mask = (unsigned *) (sq + params.sq_off.ring_mask);
  unsigned *sq_array = (unsigned *) (sq + params.sq_off.array);
  unsigned tail = *sq_tail;
  unsigned index = tail & *sq_mask;
  struct io_uring_sqe *sqe = &sqes[index];
  memset(sqe, 0, sizeof *sqe);
  sqe->opcode = IORING_OP_READ;
  sqe->fd = fd;
  sqe->addr = (unsigned long) buffer;
  sqe->len = BLOCK;
  sqe->user_data = 1;
  sq_array[index] = index;
  __atomic_store_n(sq_tail, tail + 1, __ATOMIC_RELEASE);

  struct __kernel_timespec timeout = {30, 0};
  struct io_uring_getevents_arg arg = {.ts = (unsigned long) &timeout};
  long entered = syscall(SYS_io_uring_enter, ring, 1, 1, IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG, &arg,
                         sizeof arg);
  if (entered < 0) return fail("io_uring_enter");
  unsigned *cq_head = (unsigned *) (cq + params.cq_off.head);
  unsigned *cq_tail = (unsigned *) (cq + params.cq_off.tail);
  unsigned *cq_mask = (unsigned *) (cq + params.cq_off.ring_mask);
  struct io_uring_cqe *cqes = (struct io_uring_cqe *) (cq + params.cq_off.cqes);
  unsigned head = *cq_head;
  int up = 0;
  if (head != __atomic_load_n(cq_tail, __ATOMIC_ACQUIRE)) {
    up = cqes[head & *cq_mask].res == BLOCK;
    __atomic_store_n(cq_head, head + 1, __ATOMIC_RELEASE);
  }
  munmap(sqes, sqes_size);
  if (!single) munmap(cq, cq_size);
  munmap(sq, sq_size);
  close(ring);
  return up ? 0 : 1;
}

int main(int argc, char **argv) {
  const char *engine = NULL, *device = NULL;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--engine")) engine = argv[i + 1];
    else if (!strcmp(argv[i], "--device")) device = argv[i + 1];
  }
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
