package io.jail4j.testkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.Set;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.MultipleFailuresError;
import org.opentest4j.ValueWrapper;

/**
 * Sends a throwable from the jailed child as plain data (class name, message, expected and actual
 * values of an assertion, the failures of a {@link MultipleFailuresError}, stack trace, cause,
 * suppressed) and re-creates it in the test JVM. Nothing is deserialized, and no class the child
 * names is instantiated unless it is one of these:
 * <ul>
 * <li>opentest4j's types ({@link AssertionFailedError}, {@link MultipleFailuresError},
 *     {@link TestAbortedException}, {@link TestSkippedException},
 *     {@link IncompleteExecutionException}), {@link AssertionError} and
 *     {@link MissingResourceException}, by their constructors;</li>
 * <li>public, concrete exception types of the JDK's packages in {@link ThrowableFactory#JDK_PACKAGES} (but no
 *     {@link VirtualMachineError}, which JUnit would rethrow as unrecoverable), by reflection on
 *     their {@code (String)} or {@code (String, Throwable)} constructor (or {@code (String, T)}
 *     where the cause is a {@code T}), kept only when the message comes out unchanged.</li>
 * </ul>
 * Anything else arrives as a stand-in that prints like the original: a {@link JailedAssertionError}
 * for an {@link AssertionError} (a failure, as JUnit and surefire count it), else a
 * {@link JailedTestException}. Expected and actual values keep their type when it is a primitive's
 * wrapper, {@code String} or an enum of the class path (looked up by name without initializing the
 * class, and used only when it is an enum); any other value arrives as its string representation.
 * Chains are cut at {@value #MAX_DEPTH} levels and {@value #MAX_THROWABLES} throwables, cycles are
 * cut, and a throwable met twice (the failures of {@code assertAll}, which are also its
 * suppressed) arrives as one instance.
 */
final class ThrowableCodec {
    static final int MAX_DEPTH = 16;
    static final int MAX_THROWABLES = 1024;
    private static final int MAX_FRAMES = 4096;
    private static final int MAX_SUPPRESSED = 64;
    private static final int MAX_DETAILS = 4;
    /** A reference: no throwable. Values from 0 up refer to an earlier throwable of the same payload. */
    private static final int NONE = -1;
    /** A reference: a new throwable follows. */
    private static final int NEW = -2;

    private ThrowableCodec() {
    }

    /** What a writer or reader has met so far: throwables done (by index) and in progress. */
    private static final class Seen {
        final Map<Throwable, Integer> done = new IdentityHashMap<>();
        final Set<Throwable> open = Collections.newSetFromMap(new IdentityHashMap<>());
        final List<Throwable> read = new ArrayList<>();
        int count;
    }

    static void write(FrameFields.Out out, Throwable t) {
        write(out, t, 0, new Seen());
    }

    private static void write(FrameFields.Out out, Throwable t, int depth, Seen seen) {
        if (t != null && seen.done.containsKey(t)) {
            out.integer(seen.done.get(t));
            return;
        }
        if (t == null || depth > MAX_DEPTH || seen.open.contains(t) || seen.count >= MAX_THROWABLES) {
            out.integer(NONE);
            return;
        }
        seen.count++;
        seen.open.add(t);
        out.integer(NEW);
        out.string(t.getClass().getName());
        String message = message(t);
        out.string(message);
        out.flag(t instanceof AssertionError);
        List<String> details = new ArrayList<>();
        List<Throwable> failures = List.of();
        if (t instanceof MissingResourceException) {
            MissingResourceException m = (MissingResourceException) t;
            details.add(m.getClassName());
            details.add(m.getKey());
        } else if (t instanceof MultipleFailuresError) {
            failures = ((MultipleFailuresError) t).getFailures();
            details.add(heading(message, failures.size()));
        }
        out.integer(details.size());
        details.forEach(out::string);
        ValueWrapper expected = null;
        ValueWrapper actual = null;
        if (t instanceof AssertionFailedError) {
            AssertionFailedError a = (AssertionFailedError) t;
            expected = a.isExpectedDefined() ? a.getExpected() : null;
            actual = a.isActualDefined() ? a.getActual() : null;
        }
        AssertionValues.write(out, expected);
        AssertionValues.write(out, actual);
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
        int f = Math.min(failures.size(), MAX_SUPPRESSED);
        out.integer(f);
        for (int i = 0; i < f; i++) {
            write(out, failures.get(i), depth + 1, seen);
        }
        Throwable[] suppressed = t.getSuppressed();
        int n = Math.min(suppressed.length, MAX_SUPPRESSED);
        out.integer(n);
        for (int i = 0; i < n; i++) {
            write(out, suppressed[i], depth + 1, seen);
        }
        seen.open.remove(t);
        seen.done.put(t, seen.done.size());
    }

