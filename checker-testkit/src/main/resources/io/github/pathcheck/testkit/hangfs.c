/*
 * hangfs: a one-file FUSE file system whose reads can be held until the test releases them, for
 * pathcheck's contract kit (io.github.pathcheck.testkit.HangingDevice). It speaks the kernel's FUSE protocol
 * on /dev/fuse itself (linux/fuse.h), so it needs no libfuse and no fusermount: only root, /dev/fuse and gcc.
 *
 *   hangfs MOUNTPOINT SIZE PARENT_PID
 *
 * Mounts MOUNTPOINT holding one regular file, disk.img, of SIZE zero bytes, opened with FOPEN_DIRECT_IO so that
 * every read reaches this daemon (none is served from the page cache). Commands on stdin, one per line, each
 * acknowledged on stdout with "ok <command>":
 *   hang     hold every read from now on, unanswered
 *   release  answer the held reads (with data) and every later one at once
 *   eio      answer the held reads, and every later one, with EIO
 *   count    say "reads N": N reads received since mount, held or answered
 *   quit     answer the held reads with EIO, unmount and exit
 * Stdout also says "mounted" once the file system is mounted and "held N" each time a read is held (N reads
 * held in all). On end of stdin, or once PARENT_PID exits (even killed: it may be stuck in a held read, which
 * only this daemon can end), it does what quit does.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fuse.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#define FILE_NAME "disk.img"
#define FILE_NODE 2
#define MAX_HELD 4096
#define BUFFER_SIZE (1 << 20) + 4096
#define MAX_READ (128 * 1024)

enum mode { SERVE, HANG, FAIL };

struct held_read {
  uint64_t unique;
  uint64_t offset;
  uint32_t size;
};

static int fuse_fd = -1;
static const char *mountpoint;
static uint64_t file_size;
static pid_t parent;
static enum mode mode = SERVE;
static struct held_read held[MAX_HELD];
static int held_count;
static long reads; /* every read received since mount */
static char zeros[MAX_READ];

static void reply(uint64_t unique, int error, const void *payload, size_t size) {
  struct fuse_out_header out = {.len = sizeof(out) + (error ? 0 : size), .error = -error, .unique = unique};
  struct iovec iov[2] = {{&out, sizeof(out)}, {(void *)payload, error ? 0 : size}};
  if (writev(fuse_fd, iov, 2) < 0 && errno != ENOENT) { /* ENOENT: the request was interrupted */
    perror("hangfs: writev /dev/fuse");
  }
}

static void fill_attr(uint64_t node, struct fuse_attr *attr) {
  memset(attr, 0, sizeof(*attr));
  attr->ino = node;
  attr->blksize = 4096;
  if (node == FUSE_ROOT_ID) {
    attr->mode = S_IFDIR | 0755;
    attr->nlink = 2;
  } else {
    attr->mode = S_IFREG | 0644;
    attr->nlink = 1;
    attr->size = file_size;
    attr->blocks = file_size / 512;
  }
}

static void answer_read(uint64_t unique, uint64_t offset, uint32_t size) {
  if (mode == FAIL) {
    reply(unique, EIO, NULL, 0);
    return;
  }
  uint64_t left = offset >= file_size ? 0 : file_size - offset;
  if (size > left) size = (uint32_t)left;
  if (size > MAX_READ) size = MAX_READ;
  reply(unique, 0, zeros, size);
}

static void answer_held(int error) {
  for (int i = 0; i < held_count; i++) {
    if (error) {
      reply(held[i].unique, error, NULL, 0);
    } else {
      answer_read(held[i].unique, held[i].offset, held[i].size);
    }
  }
  held_count = 0;
}

static void quit(void) {
  answer_held(EIO);
  umount2(mountpoint, MNT_DETACH);
  printf("ok quit\n");
  fflush(stdout);
  exit(0);
}

