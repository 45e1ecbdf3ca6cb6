package io.jail4j.testkit;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;
import org.opentest4j.TestSkippedException;
import org.opentest4j.ValueWrapper;

/**
 * Sends a throwable from the jailed child as plain data (class name, message, expected and actual
 * values of an assertion, stack trace, cause, suppressed) and re-creates it in the test JVM.
 * Nothing is deserialized: the JDK's own exception types (by their {@code (String)} constructor)
 * and opentest4j's assertion, abort and skip types are re-created as such, everything else as a
 * {@link JailedTestException} that prints like the original. Chains are cut at
 * {@value #MAX_DEPTH} causes, and cycles are cut.
 */
final class ThrowableCodec {
    static final int MAX_DEPTH = 16;
    private static final int MAX_FRAMES = 4096;
    private static final int MAX_SUPPRESSED = 64;

    private ThrowableCodec() {
    }

    static void write(Payload.Out out, Throwable t) {
        write(out, t, 0, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static void write(Payload.Out out, Throwable t, int depth, Set<Throwable> seen) {
        if (t == null || depth > MAX_DEPTH || !seen.add(t)) {
            out.flag(false);
            return;
        }
        out.flag(true);
        out.string(t.getClass().getName());
        out.string(message(t));
        ValueWrapper expected = null;
        ValueWrapper actual = null;
        if (t instanceof AssertionFailedError) {
            AssertionFailedError a = (AssertionFailedError) t;
            expected = a.isExpectedDefined() ? a.getExpected() : null;
            actual = a.isActualDefined() ? a.getActual() : null;
        }
        value(out, expected);
        value(out, actual);
        StackTraceElement[] trace = t.getStackTrace();
        int frames = Math.min(trace.length, MAX_FRAMES);
        out.integer(frames);
        for (int i = 0; i < frames; i++) {
            StackTraceElement e = trace[i];
            out.string(e.getClassLoaderName()).string(e.getModuleName()).string(e.getModuleVersion())
                    .string(e.getClassName()).string(e.getMethodName()).string(e.getFileName())
                    .integer(e.getLineNumber());
        }
        write(out, t.getCause(), depth + 1, seen);
        Throwable[] suppressed = t.getSuppressed();
        int n = Math.min(suppressed.length, MAX_SUPPRESSED);
        out.integer(n);
        for (int i = 0; i < n; i++) {
            write(out, suppressed[i], depth + 1, seen);
        }
    }

    private static String message(Throwable t) {
        try {
            return t.getMessage();
        } catch (RuntimeException e) {
            return "(getMessage() threw " + e + ")";
        }
    }

    private static void value(Payload.Out out, ValueWrapper v) {
        out.flag(v != null);
        if (v != null) {
            out.string(v.getStringRepresentation());
        }
    }

    /** Reads a throwable written by {@link #write}; null if none was. */
    static Throwable read(Payload.In in) throws IOException {
        return read(in, 0);
    }

    private static Throwable read(Payload.In in, int depth) throws IOException {
        if (!in.flag()) {
            return null;
        }
        if (depth > MAX_DEPTH) {
            throw new IOException("control socket: throwable nested deeper than " + MAX_DEPTH);
        }
        String className = Objects.requireNonNullElse(in.string(), "(no class name)");
        String message = in.string();
        boolean hasExpected = in.flag();
        String expected = hasExpected ? in.string() : null;
        boolean hasActual = in.flag();
        String actual = hasActual ? in.string() : null;
        int frames = in.count(MAX_FRAMES);
        StackTraceElement[] trace = new StackTraceElement[frames];
        for (int i = 0; i < frames; i++) {
            String loader = in.string();
            String module = in.string();
            String version = in.string();
            String declaring = Objects.requireNonNullElse(in.string(), "?");
            String method = Objects.requireNonNullElse(in.string(), "?");
            String file = in.string();
            trace[i] = new StackTraceElement(loader, module, version, declaring, method, file, in.integer());
        }
        Throwable cause = read(in, depth + 1);
        Throwable t = create(className, message, hasExpected || hasActual, expected, actual);
        if (cause != null) {
            try {
                t.initCause(cause);
            } catch (IllegalStateException | IllegalArgumentException e) {
                t = new JailedTestException(className, message);
                t.initCause(cause);
            }
        }
        t.setStackTrace(trace);
        int n = in.count(MAX_SUPPRESSED);
        for (int i = 0; i < n; i++) {
            Throwable s = read(in, depth + 1);
            if (s != null && s != t) {
                t.addSuppressed(s);
            }
        }
        return t;
    }

    private static Throwable create(String className, String message, boolean values, String expected, String actual) {
        switch (className) {
            case "org.opentest4j.AssertionFailedError":
                return values ? new AssertionFailedError(message, expected, actual) : new AssertionFailedError(message);
            case "org.opentest4j.TestAbortedException":
                return new TestAbortedException(message);
            case "org.opentest4j.TestSkippedException":
                return new TestSkippedException(message);
            case "java.lang.AssertionError":
                return message == null ? new AssertionError() : new AssertionError(message);
            default:
                break;
        }
        if (className.startsWith("java.")) {
            try {
                Class<?> type = Class.forName(className, false, ClassLoader.getPlatformClassLoader());
                if (Throwable.class.isAssignableFrom(type) && Modifier.isPublic(type.getModifiers())
                        && !Modifier.isAbstract(type.getModifiers())) {
                    Constructor<?> make = type.getConstructor(String.class);
                    Throwable t = (Throwable) make.newInstance(message);
                    if (Objects.equals(t.getMessage(), message)) {
                        return t;
                    }
                }
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                // not re-creatable: stand in for it below
            }
        }
        return new JailedTestException(className, message);
    }
}
