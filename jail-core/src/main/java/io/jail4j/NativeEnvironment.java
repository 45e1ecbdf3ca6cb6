package io.jail4j;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import io.jail4j.libc.LibC;
import jnr.ffi.Pointer;

/**
 * The process environment through glibc ({@code setenv}, {@code unsetenv}, {@code clearenv},
 * {@code getenv}), with the strings of the window copied to native memory before the chroot.
 */
final class NativeEnvironment extends NativePart {
    /** C strings of the environment {@link #prepare} set up before the point of no return. */
    private final Map<String, Pointer> preparedStrings = new HashMap<>();

    NativeEnvironment(LibC libc) {
        super(libc);
    }

    void prepare(Collection<String> strings) {
        for (String text : strings) {
            preparedStrings.computeIfAbsent(text, NativePart::nativeString);
        }
    }

    private Pointer prepared(String text) {
        Pointer p = preparedStrings.get(text);
        return p != null ? p : nativeString(text);
    }

    void setenv(String name, String value) throws SystemCallException {
        if (libc.setenv(prepared(name), prepared(value), 1) != 0) {
            throw failure("setenv(" + q(name) + ", " + q(value) + ", 1)");
        }
    }

    void unsetenv(String name) throws SystemCallException {
        if (libc.unsetenv(prepared(name)) != 0) {
            throw failure("unsetenv(" + q(name) + ")");
        }
    }

    void clearenv() throws SystemCallException {
        if (libc.clearenv() != 0) {
            throw failure("clearenv()");
        }
    }

    String getenv(String name) {
        return libc.getenv(name);
    }

    /** Makes setenv and unsetenv once with an empty name (EINVAL), so that their stubs are bound. */
    void rehearse(Pointer empty) {
        libc.setenv(empty, empty, 0);
        libc.unsetenv(empty);
    }
}
