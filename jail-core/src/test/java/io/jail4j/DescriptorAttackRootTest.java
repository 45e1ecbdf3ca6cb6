package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Attacks on what a chroot leaves open, each set up as root before {@code enter()} and used after it
 * as the target user by {@link AttackChild} in a forked JVM: a fanotify group, a descriptor in flight
 * on a socketpair, a socket connected as root to a root helper, stdout connected to a root peer,
 * a shared writable mapping of a host file, a writable class-path jar, a child process running as
 * root and the controlling terminal. For each: {@code enter()} refuses (exception type, and the
 * message names the thing and the option that keeps it), the same attack without a jail gets out
 * (the probe can fail), and the documented opt-out lets {@code enter()} pass.
 */
class DescriptorAttackRootTest {
    private static final Path JOURNAL_STDOUT = Path.of("/run/systemd/journal/stdout");

    private Path jail;
    private Path host;
    private Path openSecret;
    private Path rootSecret;
    private HostFixtures.HostUser user;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    static List<Path> jdks() {
        return RootTests.jdks();
    }

    private static Path running() {
        return Path.of(System.getProperty("java.home"));
    }

    @BeforeEach
    void setUp() throws IOException {
        RootTests.requireRoot();
        user = HostFixtures.user();
        jail = HostFixtures.jail();
        host = Files.createTempDirectory("jail4j-attack-");
        Files.setPosixFilePermissions(host, PosixFilePermissions.fromString("rwxr-xr-x"));
        host = host.toRealPath();
        openSecret = host.resolve("open.txt");
        Files.writeString(openSecret, "host secret, readable by anyone who can reach it\n");
        Files.setPosixFilePermissions(openSecret, PosixFilePermissions.fromString("rw-r--r--"));
        rootSecret = host.resolve("root-only.txt");
        Files.writeString(rootSecret, "host secret, root only\n");
        Files.setPosixFilePermissions(rootSecret, PosixFilePermissions.fromString("rw-------"));
    }

    @AfterEach
    void tearDown() throws Exception {
        Collections.reverse(cleanup);
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        HostFixtures.delete(jail);
        HostFixtures.delete(host);
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        cleanup.add(c);
        return c;
    }

    // ---------------------------------------------------------------- harness

    /** What a child printed (lines stripped of a terminal's carriage returns), its exit status and stderr. */
    record Run(List<String> lines, int exit, String stderr) {
        /** The rest of the first line containing {@code prefix}, after it; null if none. */
        String line(String prefix) {
            for (String l : lines) {
                int at = l.indexOf(prefix);
                if (at >= 0) {
                    return l.substring(at + prefix.length()).trim();
                }
            }
            return null;
        }

        String describe() {
            return "exit " + exit + "; stdout: " + String.join(" | ", lines) + "; stderr: " + stderr;
        }
    }

    private ForkedJvm start(Path jdk, List<String> prefix, String classPath, String... args) {
        return closeLater(ForkedJvm.startMain(jdk, prefix, List.of(), classPath, AttackChild.class, args));
    }

    private ForkedJvm start(Path jdk, String... args) {
        return start(jdk, List.of(), System.getProperty("java.class.path"), args);
    }

