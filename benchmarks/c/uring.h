/*
 * uring.h: the few io_uring calls the C benchmarks make, over the raw system calls (no liburing to install):
 * a ring of a given size, reads pushed one at a time, completions popped from the shared ring, and one
 * io_uring_enter that submits and waits, with a timeout (IORING_ENTER_EXT_ARG, Linux 5.11).
 *
 * Single-threaded: one thread pushes, enters and pops.
 */
#ifndef PATHCHECK_BENCHMARKS_URING_H
#define PATHCHECK_BENCHMARKS_URING_H

#include <errno.h>
#include <linux/io_uring.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

struct uring {
  int fd;
  char *sq, *cq;
  size_t sq_size, cq_size, sqes_size;
  unsigned *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_tail, *cq_mask;
  struct io_uring_sqe *sqes;
  struct io_uring_cqe *cqes;
};

/* Unmaps and closes what `ring` holds, and marks it closed; the kernel tears the ring down on a worker. */
static void uring_close(struct uring *ring) {
  if (ring->sqes && ring->sqes != MAP_FAILED) munmap(ring->sqes, ring->sqes_size);
  if (ring->cq_size && ring->cq && ring->cq != MAP_FAILED) munmap(ring->cq, ring->cq_size);
  if (ring->sq && ring->sq != MAP_FAILED) munmap(ring->sq, ring->sq_size);
  if (ring->fd >= 0) close(ring->fd);
  memset(ring, 0, sizeof *ring);
  ring->fd = -1;
}

/*
 * Sets up a ring of at least `entries` submissions and maps it. Returns 0; else -errno, with nothing left to
 * release (-ENOSYS also when the kernel has no io_uring, refuses it, or cannot wait with a timeout: no
 * IORING_FEAT_EXT_ARG).
 */
static int uring_open(struct uring *ring, unsigned entries) {
  struct io_uring_params params;
  memset(&params, 0, sizeof params);
  memset(ring, 0, sizeof *ring);
  ring->fd = (int) syscall(SYS_io_uring_setup, entries, &params);
  if (ring->fd < 0) {
    int error = errno == EPERM || errno == ENOSYS ? ENOSYS : errno;
    uring_close(ring);
    return -error;
  }
  int error = 0;
  if (!(params.features & IORING_FEAT_EXT_ARG)) error = ENOSYS;
  ring->sq_size = params.sq_off.array + params.sq_entries * sizeof(unsigned);
  ring->cq_size = params.cq_off.cqes + params.cq_entries * sizeof(struct io_uring_cqe);
  int single = params.features & IORING_FEAT_SINGLE_MMAP;
  if (single && ring->cq_size > ring->sq_size) ring->sq_size = ring->cq_size;
  if (!error) {
    ring->sq = mmap(NULL, ring->sq_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring->fd,
                    IORING_OFF_SQ_RING);
    if (ring->sq == MAP_FAILED) error = errno;
  }
  ring->cq = ring->sq;
  if (single) ring->cq_size = 0; /* one mapping, unmapped with the submission ring */
  if (!error && !single) {
    ring->cq = mmap(NULL, ring->cq_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring->fd,
                    IORING_OFF_CQ_RING);
    if (ring->cq == MAP_FAILED) error = errno;
  }
  ring->sqes_size = params.sq_entries * sizeof(struct io_uring_sqe);
  if (!error) {
    ring->sqes = mmap(NULL, ring->sqes_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring->fd,
                      IORING_OFF_SQES);
    if (ring->sqes == MAP_FAILED) error = errno;
  }
  if (error) {
    uring_close(ring);
    return -error;
  }
  ring->sq_tail = (unsigned *) (ring->sq + params.sq_off.tail);
  ring->sq_mask = (unsigned *) (ring->sq + params.sq_off.ring_mask);
  ring->sq_array = (unsigned *) (ring->sq + params.sq_off.array);
  ring->cq_head = (unsigned *) (ring->cq + params.cq_off.head);
  ring->cq_tail = (unsigned *) (ring->cq + params.cq_off.tail);
  ring->cq_mask = (unsigned *) (ring->cq + params.cq_off.ring_mask);
  ring->cqes = (struct io_uring_cqe *) (ring->cq + params.cq_off.cqes);
  return 0;
}

/* Queues a read of `length` bytes at offset 0 of `fd` into `buffer`; io_uring_enter submits it. */
static void uring_push_read(struct uring *ring, int fd, void *buffer, unsigned length, uint64_t user_data) {
  unsigned tail = *ring->sq_tail;
  unsigned index = tail & *ring->sq_mask;
  struct io_uring_sqe *sqe = &ring->sqes[index];
  memset(sqe, 0, sizeof *sqe);
  sqe->opcode = IORING_OP_READ;
  sqe->fd = fd;
  sqe->addr = (uint64_t) (uintptr_t) buffer;
  sqe->len = length;
  sqe->user_data = user_data;
  ring->sq_array[index] = index;
  __atomic_store_n(ring->sq_tail, tail + 1, __ATOMIC_RELEASE);
}

/*
 * Submits `submit` queued reads and waits until at least `wait_for` completions are in the ring, at most
 * `timeout_ms` ms (0: no timeout). Returns what io_uring_enter returns, or -errno.
 */
static long uring_enter(struct uring *ring, unsigned submit, unsigned wait_for, int timeout_ms) {
  struct __kernel_timespec timeout = {timeout_ms / 1000, (long long) (timeout_ms % 1000) * 1000000};
  struct io_uring_getevents_arg arg = {.ts = timeout_ms ? (uint64_t) (uintptr_t) &timeout : 0};
  unsigned flags = wait_for ? IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG : 0;
  long entered = syscall(SYS_io_uring_enter, ring->fd, submit, wait_for, flags, wait_for ? &arg : NULL,
                         wait_for ? sizeof arg : 0);
  return entered < 0 ? -errno : entered;
}

/* uring_enter, again while a signal interrupts it. */
static long uring_enter_uninterrupted(struct uring *ring, unsigned submit, unsigned wait_for, int timeout_ms) {
  long entered;
  while ((entered = uring_enter(ring, submit, wait_for, timeout_ms)) == -EINTR) {
  }
  return entered;
}

/* Takes one completion off the ring into `user_data` and `result`; returns 0 when there is none. */
static int uring_pop(struct uring *ring, uint64_t *user_data, int *result) {
  unsigned head = *ring->cq_head;
  if (head == __atomic_load_n(ring->cq_tail, __ATOMIC_ACQUIRE)) return 0;
  struct io_uring_cqe *cqe = &ring->cqes[head & *ring->cq_mask];
  *user_data = cqe->user_data;
  *result = cqe->res;
  __atomic_store_n(ring->cq_head, head + 1, __ATOMIC_RELEASE);
  return 1;
}

#endif