    private static String message(Throwable t) {
        try {
            return t.getMessage();
        } catch (RuntimeException e) {
            return "(getMessage() threw " + e + ")";
        }
    }

    /** The heading of a {@code MultipleFailuresError}: its message's first line, without the count. */
    private static String heading(String message, int failures) {
        if (message == null) {
            return null;
        }
        String first = message.lines().findFirst().orElse("");
        String count = " (" + failures + (failures == 1 ? " failure)" : " failures)");
        return first.endsWith(count) ? first.substring(0, first.length() - count.length()) : first;
    }

    /** Reads a throwable written by {@link #write}; null if none was. */
    static Throwable read(FrameFields.In in) throws IOException {
        return read(in, 0, new Seen());
    }

    private static Throwable read(FrameFields.In in, int depth, Seen seen) throws IOException {
        int ref = in.integer();
        if (ref == NONE) {
            return null;
        }
        if (ref >= 0 && ref < seen.read.size()) {
            return seen.read.get(ref);
        }
        if (ref != NEW) {
            throw new IOException("control socket: bad throwable reference " + ref);
        }
        if (depth > MAX_DEPTH) {
            throw new IOException("control socket: throwable nested deeper than " + MAX_DEPTH);
        }
        if (++seen.count > MAX_THROWABLES) {
            throw new IOException("control socket: more than " + MAX_THROWABLES + " throwables");
        }
        String className = Objects.requireNonNullElse(in.string(), "(no class name)");
        String message = in.string();
        boolean assertion = in.flag();
        int d = in.count(MAX_DETAILS);
        List<String> details = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            details.add(in.string());
        }
        boolean hasExpected = in.flag();
        ValueWrapper expected = hasExpected ? AssertionValues.read(in) : null;
        boolean hasActual = in.flag();
        ValueWrapper actual = hasActual ? AssertionValues.read(in) : null;
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
        Throwable cause = read(in, depth + 1, seen);
        int f = in.count(MAX_SUPPRESSED);
        List<Throwable> failures = new ArrayList<>();
        for (int i = 0; i < f; i++) {
            Throwable failure = read(in, depth + 1, seen);
            if (failure != null) {
                failures.add(failure);
            }
        }
        ThrowableFactory.Fields fields = new ThrowableFactory.Fields(className, message, assertion, details, hasExpected || hasActual, expected, actual);
        Throwable t = ThrowableFactory.create(fields, cause, failures);
        if (cause != null && t.getCause() != cause) {
            try {
                t.initCause(cause);
            } catch (IllegalStateException | IllegalArgumentException e) {
                t = ThrowableFactory.standIn(fields);
                t.initCause(cause);
            }
        }
        t.setStackTrace(trace);
        int n = in.count(MAX_SUPPRESSED);
        for (int i = 0; i < n; i++) {
            Throwable s = read(in, depth + 1, seen);
            if (s != null && s != t) {
                t.addSuppressed(s);
            }
        }
        seen.read.add(t);
        return t;
    }
}
