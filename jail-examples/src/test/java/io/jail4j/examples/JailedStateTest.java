package io.jail4j.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class JailedStateTest {

    @Test
    void unjailedProcess_describe_showsItsIdsAndThatTheHostFileIsVisible() throws IOException {
        String[] uid = field("Uid").split("\\s+");
        String[] gid = field("Gid").split("\\s+");

        String text = JailedState.describe(Path.of("/srv/jail"));

        assertTrue(text.contains("\n  pid:                        " + ProcessHandle.current().pid() + "\n"), text);
        assertTrue(text.contains("  uid:                        ruid=" + uid[0] + " euid=" + uid[1] + " suid=" + uid[2] + "\n"), text);
        assertTrue(text.contains("  gid:                        rgid=" + gid[0] + " egid=" + gid[1] + " sgid=" + gid[2] + "\n"), text);
        assertTrue(text.contains("  root:                       / (host path /srv/jail)\n"), text);
        assertTrue(text.endsWith("  host file /etc/passwd visible: YES (not jailed!)\n"), text);
    }

    private static String field(String name) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        throw new AssertionError("no " + name + " in /proc/self/status");
    }
}
