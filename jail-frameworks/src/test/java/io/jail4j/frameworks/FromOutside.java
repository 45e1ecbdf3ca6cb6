package io.jail4j.frameworks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What the tests check from outside the jail: a real {@code curl} on loopback, and the child's
 * root directory and user ids as the kernel reports them in {@code /proc}.
 */
final class FromOutside {
    private FromOutside() {
    }

    /**
     * One answer as curl saw it: the last status and headers (names lower-cased), the decoded body,
     * the bytes on the wire and curl's whole output.
     */
    record Answer(int status, Map<String, String> headers, byte[] body, long downloaded, String raw) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Fetches {@code url} with curl ({@code -D -}, the body to a file, plus {@code options} such as
     * {@code --compressed} or {@code --cacert FILE}); fails the test if curl itself fails.
     */
    static Answer curl(Path scratch, String url, String... options) throws IOException, InterruptedException {
        Path body = Files.createTempFile(scratch, "body", ".bin");
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "15", "-D", "-", "-o", body.toString(),
                "-w", "\nDOWNLOADED=%{size_download}\n"));
        cmd.addAll(Arrays.asList(options));
        cmd.add(url);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("curl did not finish: " + cmd);
        }
        assertEquals(0, p.exitValue(), "curl " + url + " failed:\n" + out);
        int status = -1;
        Map<String, String> headers = new TreeMap<>();
        long downloaded = -1;
        for (String line : out.split("\r?\n")) {
            if (line.startsWith("HTTP/")) {
                status = Integer.parseInt(line.split(" ")[1]);
                headers.clear(); // only the last response counts
            } else if (line.startsWith("DOWNLOADED=")) {
                downloaded = Long.parseLong(line.substring(11).trim());
            } else if (line.indexOf(':') > 0) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return new Answer(status, headers, Files.readAllBytes(body), downloaded, out);
    }

    /**
     * Asserts that process {@code pid} has {@code jail} as its root directory and runs as uid 65534
     * (real, effective, saved and file-system).
     */
    static void assertJailedAsNobody(long pid, Path jail) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        assertEquals(jail.toRealPath(), Files.readSymbolicLink(proc.resolve("root")),
                "the child's root directory must be the jail");
        String uid = Files.readAllLines(proc.resolve("status")).stream().filter(l -> l.startsWith("Uid:"))
                .findFirst().orElseThrow();
        assertEquals(List.of("65534", "65534", "65534", "65534"),
                Arrays.asList(uid.substring(4).trim().split("\\s+")), "the child's uids: " + uid);
    }

    /** The lines of {@code stderr} that carry the entry report's warnings. */
    static List<String> warnings(List<String> stderr) {
        List<String> out = new ArrayList<>();
        for (String line : stderr) {
            if (line.startsWith("jail4j warning: ")) {
                out.add(line.substring(16));
            }
        }
        return out;
    }

    /** Asserts that some warning names {@code jarName} and contains every one of {@code words}. */
    static void assertWarned(List<String> warnings, String jarName, String... words) {
        // the class-path warning lists the jars, those with ServiceLoader providers marked *
        boolean services = Arrays.asList(words).contains("ServiceLoader providers");
        java.util.regex.Pattern named = java.util.regex.Pattern.compile("/" + java.util.regex.Pattern.quote(jarName)
                + (services ? "\\*" : "[*,; ]"));
        assertTrue(warnings.stream().anyMatch(w -> named.matcher(w).find()
                && Arrays.stream(words).allMatch(w::contains)),
                "a warning must name " + jarName + (services ? "*" : "") + " with " + Arrays.toString(words) + ": "
                        + warnings);
    }
}
