package io.jail4j.examples;

import io.jail4j.Credentials;
import io.jail4j.JailException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Collection;

/**
 * The answer the demo gives each client: the live state of the serving process, read when the
 * client connects (pid, ids from the kernel, the root, whether a host file can be seen).
 */
final class JailedState {
    /** A file every host has and an empty jail does not. */
    static final String HOST_FILE = "/etc/passwd";

    private JailedState() {
    }

    /** Describes the calling process; {@code jail} is the jail's host path, shown next to "/". */
    static String describe(Path jail) {
        StringBuilder s = new StringBuilder("jail4j demo: live state of the process that answered\n");
        line(s, "pid", Long.toString(ProcessHandle.current().pid()));
        try {
            Credentials c = Credentials.current();
            line(s, "uid", "ruid=" + c.ruid() + " euid=" + c.euid() + " suid=" + c.suid());
            line(s, "gid", "rgid=" + c.rgid() + " egid=" + c.egid() + " sgid=" + c.sgid());
            line(s, "groups", join(c.groups()));
        } catch (JailException e) {
            line(s, "credentials", "unavailable: " + e.getMessage());
        }
        line(s, "root", "/ (host path " + jail + ")");
        boolean visible = Files.exists(Path.of(HOST_FILE));
        line(s, "host file " + HOST_FILE + " visible", visible ? "YES (not jailed!)" : "no");
        return s.toString();
    }

    private static void line(StringBuilder s, String key, String value) {
        s.append(String.format(Locale.ROOT, "  %-27s %s%n", key + ":", value));
    }

    private static String join(Collection<Long> groups) {
        if (groups.isEmpty()) {
            return "(none)";
        }
        StringBuilder s = new StringBuilder();
        for (long g : groups) {
            s.append(s.length() == 0 ? "" : " ").append(g);
        }
        return s.toString();
    }
}
