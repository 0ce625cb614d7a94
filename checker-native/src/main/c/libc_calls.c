/*
 * The JNI half of io.github.pathcheck.nativeio.JniLibcCalls: the libc calls a host makes to open a path and
 * prepare it for a check (open, close, fcntl, statx, two block-device ioctls, mmap, munmap), so that opening
 * and checking a path needs no JNA, whose first use costs a subprocess (ldconfig -p) and a library extraction.
 *
 * Each function passes its arguments to libc unchanged and returns the result, or the negative errno on
 * failure, so the Java side never reads errno from another call. JNIEnv is used only to copy a path in, the
 * fields of a statx out, and to wrap native memory the Java side owns in a direct buffer; never to throw.
 *
 * Built by checker-native's pom (the "jni" profile, active where /usr/bin/gcc exists), with aio_calls.c, into
 * io/github/pathcheck/nativeio/platform/libpathcheck-linux-<os.arch>.so in the jar.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <jni.h>
#include <limits.h>
#include <linux/fs.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* The order of the fields statx writes into the Java long[]: LibcCalls.STATX_* */
enum { MODE, SIZE, RDEV_MAJOR, RDEV_MINOR, INO, DEV_MAJOR, DEV_MINOR, FIELDS };

static jint int_result(int returned) {
  return returned < 0 ? -errno : returned;
}

JNIEXPORT jint JNICALL Java_io_github_pathcheck_nativeio_JniLibcCalls_open0(
    JNIEnv *env, jobject self, jbyteArray path, jint flags, jint mode) {
  char name[PATH_MAX];
  jsize length = (*env)->GetArrayLength(env, path);
  if (length >= PATH_MAX) {
    return -ENAMETOOLONG;
  }
  (*env)->GetByteArrayRegion(env, path, 0, length, (jbyte *) name);
  name[length] = '\0';
  return int_result(open(name, flags, (mode_t) mode));
}

JNIEXPORT jint JNICALL Java_io_github_pathcheck_nativeio_JniLibcCalls_close(JNIEnv *env, jobject self, jint fd) {
  return int_result(close(fd));
}

JNIEXPORT jint JNICALL Java_io_github_pathcheck_nativeio_JniLibcCalls_fcntl(
    JNIEnv *env, jobject self, jint fd, jint cmd, jint arg) {
  return int_result(fcntl(fd, cmd, arg));
}

JNIEXPORT jint JNICALL Java_io_github_pathcheck_nativeio_JniLibcCalls_statx0(
    JNIEnv *env, jobject self, jint fd, jlongArray fields) {
  struct statx stx;
  if (statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx) < 0) {
    return -errno;
  }
  jlong values[FIELDS];
  values[MODE] = stx.stx_mode;
  values[SIZE] = (jlong) stx.stx_size;
  values[RDEV_MAJOR] = stx.stx_rdev_major;
  values[RDEV_MINOR] = stx.stx_rdev_minor;
  values[INO] = (jlong) stx.stx_ino;
  values[DEV_MAJOR] = stx.stx_dev_major;
  values[DEV_MINOR] = stx.stx_dev_minor;
  (*env)->SetLongArrayRegion(env, fields, 0, FIELDS, values);
  return 0;
}

JNIEXPORT jint JNICALL Java_io_github_pathcheck_nativeio_JniLibcCalls_blockSize(
    JNIEnv *env, jobject self, jint fd) {
  int size = 0;
  return ioctl(fd, BLKBSZGET, &size) < 0 ? -errno : size;
}

JNIEXPORT jlong JNICALL Java_io_github_pathcheck_nativeio_JniLibcCalls_blockDeviceSize(
    JNIEnv *env, jobject self, jint fd) {
  uint64_t size = 0;
  if (ioctl(fd, BLKGETSIZE64, &size) < 0) {
    return -errno;
  }
  return size > INT64_MAX ? -EOVERFLOW : (jlong) size;
}

JNIEXPORT jlong JNICALL Java_io_github_pathcheck_nativeio_JniLibcCalls_mapAnonymous(
    JNIEnv *env, jobject self, jlong length) {
  void *address = mmap(NULL, (size_t) length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return address == MAP_FAILED ? -errno : (jlong) (intptr_t) address;
}

JNIEXPORT jint JNICALL Java_io_github_pathcheck_nativeio_JniLibcCalls_munmap(
    JNIEnv *env, jobject self, jlong address, jlong length) {
  return int_result(munmap((void *) (intptr_t) address, (size_t) length));
}

JNIEXPORT jobject JNICALL Java_io_github_pathcheck_nativeio_JniLibcCalls_view(
    JNIEnv *env, jobject self, jlong address, jint capacity) {
  return (*env)->NewDirectByteBuffer(env, (void *) (intptr_t) address, (jlong) capacity);
}
