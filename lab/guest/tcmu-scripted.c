/*
 * tcmu-scripted: a SCSI logical unit whose answers come from files, served through the kernel's
 * target_core_user (TCMU) ring: the lab's scriptable SCSI device.
 *
 *   tcmu-scripted /dev/uioN SCRIPT_DIR
 *
 * Each command is answered from SCRIPT_DIR, read again for every command, so a test changes the device's
 * answers by writing files while it runs:
 *   - SCRIPT_DIR/<op>-<page> for INQUIRY with EVPD (op 12: the page code) and MODE SENSE(10) (op 5a: CDB
 *     byte 2, page control and page code, so "5a-0a" answers current values and "5a-4a" changeable ones),
 *     SCRIPT_DIR/<op> for any other operation code, all in two lowercase hex digits ("12-c9", "00", "28");
 *   - its content: "good" followed by the data to return as hex bytes (whitespace ignored), or
 *     "sense KEY ASC ASCQ" (hex): CHECK CONDITION with fixed-format sense data; either may follow
 *     "delay MS", which holds the answer (and every command after it) for MS milliseconds, as a device that
 *     stalls; "delay MS" alone holds the built-in answer;
 *   - without a file: built-in answers for what the kernel's sd driver asks (standard INQUIRY, VPD pages 00
 *     and 80, READ CAPACITY(10) and (16), TEST UNIT READY, READ(10) of zeros: an 8 MiB disk of 512-byte
 *     blocks); anything else is ILLEGAL REQUEST, invalid command operation code (20/00).
 *   - MODE SELECT(10) (op 55) writes its parameter list to SCRIPT_DIR/mode-select, in hex, then answers
 *     SCRIPT_DIR/55 or GOOD.
 * It runs until killed.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/target_core_user.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define BLOCKS 16384u
#define BLOCK_SIZE 512u

static const char *dir;

struct answer {
  int sense;               /* 0: GOOD */
  unsigned key, asc, ascq;
  unsigned char data[4096];
  size_t len;
};

static int read_script(const char *name, struct answer *a) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  char word[16] = {0};
  memset(a, 0, sizeof *a);
  if (fscanf(f, "%15s", word) != 1) { fclose(f); return 0; }
  if (strcmp(word, "delay") == 0) {
    unsigned ms = 0;
    if (fscanf(f, "%u", &ms) == 1) {
      struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
      while (nanosleep(&t, &t) != 0 && errno == EINTR) {
      }
    }
    if (fscanf(f, "%15s", word) != 1) { fclose(f); return 0; }
  }
  if (strcmp(word, "sense") == 0) {
    a->sense = 1;
    if (fscanf(f, "%x %x %x", &a->key, &a->asc, &a->ascq) != 3) a->key = 0x4;
  } else {
    unsigned b;
    while (a->len < sizeof a->data && fscanf(f, "%2x", &b) == 1) a->data[a->len++] = (unsigned char)b;
  }
  fclose(f);
  return 1;
}

static void illegal(struct answer *a) {
  memset(a, 0, sizeof *a);
  a->sense = 1;
  a->key = 0x5;
  a->asc = 0x20;
}

static void put32(unsigned char *p, uint32_t v) { p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v; }

static void builtin(const unsigned char *cdb, struct answer *a) {
  memset(a, 0, sizeof *a);
  switch (cdb[0]) {
  case 0x00: /* TEST UNIT READY */
    return;
  case 0x12: /* INQUIRY */
    if (!(cdb[1] & 1)) {
      a->data[2] = 0x06; a->data[3] = 0x02; a->data[4] = 31; a->data[7] = 0x02;
      memcpy(a->data + 8, "PATHCHK SCRIPTED LUN     0001", 28);
      a->len = 36;
    } else if (cdb[2] == 0x00) {
      unsigned char p[] = {0, 0, 0, 2, 0x00, 0x80};
      memcpy(a->data, p, sizeof p); a->len = sizeof p;
    } else if (cdb[2] == 0x80) {
      unsigned char p[] = {0, 0x80, 0, 8, 'S', 'C', 'R', 'I', 'P', 'T', 'E', 'D'};
      memcpy(a->data, p, sizeof p); a->len = sizeof p;
    } else {
      illegal(a); a->asc = 0x24;
    }
    return;
  case 0x25: /* READ CAPACITY(10) */
    put32(a->data, BLOCKS - 1); put32(a->data + 4, BLOCK_SIZE); a->len = 8;
    return;
  case 0x9e: /* READ CAPACITY(16) */
    if ((cdb[1] & 0x1f) != 0x10) { illegal(a); return; }
    put32(a->data + 4, BLOCKS - 1); put32(a->data + 8, BLOCK_SIZE); a->len = 32;
    return;
  case 0x28: /* READ(10): zeros */
    a->len = sizeof a->data;
    return;
  default:
    illegal(a);
  }
}

