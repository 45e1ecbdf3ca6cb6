package io.jail4j.testkit;

/**
 * The failure a jailed test ends with when its child exited without a result: its exit status,
 * the end of its standard error, what HotSpot said on standard output if it could not start, and
 * the likely cause when the output shows one.
 */
final class ChildDeath {
    /** What HotSpot prints (on standard output) when it exits for want of something it loads lazily. */
    static final String VM_EXIT = "Error occurred during initialization of VM";

    private ChildDeath() {
    }

    /** Returns the failure of a child that exited {@code when} (e.g. "while the test ran") without a result. */
    static AssertionError failure(ChildProcess child, String when) {
        String vm = child.stdout().contains(VM_EXIT) ? "; the JVM said on standard output:\n"
                + lastLines(child.stdout().substring(child.stdout().lastIndexOf(VM_EXIT)), 5) : "";
        return new AssertionError("jailed test: the child (pid " + child.pid() + ") exited with status "
                + child.exitValue() + " " + when + ", without a result; its standard error ends with:\n"
                + lastLines(child.stderr(), 20) + vm + hint(child.stderr() + child.stdout()));
    }

    /** Explains a death whose cause the child's output shows, or returns "". */
    static String hint(String output) {
        if (output.contains("error in finding JAR file") && output.contains("jail4j-testkit-")
                || output.contains("Unable to load zip library")) {
            return "Likely cause: a class file load hook (a JFR recording or an agent started inside the jail) while"
                    + " classes came from the testkit's class-data sharing archive: JDK 17 then re-reads each"
                    + " archived class from its jar with the JVM's own zip library, which it loads then, by its host"
                    + " path, which the jail hides. Run this test without the archive: @Jailed(jvmArgs ="
                    + " \"-Xshare:auto\"), or -D" + ChildImage.SHARING + "=false for the whole run.\n";
        }
        return "";
    }

    private static String lastLines(String text, int n) {
        String[] lines = text.split("\n");
        StringBuilder s = new StringBuilder();
        for (int i = Math.max(0, lines.length - n); i < lines.length; i++) {
            s.append("  ").append(lines[i]).append('\n');
        }
        return s.length() == 0 ? "  (nothing)" : s.toString();
    }
}
