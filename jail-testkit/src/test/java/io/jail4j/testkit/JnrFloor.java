package io.jail4j.testkit;

import jnr.ffi.LibraryLoader;

/** The benchmark's floor: a JVM that loads jnr-ffi, binds libc, makes one call and exits. */
final class JnrFloor {
    private JnrFloor() {
    }

    /** The one libc call. */
    public interface LibC {
        /** Returns the process id. */
        int getpid();
    }

    public static void main(String[] args) {
        LibC c = LibraryLoader.create(LibC.class).load("c");
        if (c.getpid() <= 0) {
            throw new IllegalStateException("getpid failed");
        }
    }
}