static void handle(char *buffer, ssize_t length) {
  struct fuse_in_header *in = (struct fuse_in_header *)buffer;
  void *arg = buffer + sizeof(*in);
  if ((size_t)length < sizeof(*in)) return;
  switch (in->opcode) {
    case FUSE_INIT: {
      struct fuse_init_in *init = arg;
      struct fuse_init_out out = {0};
      out.major = FUSE_KERNEL_VERSION;
      out.minor = FUSE_KERNEL_MINOR_VERSION;
      out.max_readahead = init->max_readahead;
      out.flags = init->flags & (FUSE_ASYNC_READ | FUSE_ASYNC_DIO | FUSE_BIG_WRITES);
      out.max_background = 64;
      out.congestion_threshold = 48;
      out.max_write = MAX_READ;
      out.time_gran = 1;
      out.max_pages = MAX_READ / 4096;
      reply(in->unique, 0, &out, sizeof(out));
      break;
    }
    case FUSE_LOOKUP: {
      if (in->nodeid != FUSE_ROOT_ID || strcmp((char *)arg, FILE_NAME) != 0) {
        reply(in->unique, ENOENT, NULL, 0);
        break;
      }
      struct fuse_entry_out out = {0};
      out.nodeid = FILE_NODE;
      out.entry_valid = 3600;
      out.attr_valid = 3600;
      fill_attr(FILE_NODE, &out.attr);
      reply(in->unique, 0, &out, sizeof(out));
      break;
    }
    case FUSE_GETATTR: {
      struct fuse_attr_out out = {0};
      out.attr_valid = 3600;
      fill_attr(in->nodeid, &out.attr);
      reply(in->unique, 0, &out, sizeof(out));
      break;
    }
    case FUSE_OPEN:
    case FUSE_OPENDIR: {
      struct fuse_open_out out = {0};
      out.open_flags = in->opcode == FUSE_OPEN ? FOPEN_DIRECT_IO : 0;
      reply(in->unique, 0, &out, sizeof(out));
      break;
    }
    case FUSE_READ: {
      struct fuse_read_in *read = arg;
      reads++;
      if (mode == HANG && held_count < MAX_HELD) {
        held[held_count].unique = in->unique;
        held[held_count].offset = read->offset;
        held[held_count].size = read->size;
        held_count++;
        printf("held %d\n", held_count);
        fflush(stdout);
      } else {
        answer_read(in->unique, read->offset, read->size);
      }
      break;
    }
    case FUSE_READDIR:
      reply(in->unique, 0, NULL, 0);
      break;
    case FUSE_RELEASE:
    case FUSE_RELEASEDIR:
    case FUSE_FLUSH:
    case FUSE_FSYNC:
      reply(in->unique, 0, NULL, 0);
      break;
    case FUSE_STATFS: {
      struct fuse_statfs_out out = {0};
      out.st.bsize = 4096;
      out.st.frsize = 4096;
      out.st.namelen = 255;
      reply(in->unique, 0, &out, sizeof(out));
      break;
    }
    case FUSE_FORGET:
    case FUSE_BATCH_FORGET:
    case FUSE_INTERRUPT: /* a held read stays held: the test decides when it ends */
      break;
    case FUSE_DESTROY:
      reply(in->unique, 0, NULL, 0);
      exit(0);
    default:
      reply(in->unique, ENOSYS, NULL, 0);
  }
}

static void command(const char *line) {
  if (strcmp(line, "hang") == 0) {
    mode = HANG;
  } else if (strcmp(line, "release") == 0) {
    mode = SERVE;
    answer_held(0);
  } else if (strcmp(line, "eio") == 0) {
    mode = FAIL;
    answer_held(EIO);
  } else if (strcmp(line, "count") == 0) {
    printf("reads %ld\n", reads);
  } else if (strcmp(line, "quit") == 0) {
    quit();
  } else {
    printf("unknown %s\n", line);
    fflush(stdout);
    return;
  }
  printf("ok %s\n", line);
  fflush(stdout);
}

/* Whether the parent process is gone or exiting (PF_EXITING in the flags of /proc/PID/stat). */
static int parent_exiting(void) {
  char path[64], stat[4096];
  snprintf(path, sizeof(path), "/proc/%d/stat", (int)parent);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 1;
  ssize_t n = read(fd, stat, sizeof(stat) - 1);
  close(fd);
  if (n <= 0) return 1;
  stat[n] = 0;
  char *p = strrchr(stat, ')');
  if (p == NULL) return 1;
  char state;
  unsigned long flags;
  /* ") S ppid pgrp session tty_nr tpgid flags" */
  if (sscanf(p + 1, " %c %*d %*d %*d %*d %*d %lu", &state, &flags) != 2) return 1;
  return state == 'Z' || state == 'X' || (flags & 0x4) != 0;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: hangfs MOUNTPOINT SIZE PARENT_PID\n");
    return 2;
  }
  mountpoint = argv[1];
  file_size = strtoull(argv[2], NULL, 10);
  parent = (pid_t)atoi(argv[3]);
  signal(SIGPIPE, SIG_IGN);
  fuse_fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
  if (fuse_fd < 0) {
    perror("hangfs: open /dev/fuse");
    return 1;
  }
  char options[256];
  snprintf(options, sizeof(options), "fd=%d,rootmode=40000,user_id=0,group_id=0,allow_other,max_read=%d",
           fuse_fd, MAX_READ);
  if (mount("pathcheck-hangfs", mountpoint, "fuse", MS_NOSUID | MS_NODEV, options) != 0) {
    perror("hangfs: mount");
    return 1;
  }
  printf("mounted\n");
  fflush(stdout);

  char *buffer = malloc(BUFFER_SIZE);
  char line[256];
  size_t line_length = 0;
  struct pollfd fds[2] = {{.fd = fuse_fd, .events = POLLIN}, {.fd = STDIN_FILENO, .events = POLLIN}};
  for (;;) {
    int ready = poll(fds, 2, 200);
    if (ready < 0 && errno != EINTR) {
      perror("hangfs: poll");
      quit();
    }
    if (parent_exiting()) quit();
    if (ready <= 0) continue;
    if (fds[0].revents & POLLIN) {
      ssize_t n = read(fuse_fd, buffer, BUFFER_SIZE);
      if (n < 0) {
        if (errno == ENODEV) exit(0); /* unmounted */
        if (errno != EINTR && errno != EAGAIN && errno != ENOENT) perror("hangfs: read /dev/fuse");
      } else {
        handle(buffer, n);
      }
    } else if (fds[0].revents & (POLLERR | POLLHUP)) {
      exit(0);
    }
    if (fds[1].revents & (POLLIN | POLLHUP)) {
      char c;
      ssize_t n = read(STDIN_FILENO, &c, 1);
      if (n <= 0) quit();
      if (c == '\n') {
        line[line_length] = 0;
        command(line);
        line_length = 0;
      } else if (line_length < sizeof(line) - 1) {
        line[line_length++] = c;
      }
    }
  }
}
