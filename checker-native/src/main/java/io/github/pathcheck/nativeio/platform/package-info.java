/**
 * What this module's bindings need and no other module sees (the package is not exported): the facts of the
 * Linux architecture the JVM runs on ({@link io.github.pathcheck.nativeio.platform.LinuxArch}: system call
 * numbers, {@code open(2)} flags) and the loader of the module's JNI library ({@link
 * io.github.pathcheck.nativeio.platform.JniLibrary}), which the bindings in {@code nativeio} and {@code
 * nativeio.aio} share.
 */
package io.github.pathcheck.nativeio.platform;
