package io.jail4j.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A systemd unit file as key/value lines (comments and section headers dropped; repeated keys kept in order). */
final class UnitFile {
    /** Where the shipped unit files are, from the module's directory (Maven's working directory for tests). */
    static final Path DIR = Path.of("..", "docs", "systemd");

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private UnitFile() {
    }

    static UnitFile read(String name) throws IOException {
        UnitFile u = new UnitFile();
        for (String line : Files.readAllLines(DIR.resolve(name))) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith(";") || t.startsWith("[")) {
                continue;
            }
            int eq = t.indexOf('=');
            if (eq > 0) {
                u.values.computeIfAbsent(t.substring(0, eq).strip(), k -> new ArrayList<>()).add(t.substring(eq + 1).strip());
            }
        }
        return u;
    }

    /** Returns the last value of {@code key}; fails if it is not set. */
    String get(String key) {
        List<String> all = values.get(key);
        if (all == null) {
            throw new AssertionError(key + "= is not set");
        }
        return all.get(all.size() - 1);
    }

    /** Returns every value of {@code key}, in order (empty if not set). */
    List<String> all(String key) {
        return values.getOrDefault(key, List.of());
    }

    /** Returns capability names such as {@code CAP_SYS_CHROOT CAP_SETUID} as setpriv's {@code +sys_chroot,+setuid}. */
    static String setprivCaps(String caps) {
        List<String> out = new ArrayList<>();
        for (String c : caps.split("\\s+")) {
            out.add("+" + c.toLowerCase(java.util.Locale.ROOT).replaceFirst("^cap_", ""));
        }
        return String.join(",", out);
    }
}
