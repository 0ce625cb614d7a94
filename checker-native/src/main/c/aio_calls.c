/*
 * The JNI half of io.github.pathcheck.nativeio.aio.JniAioCalls: the five kernel aio system calls, one line each.
 *
 * Nothing else lives here. Each function passes its arguments to syscall(2) unchanged (integers and addresses
 * of native memory the Java side owns) and returns the kernel's result, or the negative errno on failure, so the
 * Java side never reads errno from another call. No JNIEnv use: no exceptions, no objects, no allocation.
 *
 * Built by checker-native's pom (the "jni" profile, active where /usr/bin/gcc exists), with libc_calls.c, into
 * io/github/pathcheck/nativeio/platform/libpathcheck-linux-<os.arch>.so in the jar.
 */
#include <errno.h>
#include <jni.h>
#include <sys/syscall.h>
#include <unistd.h>

static jint result(long returned) {
  return returned < 0 ? -errno : (jint) returned;
}

JNIEXPORT jint JNICALL Java_io_github_pathcheck_nativeio_aio_JniAioCalls_ioSetup(
    JNIEnv *env, jobject self, jint nr_events, jlong ctxp) {
  return result(syscall(SYS_io_setup, (long) nr_events, (long) ctxp));
}

JNIEXPORT jint JNICALL Java_io_github_pathcheck_nativeio_aio_JniAioCalls_ioDestroy(
    JNIEnv *env, jobject self, jlong ctx) {
  return result(syscall(SYS_io_destroy, (long) ctx));
}

JNIEXPORT jint JNICALL Java_io_github_pathcheck_nativeio_aio_JniAioCalls_ioSubmit(
    JNIEnv *env, jobject self, jlong ctx, jlong nr, jlong iocbpp) {
  return result(syscall(SYS_io_submit, (long) ctx, (long) nr, (long) iocbpp));
}

JNIEXPORT jint JNICALL Java_io_github_pathcheck_nativeio_aio_JniAioCalls_ioCancel(
    JNIEnv *env, jobject self, jlong ctx, jlong iocb, jlong result_event) {
  return result(syscall(SYS_io_cancel, (long) ctx, (long) iocb, (long) result_event));
}

JNIEXPORT jint JNICALL Java_io_github_pathcheck_nativeio_aio_JniAioCalls_ioGetevents(
    JNIEnv *env, jobject self, jlong ctx, jlong min_nr, jlong nr, jlong events, jlong timeout) {
  return result(syscall(SYS_io_getevents, (long) ctx, (long) min_nr, (long) nr, (long) events, (long) timeout));
}
