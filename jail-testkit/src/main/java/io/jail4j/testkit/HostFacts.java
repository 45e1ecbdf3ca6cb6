package io.jail4j.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the test JVM needs to know about the host: root or not, CI or not, a user's ids. */
final class HostFacts {
    /** A drop target as the host resolves it, independently of jail4j. */
    record Ids(long uid, long gid, Set<Long> groups) { }

    private static final Pattern NUMERIC = Pattern.compile("(\\d+):(\\d+)");
    private static final Pattern ID_FIELD = Pattern.compile("(uid|gid)=(\\d+)");
    private static final Pattern GROUP = Pattern.compile("(\\d+)(?:\\([^)]*\\))?");
    private static final Map<String, Ids> CACHE = new ConcurrentHashMap<>();

    private HostFacts() {
    }

    static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Returns this process's effective uid, from {@code /proc/self/status}. */
    static long euid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.split("\\s+")[2]);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the effective uid from /proc/self/status: " + e, e);
        }
        throw new IllegalStateException("/proc/self/status has no Uid line");
    }

    /** Returns whether this process's effective uid is 0, from {@code /proc/self/status}. */
    static boolean root() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /** Parses {@code "uid:gid"}; null for a user name. */
    static Ids numeric(String user) {
        Matcher m = NUMERIC.matcher(user);
        if (!m.matches()) {
            return null;
        }
        long gid = Long.parseLong(m.group(2));
        return new Ids(Long.parseLong(m.group(1)), gid, Set.of(gid));
    }

    /**
     * Resolves a user with the {@code id} command (NSS, as jail4j's {@code getpwnam_r} and
     * {@code getgrouplist} do), once per user and run.
     *
     * @throws IOException naming the user and what {@code id} said
     */
    static Ids ids(String user) throws IOException {
        Ids n = numeric(user);
        if (n != null) {
            return n;
        }
        Ids cached = CACHE.get(user);
        if (cached != null) {
            return cached;
        }
        Ids ids = parseId(user, run("id", "--", user));
        CACHE.put(user, ids);
        return ids;
    }

    /** Parses {@code uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)}. */
    static Ids parseId(String user, String line) throws IOException {
        long uid = -1;
        long gid = -1;
        Matcher m = ID_FIELD.matcher(line);
        while (m.find()) {
            long v = Long.parseLong(m.group(2));
            if (m.group(1).equals("uid") && uid < 0) {
                uid = v;
            } else if (m.group(1).equals("gid") && gid < 0) {
                gid = v;
            }
        }
        int at = line.indexOf("groups=");
        if (uid < 0 || gid < 0 || at < 0) {
            throw new IOException("cannot read the ids of user " + user + " from `id`: " + line.strip());
        }
        Set<Long> groups = new TreeSet<>();
        for (String g : line.substring(at + 7).strip().split(",")) {
            Matcher gm = GROUP.matcher(g.strip());
            if (gm.matches()) {
                groups.add(Long.parseLong(gm.group(1)));
            }
        }
        return new Ids(uid, gid, groups);
    }

    /** Runs a short command and returns its output; throws naming the command on a non-zero exit. */
    static String run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": no exit within 30 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " exited with " + p.exitValue() + ": " + out.strip());
            }
            return out;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", cmd) + ": interrupted", e);
        }
    }
}
