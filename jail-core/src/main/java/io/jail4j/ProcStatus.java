package io.jail4j;

import java.util.Set;
import java.util.TreeSet;

/**
 * Parses the lines of {@code /proc/PID/status} and {@code /proc/PID/task/TID/status} that the
 * proof reads: {@code Uid}, {@code Gid} (real, effective, saved, filesystem), {@code Groups} and
 * the capability sets.
 */
final class ProcStatus {
    private final String text;

    ProcStatus(String text) {
        this.text = text;
    }

    /** Returns the value after {@code "Name:"}, trimmed, or null if the field is absent. */
    String field(String name) {
        String key = name + ":";
        int at = text.startsWith(key) ? 0 : text.indexOf("\n" + key);
        if (at < 0) {
            return null;
        }
        int start = at == 0 ? key.length() : at + 1 + key.length();
        int end = text.indexOf('\n', start);
        return text.substring(start, end < 0 ? text.length() : end).trim();
    }

    /** Returns the four ids of {@code Uid} or {@code Gid}: real, effective, saved, filesystem. */
    long[] ids(String name) {
        String value = field(name);
        return value == null ? new long[0] : numbers(value);
    }

    /** Parses the numbers after the colon of a {@code Uid:} or {@code Gid:} line. */
    static long[] parseIds(String line) {
        return numbers(line.substring(line.indexOf(':') + 1));
    }

    /** Parses decimal numbers separated by blanks, without regular expressions. */
    static long[] numbers(String text) {
        long[] out = new long[8];
        int count = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
            int start = i;
            while (i < n && text.charAt(i) != ' ' && text.charAt(i) != '\t') {
                i++;
            }
            if (i > start) {
                if (count == out.length) {
                    out = java.util.Arrays.copyOf(out, count * 2);
                }
                out[count++] = Long.parseLong(text, start, i, 10);
            }
        }
        return java.util.Arrays.copyOf(out, count);
    }

    /** Returns the {@code Groups} set (empty when the field is empty or absent). */
    Set<Long> groups() {
        Set<Long> out = new TreeSet<>();
        String value = field("Groups");
        if (value != null) {
            for (long g : numbers(value)) {
                out.add(g);
            }
        }
        return out;
    }

    /** Returns a capability set such as {@code CapEff}, or -1 if absent. */
    long caps(String name) {
        String value = field(name);
        return value == null ? -1 : Long.parseUnsignedLong(value, 16);
    }
}
