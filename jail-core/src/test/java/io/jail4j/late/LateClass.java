package io.jail4j.late;

/** A class the root tests use for the first time only after {@code enter()}. */
public final class LateClass {
    private LateClass() {
    }

    /** Returns a greeting, proving the class loaded. */
    public static String hello() {
        return "late hello";
    }
}