static void answer_for(const unsigned char *cdb, const struct iovec *iov, uint32_t iov_cnt, void *map,
                       struct answer *a) {
  char name[16];
  if (cdb[0] == 0x55) { /* MODE SELECT(10): keep the parameter list */
    char path[4096];
    snprintf(path, sizeof path, "%s/mode-select", dir);
    FILE *f = fopen(path, "w");
    for (uint32_t i = 0; f && i < iov_cnt; i++) {
      unsigned char *p = (unsigned char *)map + (uintptr_t)iov[i].iov_base;
      for (size_t j = 0; j < iov[i].iov_len; j++) fprintf(f, "%02x ", p[j]);
    }
    if (f) { fputc('\n', f); fclose(f); }
  }
  if ((cdb[0] == 0x12 && (cdb[1] & 1)) || cdb[0] == 0x5a) {
    snprintf(name, sizeof name, "%02x-%02x", cdb[0], cdb[2]);
  } else {
    snprintf(name, sizeof name, "%02x", cdb[0]);
  }
  if (!read_script(name, a)) {
    if (cdb[0] == 0x55) memset(a, 0, sizeof *a);
    else builtin(cdb, a);
  }
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: tcmu-scripted /dev/uioN SCRIPT_DIR\n");
    return 2;
  }
  dir = argv[2];
  int fd = open(argv[1], O_RDWR);
  if (fd < 0) { perror(argv[1]); return 1; }
  char sizepath[256];
  snprintf(sizepath, sizeof sizepath, "/sys/class/uio/%s/maps/map0/size", strrchr(argv[1], '/') + 1);
  FILE *sf = fopen(sizepath, "r");
  unsigned long long size = 0;
  if (!sf || fscanf(sf, "%llx", &size) != 1) { fprintf(stderr, "cannot read %s\n", sizepath); return 1; }
  fclose(sf);
  void *map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) { perror("mmap"); return 1; }
  struct tcmu_mailbox *mb = map;
  fprintf(stderr, "tcmu-scripted: %s, ring at %u, %u bytes, answers from %s\n", argv[1], mb->cmdr_off,
          mb->cmdr_size, dir);

  for (;;) {
    uint32_t events;
    if (read(fd, &events, sizeof events) != sizeof events && errno != EINTR) { perror("read"); return 1; }
    int done = 0;
    __sync_synchronize();
    while (mb->cmd_tail != mb->cmd_head) {
      struct tcmu_cmd_entry *ent = (void *)((char *)map + mb->cmdr_off + mb->cmd_tail);
      uint32_t len = tcmu_hdr_get_len(ent->hdr.len_op);
      if (tcmu_hdr_get_op(ent->hdr.len_op) == TCMU_OP_CMD) {
        const unsigned char *cdb = (unsigned char *)map + ent->req.cdb_off;
        uint32_t iov_cnt = ent->req.iov_cnt;
        struct iovec iov[64];
        if (iov_cnt > 64) iov_cnt = 64;
        memcpy(iov, ent->req.iov, iov_cnt * sizeof *iov);
        static struct answer a;
        answer_for(cdb, iov, iov_cnt, map, &a);
        if (a.sense) {
          memset(ent->rsp.sense_buffer, 0, sizeof ent->rsp.sense_buffer);
          ent->rsp.sense_buffer[0] = 0x70;
          ent->rsp.sense_buffer[2] = (char)a.key;
          ent->rsp.sense_buffer[7] = 10;
          ent->rsp.sense_buffer[12] = (char)a.asc;
          ent->rsp.sense_buffer[13] = (char)a.ascq;
          ent->rsp.scsi_status = 0x02;
        } else {
          size_t off = 0;
          if (cdb[0] != 0x55) {
            for (uint32_t i = 0; i < iov_cnt; i++) {
              unsigned char *p = (unsigned char *)map + (uintptr_t)iov[i].iov_base;
              size_t n = iov[i].iov_len;
              memset(p, 0, n);
              if (off < a.len) memcpy(p, a.data + off, a.len - off < n ? a.len - off : n);
              off += n;
            }
          }
          ent->rsp.scsi_status = 0;
        }
      } /* PAD and TMR entries are only skipped */
      __sync_synchronize();
      mb->cmd_tail = (mb->cmd_tail + len) % mb->cmdr_size;
      done = 1;
    }
    if (done) {
      uint32_t one = 1;
      if (write(fd, &one, sizeof one) != sizeof one) { perror("write"); return 1; }
    }
  }
}
