package io.jail4j.layout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs jailkit's {@code jk_check} on one jail, with a config file of its own, and returns its output lines. */
final class JkCheck {
    static final Path BINARY = Path.of("/usr/sbin/jk_check");

    private JkCheck() {
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /**
     * Checks {@code jail} the way jk_check's documentation suggests: one section for the jail, and
     * {@code ignorepatheverywhere} for a {@code proc} mounted inside (jk_check would otherwise read
     * every file under it, {@code /proc/kmsg} included, which blocks).
     */
    static List<String> run(Path jail, Path work, boolean ignoreCompare) throws IOException {
        Path config = Files.createTempFile(work, "jk_check-", ".ini");
        String section = "[" + jail + "]\n"
                + (Files.isDirectory(jail.resolve("proc")) ? "ignorepatheverywhere = " + jail.resolve("proc") + "\n" : "")
                + (ignoreCompare ? "ignorepathoncompare = " + jail + "\n" : "");
        Files.writeString(config, section);
        try {
            return RootTrees.exec(300, BINARY.toString(), "-c", config.toString()).output.lines().toList();
        } finally {
            Files.delete(config);
        }
    }
}
