package io.jail4j.testkit;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.Set;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.IncompleteExecutionException;
import org.opentest4j.MultipleFailuresError;
import org.opentest4j.TestAbortedException;
import org.opentest4j.TestSkippedException;
import org.opentest4j.ValueWrapper;

/**
 * Re-creates a throwable that {@link ThrowableCodec} received: opentest4j's types,
 * {@link AssertionError} and {@link MissingResourceException} by their constructors, public
 * concrete exception types of {@link #JDK_PACKAGES} by reflection, anything else as a
 * {@link JailedAssertionError} or {@link JailedTestException} stand-in.
 */
final class ThrowableFactory {
    /** The JDK packages whose exception types are re-created as themselves. */
    static final Set<String> JDK_PACKAGES = Set.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io",
            "java.net", "java.nio", "java.nio.channels", "java.nio.charset", "java.nio.file", "java.security",
            "java.text", "java.time", "java.time.format", "java.time.temporal", "java.util", "java.util.concurrent",
            "java.util.regex", "java.util.zip");

    private ThrowableFactory() {
    }

    /** What was sent of one throwable. */
    record Fields(String className, String message, boolean assertion, List<String> details, boolean values,
                  ValueWrapper expected, ValueWrapper actual) {
        String detail(int i) {
            return i < details.size() ? details.get(i) : null;
        }
    }

    /**
     * Returns the throwable {@code f} describes, with {@code cause} where its constructor takes
     * one and {@code failures} for a {@code MultipleFailuresError}.
     */
    static Throwable create(Fields f, Throwable cause, List<Throwable> failures) {
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

    /** Returns the stand-in for a throwable whose type is not re-created. */
    static Throwable standIn(Fields f) {
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
