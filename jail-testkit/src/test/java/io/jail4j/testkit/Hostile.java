package io.jail4j.testkit;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Types with side effects in their initialization and construction, named by a hostile jailed
 * child to {@link ThrowableCodec}: the test JVM must neither initialize nor instantiate them.
 */
final class Hostile {
    /** Counts constructions of {@link Exception} and {@link Value}. */
    static final AtomicInteger CONSTRUCTED = new AtomicInteger();
    /** The system property {@link Initialized}'s initializer sets. */
    static final String INITIALIZED = "io.jail4j.testkit.Hostile.initialized";

    private Hostile() {
    }

    /** An exception of the class path, not the JDK's: never re-created. */
    static final class Exception extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Exception(String message) {
            super(message);
            CONSTRUCTED.incrementAndGet();
        }
    }

    /** A value that is not a primitive, a string or an enum: arrives as its string form. */
    static final class Value {
        Value() {
            CONSTRUCTED.incrementAndGet();
        }

        @Override
        public String toString() {
            return "hostile value";
        }
    }

    /** Named as an enum value's type or an exception's: never initialized. */
    public static final class Initialized extends RuntimeException {
        private static final long serialVersionUID = 1L;

        static {
            System.setProperty(INITIALIZED, "yes");
        }

        public Initialized(String message) {
            super(message);
        }
    }
}
