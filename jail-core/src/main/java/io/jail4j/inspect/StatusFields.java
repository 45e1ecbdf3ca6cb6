package io.jail4j.inspect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code Name:\tvalue} lines of a {@code /proc} status file, looked up by exact field name
 * ({@code Seccomp} does not match {@code Seccomp_filters}).
 */
final class StatusFields {
    private final Map<String, String> fields = new HashMap<>();

    StatusFields(String text) {
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.putIfAbsent(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
    }

    String text(String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no \"" + name + ":\" line");
        }
        return value;
    }

    /** Returns the four id slots of {@code Uid} or {@code Gid}. */
    List<Long> ids(String name) {
        List<Long> ids = numbers(name);
        if (ids.size() != 4) {
            throw new IllegalArgumentException("\"" + name + ":\" has " + ids.size() + " values, expected 4: "
                    + text(name));
        }
        return ids;
    }

    /** Returns the blank-separated decimal numbers of a field (empty for an empty field). */
    List<Long> numbers(String name) {
        String value = text(name);
        List<Long> out = new ArrayList<>();
        for (String token : value.split("\\s+")) {
            if (!token.isEmpty()) {
                out.add(parse(name, token, 10));
            }
        }
        return out;
    }

    long hex(String name) {
        return parse(name, text(name), 16);
    }

    int integer(String name) {
        return Math.toIntExact(parse(name, text(name), 10));
    }

    private static long parse(String name, String token, int radix) {
        try {
            return Long.parseUnsignedLong(token, radix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + name + ":\" has \"" + token + "\", not a base-" + radix
                    + " number", e);
        }
    }
}