    /** {@code --jail J --user U} followed by {@code more}. */
    private String[] entering(String... more) {
        List<String> a = new ArrayList<>(List.of("--jail", jail.toString(), "--user", user.name()));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    private static Run finish(ForkedJvm child) {
        child.rest();
        int exit = child.exitCode();
        List<String> lines = new ArrayList<>();
        for (String l : child.seen()) {
            lines.add(l.replace("\r", ""));
        }
        return new Run(lines, exit, child.stderr());
    }

    /** For {@code --wait} children: once READY (unless refused), runs {@code atReady(pid)}, then lets it go on. */
    private static Run drive(ForkedJvm child, LongConsumer atReady) {
        String stage = child.await("STAGE");
        if (!stage.equals("refused")) {
            long pid = Long.parseLong(child.await("READY"));
            atReady.accept(pid);
            child.proceed();
        }
        return finish(child);
    }

    /** Asserts enter() refused with {@code type}; returns the message. Today's escape shows in the failure. */
    private static String assertRefused(Run r, String type) {
        String refused = r.line("REFUSED ");
        if (refused == null) {
            fail("enter() must refuse with " + type + ", but " + (r.line("ENTERED") != null
                    ? "it entered, and then: ATTACK " + r.line("ATTACK ") : "nothing was refused") + "; " + r.describe());
        }
        assertTrue(refused.startsWith(type + " "), "refused with the wrong exception: " + refused);
        assertEquals(3, r.exit(), r.describe());
        assertEquals(null, r.line("ENTERED"), r.describe());
        return refused;
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "the refusal must name \"" + p + "\": " + message);
        }
    }

    private static void assertEntered(Run r) {
        assertTrue(r.line("ENTERED") != null, "enter() must pass: " + r.describe());
        assertTrue(r.lines().stream().anyMatch(l -> l.endsWith("DONE")), r.describe());
        assertEquals(0, r.exit(), r.describe());
    }

    private static void assertEscaped(Run r, String attack) {
        String line = r.line("ATTACK " + attack + " ");
        assertTrue(line != null && line.startsWith("ESCAPED"), "the control run must get out (the probe can fail): "
                + r.describe());
    }

    /** The descriptor numbers of the attack, from {@code SETUP <attack> fds [a, b] ...}. */
    private static List<Integer> setupFds(Run r) {
        String setup = r.line("SETUP ");
        Matcher m = Pattern.compile("fds \\[([0-9, ]*)]").matcher(setup == null ? "" : setup);
        assertTrue(m.find(), "no SETUP fds line: " + r.describe());
        List<Integer> fds = new ArrayList<>();
        for (String n : m.group(1).split(",\\s*")) {
            if (!n.isBlank()) {
                fds.add(Integer.parseInt(n.trim()));
            }
        }
        return fds;
    }

    /** Opens {@code file} from this (the test) JVM: a host open a fanotify group would report. */
    private static void touch(Path file) {
        try {
            Files.readAllBytes(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------- fanotify

    @Test
    void noJail_fanotifyGroup_seesHostFiles() {
        Run r = drive(start(running(), "--no-enter", "--wait", "--attack", "fanotify", "/", openSecret.toString()),
                pid -> touch(openSecret));
        assertEscaped(r, "fanotify");
    }

    @Test
    void fanotifyGroup_enter_refusedNamingFanotifyAndKeep() {
        Run r = drive(start(running(), entering("--close-fds", "--wait", "--attack", "fanotify", "/",
                openSecret.toString())), pid -> touch(openSecret));
        String refused = assertRefused(r, "OpenDescriptorException");
        assertMentions(refused, "fd " + setupFds(r).get(0), "fanotify", "keep(");
    }

    @Test
    void fanotifyGroupKept_enter_passes() {
        Run r = drive(start(running(), entering("--close-fds", "--keep-fd", "attack", "--wait", "--attack", "fanotify",
                "/", openSecret.toString())), pid -> touch(openSecret));
        assertEntered(r);
    }

    // ---------------------------------------------------------------- descriptor in flight

    @Test
    void noJail_directoryInFlight_readsHostFile() {
        Run r = finish(start(running(), "--no-enter", "--attack", "unix-inflight", openSecret.toString()));
        assertEscaped(r, "unix-inflight");
    }

    @Test
    void directoryInFlightOnSocketpair_enter_refusedNamingTheQueuedSocket() {
        Run r = finish(start(running(), entering("--close-fds", "--attack", "unix-inflight", openSecret.toString())));
        String refused = assertRefused(r, "OpenDescriptorException");
        assertMentions(refused, "fd " + setupFds(r).get(1), "keep(");
    }

    @Test
    void directoryInFlightKept_enter_passes() {
        Run r = finish(start(running(), entering("--close-fds", "--keep-fd", "attack", "--attack", "unix-inflight",
                openSecret.toString())));
        assertEntered(r);
    }

    // ---------------------------------------------------------------- socket connected as root to a root peer

    private UnixServer helper() {
        return closeLater(UnixServer.start(host.resolve("helper.sock"), "helper", host.resolve("helper.log")));
    }

    @Test
    void noJail_rootHelperSocket_readsRootOnlyFile() {
        UnixServer server = helper();
        Run r = finish(start(running(), "--no-enter", "--attack", "unix-root-peer", server.socket().toString(),
                rootSecret.toString()));
        assertEscaped(r, "unix-root-peer");
    }

    @Test
    void socketConnectedAsRootToRootPeer_enter_refusedNamingThePeerPid() {
        UnixServer server = helper();
        Run r = finish(start(running(), entering("--close-fds", "--attack", "unix-root-peer",
                server.socket().toString(), rootSecret.toString())));
        assertTrue(server.log().stream().anyMatch(l -> l.matches("PEER \\d+ 0 0")),
                "the peer must have seen a root client: " + server.log());
        String refused = assertRefused(r, "OpenDescriptorException");
        assertMentions(refused, "fd " + setupFds(r).get(0), String.valueOf(server.pid()), "keep(");
    }

    @Test
    void socketToRootPeerKept_enter_passes() {
        UnixServer server = helper();
        Run r = finish(start(running(), entering("--close-fds", "--keep-fd", "attack", "--attack", "unix-root-peer",
                server.socket().toString(), rootSecret.toString())));
        assertEntered(r);
    }

    // ---------------------------------------------------------------- the abstract unix namespace

    /** A root server in the abstract namespace that hands each client the host's {@code /}. */
    private UnixServer rootHandout() {
        String name = "@jail4j-attack-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        return closeLater(UnixServer.start(Path.of(name), "fds", host.resolve("fds.log")));
    }

    @Test
    void abstractSocketWithUnixSocketsLifted_afterEnter_receivesTheHostRoot() {
        UnixServer server = rootHandout();
        Run r = finish(start(running(), entering("--allow", "UNIX_SOCKETS", "--attack", "abstract-socket",
                server.socket().toString().substring(1), openSecret.toString())));
        assertEscaped(r, "abstract-socket");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void abstractSocketAfterEnter_connect_isDeniedByThePolicy(Path jdk) {
        UnixServer server = rootHandout();
        Run r = finish(start(jdk, entering("--attack", "abstract-socket", server.socket().toString().substring(1),
                openSecret.toString())));
        assertEntered(r);
        assertEquals("blocked socket(AF_UNIX): -1 errno 1", r.line("ATTACK abstract-socket "), r.toString());
        assertTrue(server.log().isEmpty(), "nothing may have connected: " + server.log());
    }

    // ---------------------------------------------------------------- stdout on a unix socket

    /** Starts the child with fds 1 and 2 connected to {@code socket}; its protocol lines come on fd 3. */
    private ForkedJvm startOnSocket(Path socket, boolean journaldHeader, String... args) {
        List<String> prefix = List.of(UnixServer.python(), "-c", UnixServer.STDOUT_WRAPPER, socket.toString(),
                journaldHeader ? "header" : "plain");
        List<String> a = new ArrayList<>(List.of("--out-fd", "3"));
        a.addAll(List.of(args));
        return start(running(), prefix, System.getProperty("java.class.path"), a.toArray(new String[0]));
    }

    /** A journald stdout socket: the host's live one, or a stand-in bound at its path (removed afterwards). */
    private UnixServer journal() throws IOException {
        if (Files.exists(JOURNAL_STDOUT, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (SocketChannel ignored = SocketChannel.open(UnixDomainSocketAddress.of(JOURNAL_STDOUT))) {
                return null; // a live journald: use it
            } catch (IOException e) {
                fail(JOURNAL_STDOUT + " exists but nothing listens (" + e + "); not touching it");
            }
        }
        List<Path> created = new ArrayList<>();
        for (Path dir = JOURNAL_STDOUT.getParent(); !Files.exists(dir); dir = dir.getParent()) {
            created.add(0, dir);
        }
        for (Path dir : created) {
            Files.createDirectory(dir);
        }
        cleanup.add(() -> {
            for (int i = created.size() - 1; i >= 0; i--) {
                Files.deleteIfExists(created.get(i));
            }
        });
        return closeLater(UnixServer.start(JOURNAL_STDOUT, "journal", host.resolve("journal.log")));
    }

    /** The descriptor entry for {@code fd} in the report's JSON. */
    private static String descriptor(String json, int fd) {
        Matcher m = Pattern.compile("\\{\"fd\":" + fd + ",[^}]*}").matcher(json);
        assertTrue(m.find(), "no descriptor " + fd + " in the report: " + json);
        return m.group();
    }

    @Test
    void stdoutToJournald_enter_keepsAndReportsStreams() throws IOException {
        UnixServer journal = journal();
        Run r = finish(startOnSocket(JOURNAL_STDOUT, journal == null, entering("--close-fds", "--attack",
                "journald-stdout", rootSecret.toString())));
        assertEntered(r);
        String json = r.line("REPORT ");
        for (int fd : new int[] {1, 2}) {
            String d = descriptor(json, fd);
            assertTrue(d.contains("\"action\":\"kept\"") && d.contains("/run/systemd/journal/stdout"),
                    "fd " + fd + " must be reported as a kept journald stream: " + d);
        }
        if (journal != null) {
            assertTrue(journal.log().contains("LINE cat " + rootSecret),
                    "the jailed process must still write to its journald stdout: " + journal.log());
        }
    }

    @Test
    void noJail_stdoutToRootHelper_readsRootOnlyFile() {
        UnixServer server = helper();
        Run r = finish(startOnSocket(server.socket(), false, "--no-enter", "--attack", "journald-stdout",
                rootSecret.toString()));
        assertEscaped(r, "journald-stdout");
    }

    @Test
    void stdoutToRootPeerNotJournald_enter_refusedNamingFd1() {
        UnixServer server = helper();
        Run r = finish(startOnSocket(server.socket(), false, entering("--close-fds", "--attack", "journald-stdout",
                rootSecret.toString())));
        String refused = assertRefused(r, "OpenDescriptorException");
        assertMentions(refused, "fd 1", String.valueOf(server.pid()), "keep(");
    }

    // ---------------------------------------------------------------- shared writable mapping

    private Path mappedFile() throws IOException {
        Path file = host.resolve("mapped.bin");
        Files.writeString(file, "host secret".repeat(8));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void noJail_sharedMapping_writesHostFile() throws IOException {
        Path file = mappedFile();
        Run r = finish(start(running(), "--no-enter", "--attack", "shared-mapping", file.toString()));
        assertEscaped(r, "shared-mapping");
        assertTrue(Files.readString(file).startsWith("JAILWROTE"), "control: the mapping writes the file");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void sharedWritableMappingOfHostFile_enter_refusedNamingTheFile(Path jdk) throws IOException {
        Path file = mappedFile();
        Run r = finish(start(jdk, entering("--close-fds", "--attack", "shared-mapping", file.toString())));
        String after = Files.readString(file);
        String refused = assertRefused(r, "SharedMappingException");
        assertMentions(refused, file.toString(), "insecureKeepWritable(");
        assertTrue(after.startsWith("host secret"), RootTests.label(jdk) + ": the host file was written: " + after);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void sharedMappingKeptInsecurely_enter_passesAndTheWriteLands(Path jdk) throws IOException {
        Path file = mappedFile();
        Run r = finish(start(jdk, entering("--close-fds", "--insecure-keep-writable", file.toString(),
                "--attack", "shared-mapping", file.toString())));
        assertEntered(r);
        assertTrue(Files.readString(file).startsWith("JAILWROTE"), "the documented opt-out keeps the mapping writable");
    }

    // ---------------------------------------------------------------- writable class-path jar

    /** A copy of a jar of this class path, last on the child's class path. */
    private Path jarCopy() throws IOException {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.endsWith(".jar") && entry.contains("jnr-constants")) {
                Path copy = host.resolve("lib.jar");
                Files.copy(Path.of(entry), copy);
                return copy;
            }
        }
        throw new AssertionError("no jnr-constants jar on the class path");
    }

    private ForkedJvm startWithJar(Path jdk, Path jar, String... args) {
        return start(jdk, List.of(), System.getProperty("java.class.path") + java.io.File.pathSeparator + jar, args);
    }

    @Test
    void noJail_writableJar_appendsToIt() throws IOException {
        Path jar = jarCopy();
        long size = Files.size(jar);
        Run r = finish(startWithJar(running(), jar, "--no-enter", "--attack", "writable-jvm-file", jar.toString()));
        assertEscaped(r, "writable-jvm-file");
        assertTrue(Files.size(jar) > size, "control: the write lands");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void writableClassPathJar_enter_refusedWithoutExemption(Path jdk) throws IOException {
        Path jar = jarCopy();
        long size = Files.size(jar);
        Run r = finish(startWithJar(jdk, jar, entering("--attack", "writable-jvm-file", jar.toString())));
        long after = Files.size(jar);
        String refused = assertRefused(r, "OpenDescriptorException");
        assertMentions(refused, "fd " + setupFds(r).get(0), jar.toString(), "insecureKeepWritable(");
        assertEquals(size, after, RootTests.label(jdk) + ": the jar was written");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void writableClassPathJar_closeFds_neutralisesIt(Path jdk) throws IOException {
        Path jar = jarCopy();
        long size = Files.size(jar);
        Run r = finish(startWithJar(jdk, jar, entering("--close-fds", "--attack", "writable-jvm-file", jar.toString())));
        assertEntered(r);
        assertEquals(size, Files.size(jar), RootTests.label(jdk) + ": a write after enter() reached the jar: "
                + r.line("ATTACK "));
        String d = descriptor(r.line("REPORT "), setupFds(r).get(0));
        assertTrue(d.contains("\"action\":\"neutralised\""), d);
    }

    // ---------------------------------------------------------------- child processes

    private Path childMarker() {
        return host.resolve("child-ran.txt");
    }

    private static long childPid(Run r) {
        Matcher m = Pattern.compile("child (\\d+) up (\\d+)").matcher(String.valueOf(r.line("SETUP ")));
        assertTrue(m.find(), "no child in SETUP: " + r.describe());
        return Long.parseLong(m.group(1));
    }

    @Test
    void noJail_rootChild_runsCommandsAsRoot() throws IOException {
        Run r = finish(start(running(), "--no-enter", "--attack", "root-child", childMarker().toString()));
        assertEscaped(r, "root-child");
        assertEquals("0", Files.readString(childMarker()).trim());
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void liveChildRunningAsRoot_enter_refusedNamingPidAndUid(Path jdk) {
        Run r = finish(start(jdk, entering("--close-fds", "--attack", "root-child", childMarker().toString())));
        String refused = assertRefused(r, "ChildProcessException");
        assertMentions(refused, String.valueOf(childPid(r)), "insecureAllowChildProcesses(");
        assertTrue(refused.matches(".*\\buid\\D{0,3}0\\b.*"), "the refusal must name the child's uid 0: " + refused);
        assertTrue(!Files.exists(childMarker()), "the root child ran a command for the jail");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void rootChildAllowedInsecurely_enter_passes(Path jdk) {
        Run r = finish(start(jdk, entering("--close-fds", "--insecure-allow-children", "--attack", "root-child",
                childMarker().toString())));
        assertEquals(null, r.line("NOAPI"), "the option must exist: " + r.describe());
        assertEntered(r);
    }

    @Test
    void childRunningAsTargetUser_enter_passesAndReportsIt() {
        Run r = finish(start(running(), entering("--close-fds", "--attack", "root-child", "--as",
                user.uid() + ":" + user.gid(), childMarker().toString())));
        assertEntered(r);
        long child = childPid(r);
        assertTrue(r.line("REPORT ").matches(".*\\b" + child + "\\b.*"), "the report must list child " + child + ": "
                + r.line("REPORT "));
        String attack = r.line("ATTACK root-child ");
        assertTrue(attack.startsWith("blocked"), attack);
    }

    // ---------------------------------------------------------------- controlling terminal

    /** Starts the child under {@code script}, which gives it a pty as controlling terminal and fds 0-2. */
    private ForkedJvm startOnTty(Path jdk, String... args) {
        List<String> prefix = List.of("bash", "-c", "exec script -qfec \"$(printf '%q ' \"$@\")\" /dev/null", "bash");
        return start(jdk, prefix, System.getProperty("java.class.path"), args);
    }

    /** Field 7 of {@code /proc/PID/stat}, read from outside. */
    private static long ttyNr(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[4]);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void noJail_terminal_tiocstiInjects() {
        long[] tty = {-1};
        Run r = drive(startOnTty(running(), "--no-enter", "--wait", "--attack", "tty"), pid -> tty[0] = ttyNr(pid));
        assertTrue(tty[0] != 0, "the child must have a controlling terminal: tty_nr " + tty[0]);
        assertEscaped(r, "tty");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void controllingTerminal_enter_detachesAndTiocstiIsDenied(Path jdk) {
        long[] tty = {-1};
        Run r = drive(startOnTty(jdk, entering("--close-fds", "--wait", "--attack", "tty")), pid -> tty[0] = ttyNr(pid));
        assertEntered(r);
        String attack = r.line("ATTACK tty ");
        assertAll(
            () -> assertEquals("blocked TIOCSTI -1 errno 1; TIOCSTI|0xffffffff00000000 -1 errno 1", attack,
                    RootTests.label(jdk) + ": TIOCSTI must fail with EPERM, also with the high bits set"),
            () -> assertEquals(0, tty[0], RootTests.label(jdk)
                    + ": after enter() the process must have no controlling terminal (tty_nr in /proc/PID/stat)"));
    }
}
