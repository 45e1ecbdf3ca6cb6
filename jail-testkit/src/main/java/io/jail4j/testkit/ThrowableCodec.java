package io.jail4j.testkit;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.IncompleteExecutionException;
import org.opentest4j.MultipleFailuresError;
import org.opentest4j.TestAbortedException;
import org.opentest4j.TestSkippedException;
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
 * <li>public, concrete exception types of the JDK's packages in {@link #JDK_PACKAGES} (but no
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

    /** The JDK packages whose exception types are re-created as themselves. */
    static final Set<String> JDK_PACKAGES = Set.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io",
            "java.net", "java.nio", "java.nio.channels", "java.nio.charset", "java.nio.file", "java.security",
            "java.text", "java.time", "java.time.format", "java.time.temporal", "java.util", "java.util.concurrent",
            "java.util.regex", "java.util.zip");

    private static final Map<String, Function<String, Object>> SIMPLE_VALUES = Map.of(
            String.class.getName(), s -> s,
            Integer.class.getName(), Integer::valueOf,
            Long.class.getName(), Long::valueOf,
            Short.class.getName(), Short::valueOf,
            Byte.class.getName(), Byte::valueOf,
            Boolean.class.getName(), ThrowableCodec::bool,
            Character.class.getName(), ThrowableCodec::character,
            Float.class.getName(), Float::valueOf,
            Double.class.getName(), Double::valueOf);

    private ThrowableCodec() {
    }

    private static Object bool(String s) {
        if (!s.equals("true") && !s.equals("false")) {
            throw new IllegalArgumentException(s);
        }
        return Boolean.valueOf(s);
    }

    private static Object character(String s) {
        if (s.length() != 1) {
            throw new IllegalArgumentException(s);
        }
        return s.charAt(0);
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

    private static void value(FrameFields.Out out, ValueWrapper v) {
        out.flag(v != null);
        if (v == null) {
            return;
        }
        Object value = v.getEphemeralValue();
        String type = null;
        String form = null;
        if (value instanceof Enum) {
            type = ((Enum<?>) value).getDeclaringClass().getName();
            form = ((Enum<?>) value).name();
        } else if (value != null) {
            type = value.getClass().getName();
            form = SIMPLE_VALUES.containsKey(type) ? String.valueOf(value) : null;
        }
        out.string(type).string(form).string(v.getStringRepresentation());
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
        ValueWrapper expected = hasExpected ? readValue(in) : null;
        boolean hasActual = in.flag();
        ValueWrapper actual = hasActual ? readValue(in) : null;
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
        Fields fields = new Fields(className, message, assertion, details, hasExpected || hasActual, expected, actual);
        Throwable t = create(fields, cause, failures);
        if (cause != null && t.getCause() != cause) {
            try {
                t.initCause(cause);
            } catch (IllegalStateException | IllegalArgumentException e) {
                t = standIn(fields);
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

    private static ValueWrapper readValue(FrameFields.In in) throws IOException {
        String type = in.string();
        String form = in.string();
        String representation = in.string();
        if (type == null) {
            return ValueWrapper.create(null);
        }
        Object value = rebuild(type, form);
        return value != null ? ValueWrapper.create(value, representation)
                : ValueWrapper.create(representation, representation);
    }

    /** Returns the value of a simple type or enum of that name and form, or null. */
    private static Object rebuild(String type, String form) {
        if (form == null) {
            return null;
        }
        try {
            Function<String, Object> simple = SIMPLE_VALUES.get(type);
            if (simple != null) {
                return simple.apply(form);
            }
            ClassLoader loader = Objects.requireNonNullElse(Thread.currentThread().getContextClassLoader(),
                    ThrowableCodec.class.getClassLoader());
            Class<?> c = Class.forName(type, false, loader); // loaded, not initialized
            if (c.isEnum()) {
                return enumConstant(c.asSubclass(Enum.class), form);
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // not re-creatable: the string form below
        }
        return null;
    }

    private static <E extends Enum<E>> Object enumConstant(Class<E> type, String name) {
        return Enum.valueOf(type, name);
    }

    /** What was sent of one throwable. */
    private record Fields(String className, String message, boolean assertion, List<String> details, boolean values,
                          ValueWrapper expected, ValueWrapper actual) {
        String detail(int i) {
            return i < details.size() ? details.get(i) : null;
        }
    }

    private static Throwable create(Fields f, Throwable cause, List<Throwable> failures) {
        String message = f.message();
        switch (f.className()) {
            case "org.opentest4j.AssertionFailedError":
                return f.values() ? new AssertionFailedError(message, f.expected(), f.actual(), cause)
                        : new AssertionFailedError(message, cause);
            case "org.opentest4j.MultipleFailuresError":
                return new MultipleFailuresError(f.detail(0), failures);
            case "org.opentest4j.TestAbortedException":
                return new TestAbortedException(message, cause);
            case "org.opentest4j.TestSkippedException":
                return new TestSkippedException(message, cause);
            case "org.opentest4j.IncompleteExecutionException":
                return new IncompleteExecutionException(message, cause);
            case "java.lang.AssertionError":
                return message == null ? new AssertionError() : new AssertionError(message, cause);
            case "java.util.MissingResourceException":
                return new MissingResourceException(message, f.detail(0), f.detail(1));
            default:
                break;
        }
        Throwable jdk = jdk(f.className(), message, cause);
        return jdk != null ? jdk : standIn(f);
    }

    private static Throwable standIn(Fields f) {
        if (!f.assertion()) {
            return new JailedTestException(f.className(), f.message());
        }
        return f.values() ? new JailedAssertionError(f.className(), f.message(), f.expected(), f.actual())
                : new JailedAssertionError(f.className(), f.message());
    }

    /** Re-creates a JDK exception of an allowed package by its public constructor, or returns null. */
    private static Throwable jdk(String className, String message, Throwable cause) {
        int dot = className.lastIndexOf('.');
        if (dot < 0 || !JDK_PACKAGES.contains(className.substring(0, dot))) {
            return null;
        }
        try {
            Class<?> type = Class.forName(className, false, ClassLoader.getPlatformClassLoader());
            if (!Throwable.class.isAssignableFrom(type) || VirtualMachineError.class.isAssignableFrom(type)
                    || !Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())
                    || !JDK_PACKAGES.contains(type.getPackageName()) || type.getClassLoader() != null) {
                return null;
            }
            Constructor<?> withCause = null;
            if (cause != null) {
                for (Constructor<?> c : type.getConstructors()) {
                    Class<?>[] p = c.getParameterTypes();
                    if (p.length == 2 && p[0] == String.class && Throwable.class.isAssignableFrom(p[1])
                            && p[1].isInstance(cause) && (withCause == null || p[1] == Throwable.class)) {
                        withCause = c;
                    }
                }
            }
            Throwable t = withCause != null ? (Throwable) withCause.newInstance(message, cause)
                    : (Throwable) type.getConstructor(String.class).newInstance(message);
            return Objects.equals(t.getMessage(), message) ? t : null;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null; // not re-creatable: a stand-in
        }
    }
}
