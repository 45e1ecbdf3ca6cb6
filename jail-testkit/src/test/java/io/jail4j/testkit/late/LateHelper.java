package io.jail4j.testkit.late;

/** A class of another package in a class-path directory, first used inside the jail. */
public final class LateHelper {
    private LateHelper() {
    }

    /** Returns a greeting; what matters is that the class could be loaded at all. */
    public static String hello() {
        return "late hello";
    }
}
