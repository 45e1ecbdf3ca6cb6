package io.jail4j.testkit;

/** Picks a thread's stack out of a HotSpot thread dump (what {@code kill -QUIT} prints to stdout). */
final class ThreadDumps {
    private ThreadDumps() {
    }

    /** Returns the first {@code max} lines of the last dump's {@code "main"} thread, or "" if there is none. */
    static String mainThread(String output, int max) {
        int at = output.lastIndexOf("\n\"main\" ");
        if (at < 0) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        int lines = 0;
        for (String line : output.substring(at + 1).split("\n")) {
            if (line.isBlank() || lines == max) {
                break;
            }
            s.append("  ").append(line.strip()).append('\n');
            lines++;
        }
        return s.toString();
    }
}
