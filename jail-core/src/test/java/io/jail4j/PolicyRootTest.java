package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attacks on what a chroot leaves open, made from inside real jails in forked JVMs
 * ({@link PolicyChild}) as root: the system calls the syscall policy denies, another process of
 * the target user that owns a user namespace, the session keyring, a thread racing the chroot,
 * SIGTERM during {@code enter()}, threads that come and go, and the JVM still working under the
 * policy. Each attack has a control run that shows it can fail.
 */
class PolicyRootTest {
    static final int EPERM = io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.Errno.EPERM);
    static final int ENOSYS = io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.Errno.ENOSYS);
    static final int ENOTTY = io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.Errno.ENOTTY);

    private static Path tool;

    private Path jail;
    private Path marker;
    private HostFixtures.HostUser user;
    private final List<Process> started = new ArrayList<>();

    static List<Path> jdks() {
        return RootTests.jdks();
    }

    @BeforeEach
    void setUp() throws IOException {
        RootTests.requireRoot();
        user = HostFixtures.user();
        jail = HostFixtures.jail();
        marker = HostFixtures.marker();
        RootTests.run("chmod", "0644", marker.toString()); // readable by anyone who reaches it
        Files.writeString(jail.resolve(PolicyChild.INSIDE.substring(1)), "inside\n");
        Files.createDirectory(jail.resolve("tmp"));
        RootTests.run("chmod", "1777", jail.resolve("tmp").toString());
        Files.createDirectory(jail.resolve("sub"));
        Files.createDirectory(jail.resolve("work"));
        RootTests.run("chown", user.uid() + ":" + user.gid(), jail.resolve("work").toString());
        Files.createDirectory(jail.resolve("bin"));
        Files.copy(tool(), jail.resolve("bin/jail-tool"));
        RootTests.run("chmod", "0755", jail.resolve("bin/jail-tool").toString());
    }

    @AfterEach
    void tearDown() {
        for (Process p : started) {
            p.destroyForcibly();
        }
        HostFixtures.delete(jail);
        HostFixtures.delete(marker);
    }

    @AfterAll
    static void deleteTool() {
        if (tool != null) {
            HostFixtures.delete(tool.getParent());
        }
    }

    /** Compiles the static test tool (src/test/c/jail-tool.c) once per run. */
    private static synchronized Path tool() throws IOException {
        if (tool == null) {
            Path source = Path.of("src/test/c/jail-tool.c").toAbsolutePath();
            assertTrue(Files.exists(source), "missing " + source);
            Path dir = Files.createTempDirectory("jail4j-tool-");
            Path out = dir.resolve("jail-tool");
            RootTests.run("cc", "-static", "-O1", "-o", out.toString(), source.toString());
            tool = out;
        }
        return tool;
    }

    /**
     * Makes {@code ProcessBuilder} work inside the jail for this JDK: its {@code jspawnhelper}
     * at the same path, plus the dynamic loader and libc that helper needs.
     */
    private void spawnKit(Path jdk) throws IOException {
        Path home = jdk.toRealPath();
        copyIn(home.resolve("lib/jspawnhelper"));
        copyIn(Path.of("/lib64/ld-linux-x86-64.so.2"));
        copyIn(Path.of("/lib/x86_64-linux-gnu/libc.so.6"));
    }

    private void copyIn(Path host) throws IOException {
        Path to = jail.resolve(host.toString().substring(1));
        Files.createDirectories(to.getParent());
        Files.copy(host.toRealPath(), to, StandardCopyOption.REPLACE_EXISTING);
        RootTests.run("chmod", "0755", to.toString());
    }

    private ForkedJvm child(Path jdk, List<String> prefix, List<String> jvmArgs, String... args) {
        List<String> all = new ArrayList<>(List.of("--jail", jail.toString(), "--user", user.name()));
        all.addAll(List.of(args));
        return ForkedJvm.startMain(jdk, prefix, jvmArgs, System.getProperty("java.class.path"), PolicyChild.class,
                all.toArray(new String[0]));
    }

    private ForkedJvm child(Path jdk, String... args) {
        return child(jdk, List.of(), List.of(), args);
    }

    private static Path running() {
        return Path.of(System.getProperty("java.home"));
    }

    /** Collects {@code PREFIX name value...} lines into name -> rest. */
    private static Map<String, String> lines(List<String> out, String prefix) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : out) {
            if (l.startsWith(prefix + " ")) {
                String[] f = l.substring(prefix.length() + 1).split(" ", 2);
                m.put(f[0], f.length > 1 ? f[1] : "");
            }
        }
        return m;
    }

    private static int code(String value) {
        return Integer.parseInt(value.split(" ")[0]);
    }

    /** The policy as seen from outside: every task's seccomp mode, no_new_privs and filter count. */
    static List<String> seccompViolations(long pid) throws IOException {
        List<String> bad = new ArrayList<>();
        Set<String> counts = new TreeSet<>();
        int tasks = 0;
        try (Stream<Path> all = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : (Iterable<Path>) all::iterator) {
                List<String> status;
                try {
                    status = Files.readAllLines(task.resolve("status"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                tasks++;
                Map<String, String> f = new TreeMap<>();
                for (String line : status) {
                    String[] kv = line.split(":\\s*", 2);
                    if (kv.length == 2) {
                        f.put(kv[0], kv[1].trim());
                    }
                }
                String tid = task.getFileName().toString();
                if (!"2".equals(f.get("Seccomp"))) {
                    bad.add("task " + tid + ": Seccomp " + f.get("Seccomp"));
                }
                if (!"1".equals(f.get("NoNewPrivs"))) {
                    bad.add("task " + tid + ": NoNewPrivs " + f.get("NoNewPrivs"));
                }
                String n = f.get("Seccomp_filters");
                if (n == null || Integer.parseInt(n) < 1) {
                    bad.add("task " + tid + ": Seccomp_filters " + n);
                }
                counts.add(String.valueOf(n));
            }
        }
        if (counts.size() > 1) {
            bad.add("threads disagree on Seccomp_filters: " + counts);
        }
        if (tasks < 10) {
            bad.add("only " + tasks + " tasks: a JVM has more, the listing is wrong");
        }
        return bad;
    }

    // ------------------------------------------------------------------ denied system calls

    /** Every call of {@link PolicyChild#deniedCalls}, the errno the policy must give it. */
    private static Map<String, Integer> expectedDenials() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (PolicyChild.Call c : PolicyChild.deniedCalls(RawSyscalls.get().alloc(8))) {
            m.put(c.name(), c.name().equals("clone3") ? ENOSYS : EPERM);
        }
        return m;
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void policy_everyDeniedCall_failsWithTheDocumentedErrno(Path jdk) throws Exception {
        try (ForkedJvm child = child(jdk, "--mode", "denied", "--pause")) {
            String json = child.await("REPORT");
            long pid = Long.parseLong(child.await("ENTERED"));
            List<String> outside = seccompViolations(pid);
            child.proceed();
            List<String> out = child.rest();
            assertEquals(0, child.exitCode(), child.stderr());
            Map<String, String> got = lines(out, "SYSCALL");
            List<String> wrong = new ArrayList<>();
            expectedDenials().forEach((name, errno) -> {
                String v = got.get(name);
                if (v == null || v.startsWith("SKIPPED") || code(v) != errno) {
                    wrong.add(name + " gave " + v + ", expected errno " + errno);
                }
            });
            Map<String, String> allowed = lines(out, "ALLOWED");
            assertEquals("0", allowed.get("socketpair-unix"), "socketpair(AF_UNIX) must stay allowed: " + out);
            assertEquals("0", allowed.get("socket-inet"), "socket(AF_INET) must stay allowed: " + out);
            assertEquals(String.valueOf(ENOTTY), allowed.get("ioctl-tcgets-pipe"),
                    "ioctl(TCGETS) on a pipe must reach the kernel (ENOTTY), not the policy: " + out);
            assertEquals("0", allowed.get("kill-self-0"), out.toString());
            assertEquals(List.of(), wrong, RootTests.label(jdk) + ": calls the policy must deny");
            assertEquals(List.of(), outside, RootTests.label(jdk) + ": the policy seen from /proc");
            assertTrue(json.contains("\"policy\":["), "the report must list the policy: " + json);
        }
    }

    /** The calls whose errno without a policy differs from EPERM as root in a JVM. */
    private static final List<String> NOT_EPERM_AS_ROOT = List.of("ptrace", "process_vm_readv", "pidfd_open",
            "pidfd_getfd", "pidfd_send_signal", "kcmp", "process_madvise", "setns", "unshare-newuser",
            "unshare-newns-newuser", "clone-newuser", "clone-newns", "clone-newnet", "clone3", "mount", "umount2",
            "pivot_root", "chroot", "open_tree", "fsopen", "fsmount", "fspick", "mount_setattr", "keyctl",
            "add_key", "request_key", "bpf", "perf_event_open", "userfaultfd", "io_uring_setup", "io_uring_enter",
            "io_uring_register", "ioctl-tiocsti", "ioctl-tiocsti-high", "ioctl-tioclinux", "socket-unix",
            "socket-unix-high", "reboot", "swapon", "acct", "iopl", "ioperm", "x32-getpid");

    @Test
    void noPolicy_deniedCallsAsRoot_reachTheKernel() {
        try (ForkedJvm child = child(running(), "--mode", "denied", "--no-enter")) {
            List<String> out = child.rest();
            assertEquals(0, child.exitCode(), child.stderr());
            Map<String, String> got = lines(out, "SYSCALL");
            assertEquals(expectedDenials().keySet(), got.keySet(), "every call must run: " + out);
            List<String> refused = NOT_EPERM_AS_ROOT.stream()
                    .filter(n -> code(got.get(n)) == EPERM || (n.equals("clone3") && code(got.get(n)) == ENOSYS))
                    .map(n -> n + "=" + got.get(n)).collect(Collectors.toList());
            assertEquals(List.of(), refused, "control: without a policy these calls must not look denied: " + got);
            assertEquals("0", got.get("socket-unix"), "control: socket(AF_UNIX) works without a policy");
            assertEquals("0", got.get("socket-unix-high"),
                    "control: the kernel reads only the low 32 bits of the family: " + got);
        }
    }

    // ------------------------------------------------------------------ another process of the user

    /** Starts, outside the jail, a process of the target user that owns a user namespace. */
    private long userNamespaceOwner() throws Exception {
        Process p = new ProcessBuilder("setpriv", "--reuid=" + user.uid(), "--regid=" + user.gid(), "--clear-groups",
                "unshare", "-U", "-r", "sleep", "300").redirectErrorStream(true).start();
        started.add(p);
        long pid = p.pid();
        Path self = Files.readSymbolicLink(Path.of("/proc/self/ns/user"));
        for (int i = 0; i < 500; i++) {
            try {
                String comm = Files.readString(Path.of("/proc", String.valueOf(pid), "comm")).strip();
                Path ns = Files.readSymbolicLink(Path.of("/proc", String.valueOf(pid), "ns/user"));
                if (comm.equals("sleep") && !ns.equals(self)) {
                    return pid;
                }
            } catch (IOException e) {
                // not there yet
            }
            if (!p.isAlive()) {
                fail("the namespace owner ended: " + new String(p.getInputStream().readAllBytes()));
            }
            Thread.sleep(10);
        }
        fail("no process in a new user namespace");
        return -1;
    }

    /** The start of the target's first readable mapping, for process_vm_readv. */
    private static String readableAddress(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "maps"))) {
            String[] f = line.split("\\s+");
            if (f[1].startsWith("r")) {
                return f[0].split("-")[0];
            }
        }
        throw new AssertionError("no readable mapping in " + pid);
    }

    private List<String> otherProcessAttack(Path jdk, String... extra) throws Exception {
        spawnKit(jdk);
        long target = userNamespaceOwner();
        List<String> args = new ArrayList<>(List.of("--mode", "other-process", "--target", String.valueOf(target),
                "--remote-addr", readableAddress(target), "--marker", marker.toString()));
        args.addAll(List.of(extra));
        try (ForkedJvm child = child(jdk, args.toArray(new String[0]))) {
            List<String> out = child.rest();
            assertEquals(0, child.exitCode(), out + "; stderr: " + child.stderr());
            return out;
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void userNamespaceOfAnotherProcess_afterEnter_everyRouteIsDenied(Path jdk) throws Exception {
        List<String> out = otherProcessAttack(jdk);
        assertTrue(out.contains("DONE"), out.toString());
        Map<String, String> attacks = lines(out, "ATTACK");
        List<String> escaped = attacks.entrySet().stream().filter(e -> e.getValue().startsWith("ESCAPED"))
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.toList());
        assertEquals(List.of(), escaped, RootTests.label(jdk) + ": routes through a process outside the jail");
        for (String name : List.of("pidfd_open", "setns-user", "unshare-user", "process_vm_readv")) {
            assertEquals("blocked errno=" + EPERM, attacks.get(name), name + " must be denied by the policy: " + out);
        }
        String ptrace = attacks.containsKey("ptrace-attach") ? "ptrace-attach" : "ptrace-seize";
        assertEquals("blocked errno=" + EPERM, attacks.get("ptrace-seize"), out.toString());
        assertEquals("blocked errno=" + EPERM, attacks.get(ptrace), out.toString());
        assertTrue(attacks.get("tool-setns-escape").contains("TOOL pidfd_open -1 " + EPERM),
                "a process started inside the jail inherits the policy: " + out);
    }

    /**
     * Control: with the process and namespace rules opted out (or on code without a policy) the
     * same attack gets out of the jail and reads the host's marker file.
     */
    @Test
    void userNamespaceOfAnotherProcess_policyOptedOut_escapesToTheHost() throws Exception {
        // chroot is in MOUNTS: with only the first two lifted, the nested chroot still fails
        List<String> out = otherProcessAttack(running(), "--allow-optional", "PROCESS_ACCESS",
                "--allow-optional", "NAMESPACES", "--allow-optional", "MOUNTS");
        Map<String, String> attacks = lines(out, "ATTACK");
        assertTrue(attacks.get("tool-setns-escape").startsWith("ESCAPED")
                        && attacks.get("tool-setns-escape").contains("TOOL read host secret"),
                "control: the nested chroot escape through the other process's namespace must work: " + out);
        assertTrue(attacks.get("pidfd_open").startsWith("ESCAPED"), out.toString());
        assertTrue(attacks.get("ptrace-seize").startsWith("ESCAPED"), out.toString());
        assertTrue(attacks.get("process_vm_readv").startsWith("ESCAPED"), out.toString());
    }

    // ------------------------------------------------------------------ session keyring

    @ParameterizedTest
    @MethodSource("jdks")
    void rootSessionKey_afterEnter_cannotBeRead(Path jdk) {
        try (ForkedJvm child = child(jdk, "--mode", "keyring")) {
            String setup = child.await("KEY setup");
            assertTrue(setup.contains("join=rc=") && setup.contains("add=rc="), "the key must exist before enter: " + setup);
            List<String> out = child.rest();
            assertEquals(0, child.exitCode(), child.stderr());
            Map<String, String> key = lines(out, "KEY");
            assertFalse(out.stream().anyMatch(l -> l.contains(PolicyChild.SECRET)), RootTests.label(jdk)
                    + ": the root session key leaked into the jail: " + key);
            assertEquals(String.valueOf(EPERM), key.get("search"), "keyctl must be denied: " + out);
        }
    }

    /** Control: the key is there and readable, as root, and after a drop without the keyring rule. */
    @Test
    void rootSessionKey_withoutEnterOrPolicyOptedOut_isReadable() {
        try (ForkedJvm child = child(running(), "--mode", "keyring", "--no-enter")) {
            List<String> out = child.rest();
            assertEquals(0, child.exitCode(), child.stderr());
            assertTrue(out.contains("KEY read 0 " + PolicyChild.SECRET), "control as root: " + out);
        }
        try (ForkedJvm child = child(running(), "--mode", "keyring", "--allow-optional", "KEYRINGS")) {
            List<String> out = child.rest();
            assertEquals(0, child.exitCode(), child.stderr());
            assertTrue(out.contains("KEY read 0 " + PolicyChild.SECRET),
                    "control after the drop: the possessed root key is readable without the policy: " + out);
        }
    }

    // ------------------------------------------------------------------ a thread racing the chroot

    private enum Outcome { PASSED, HALTED, REFUSED, FALSE_PROOF, OTHER }

    /** The exit code and stderr of the last halted child. */
    private String lastHalt;

    /**
     * Runs one child to the end: after a passed {@code enter()} reads its root and cwd from outside
     * while it waits. Returns the outcome and adds what went wrong to {@code bad}.
     */
    private Outcome enterAndJudge(Path jdk, List<String> bad, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--pause");
        try (ForkedJvm child = child(jdk, all.toArray(new String[0]))) {
            child.await("ENTERING");
            long pid;
            try {
                pid = Long.parseLong(child.await("ENTERED"));
            } catch (AssertionError noEntry) {
                int rc = child.exitCode();
                if ((rc == 91 || rc == 97) && child.stderr().contains("jail4j: halted")) {
                    lastHalt = "exit " + rc + ": " + child.stderr().strip();
                    return Outcome.HALTED;
                }
                if (rc == 3 && child.seen().stream().anyMatch(l -> l.startsWith("REFUSED"))) {
                    return Outcome.REFUSED;
                }
                bad.add("exit " + rc + ", stdout " + child.seen() + ", stderr " + child.stderr().strip());
                return Outcome.OTHER;
            }
            Path proc = Path.of("/proc", String.valueOf(pid));
            Path root = Files.readSymbolicLink(proc.resolve("root"));
            Path cwd = Files.readSymbolicLink(proc.resolve("cwd"));
            child.proceed();
            child.rest();
            int rc = child.exitCode();
            if (!root.equals(jail) || !cwd.startsWith(jail)) {
                bad.add("enter() passed with root " + root + " and cwd " + cwd + " (jail " + jail + ")");
                return Outcome.FALSE_PROOF;
            }
            if (rc != 0) {
                bad.add("exit " + rc + " after a passed enter(): " + child.stderr().strip());
                return Outcome.OTHER;
            }
            return Outcome.PASSED;
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void threadRacingTheChroot_enter_neverPassesWithRootOrCwdOutsideTheJail(Path jdk) throws Exception {
        Path host = Files.createTempDirectory("jail4j-host-");
        try {
            RootTests.run("chmod", "0755", host.toString());
            Map<Outcome, Integer> counts = new TreeMap<>();
            List<String> bad = new ArrayList<>();
            for (int run = 0; run < 15; run++) {
                Outcome o = enterAndJudge(jdk, bad, "--mode", "race", "--prepare", "--host-dir",
                        host.toRealPath().toString());
                counts.merge(o, 1, Integer::sum);
            }
            System.out.println("RACE-SUMMARY " + RootTests.label(jdk) + " " + counts);
            assertEquals(List.of(), bad, RootTests.label(jdk) + " outcomes " + counts);
        } finally {
            HostFixtures.delete(host);
        }
    }

    // ------------------------------------------------------------------ threads that come and go

    @ParameterizedTest
    @MethodSource("jdks")
    void threadsStartingAndEndingThroughout_enter_passes(Path jdk) throws Exception {
        Map<Outcome, Integer> counts = new TreeMap<>();
        List<String> bad = new ArrayList<>();
        for (int run = 0; run < 10; run++) {
            Outcome o = enterAndJudge(jdk, bad, "--mode", "threads-exit");
            counts.merge(o, 1, Integer::sum);
            if (o != Outcome.PASSED && bad.isEmpty()) {
                bad.add("run " + run + ": " + o + (o == Outcome.HALTED ? " " + lastHalt : ""));
            }
        }
        System.out.println("THREADS-SUMMARY " + RootTests.label(jdk) + " " + counts);
        assertEquals(List.of(), bad, RootTests.label(jdk) + ": a thread that ends is no reason to halt; " + counts);
    }

    // ------------------------------------------------------------------ SIGTERM during enter()

    @ParameterizedTest
    @MethodSource("jdks")
    void sigtermStormDuringEnter_shutdownHook_neverRunsAsRootInsideTheJail(Path jdk) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        List<String> bad = new ArrayList<>();
        for (int run = 0; run < 16; run++) {
            try (ForkedJvm child = child(jdk, "--mode", "signals", "--prepare")) {
                child.await("ENTERING");
                ProcessHandle handle = ProcessHandle.of(child.pid()).orElseThrow();
                Thread.sleep(ThreadLocalRandom.current().nextInt(20, 150)); // enter() after prepare() takes about 100 ms
                Thread storm = new Thread(() -> {
                    for (int i = 0; i < 3000 && handle.isAlive(); i++) {
                        handle.destroy(); // SIGTERM
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "sigterm-storm");
                storm.setDaemon(true);
                storm.start();
                List<String> out = child.rest();
                int rc = child.exitCode();
                storm.interrupt();
                List<String> hooks = out.stream().filter(l -> l.startsWith("HOOK ")).collect(Collectors.toList());
                String key = "exit " + rc + (out.stream().anyMatch(l -> l.startsWith("ENTERED")) ? " entered" : "")
                        + " " + hooks.stream().map(h -> h.replaceAll("uid=(\\d+).*where=(\\w+)", "uid=$1/$2"))
                        .collect(Collectors.joining(","));
                counts.merge(key, 1, Integer::sum);
                for (String h : hooks) {
                    if (h.startsWith("HOOK uid=0 ") && h.endsWith("where=jail")) {
                        bad.add("a shutdown hook ran as root inside the jail: " + h + " " + child.stderr().strip());
                    }
                    if (!h.startsWith("HOOK uid=0 ") && h.endsWith("where=host")) {
                        bad.add("a hook ran dropped but outside the jail: " + h);
                    }
                }
                if (rc >= 90 && rc <= 97) {
                    bad.add("halted (" + rc + "): a held signal is no reason to halt: " + child.stderr().strip());
                }
            }
        }
        System.out.println("SIGNALS-SUMMARY " + RootTests.label(jdk) + " " + counts);
        assertEquals(List.of(), bad, RootTests.label(jdk) + " outcomes " + counts);
    }

    @ParameterizedTest
    @ValueSource(strings = {"unshared-fs", "unshared-files"})
    void threadWithAContextOfItsOwn_enter_refusesNamingTheThread(String mode) {
        try (ForkedJvm child = child(running(), "--mode", mode)) {
            List<String> out = child.rest();
            assertEquals(3, child.exitCode(), out + " " + child.stderr());
            assertTrue(out.contains("UNSHARE rc=0"), "the thread must have unshared: " + out);
            String refusal = out.stream().filter(l -> l.startsWith("REFUSED ")).findFirst().orElse("");
            assertTrue(refusal.startsWith("REFUSED JailStateException") && refusal.contains(
                    mode.equals("unshared-fs") ? "its own root and working directory" : "its own descriptor table"), out.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void sigtermRightAfterTheChroot_shutdownHook_runsOnlyAfterTheProofAsTheTarget(Path jdk) throws Exception {
        // Without the hold, a hook started by this signal read uid 0 in about one run of three
        // (600 idle threads stretch the window to milliseconds): six runs catch that nine times in ten.
        for (int run = 0; run < 6; run++) {
            try (ForkedJvm child = child(jdk, "--mode", "signal-in-window")) {
                List<String> out = child.rest();
                int rc = child.exitCode();
                List<String> hooks = out.stream().filter(l -> l.startsWith("HOOK ")).collect(Collectors.toList());
                assertEquals(143, rc, "the held SIGTERM must end the process after the proof: " + out + " "
                        + child.stderr());
                assertEquals(List.of("HOOK uid=" + user.uid() + " euid=" + user.uid() + " suid=" + user.uid()
                        + " where=jail"), hooks, RootTests.label(jdk) + " run " + run
                        + ": the hook must run once, dropped, inside the jail: " + out);
            }
        }
    }

    @Test
    void insideAShutdownHook_enter_refusesWithJailStateException() {
        try (ForkedJvm child = child(running(), "--mode", "enter-in-hook")) {
            String result = child.await("HOOK-ENTER");
            child.exitCode();
            assertTrue(result.startsWith("refused JailStateException"), "enter() from a shutdown hook: " + result);
        }
    }

    @Test
    void whileShutdownIsInProgress_enter_refusesWithJailStateException() {
        try (ForkedJvm child = child(running(), "--mode", "enter-during-shutdown")) {
            String result = child.await("DURING-SHUTDOWN");
            child.exitCode();
            assertTrue(result.startsWith("refused JailStateException"), "enter() during shutdown: " + result);
        }
    }

    // ------------------------------------------------------------------ the JVM under the policy

    @ParameterizedTest
    @MethodSource("jdks")
    void policyInstalled_jvmFeatures_keepWorking(Path jdk) throws Exception {
        spawnKit(jdk);
        try (ForkedJvm child = child(jdk, "--mode", "jvm-works", "--close-fds")) {
            String json = child.await("REPORT");
            List<String> out = child.rest();
            assertEquals(0, child.exitCode(), child.stderr());
            assertTrue(out.contains("DONE"), out.toString());
            List<String> failed = out.stream().filter(l -> (l.startsWith("CHECK ") && !l.split(" ")[2].equals("OK"))
                    || (l.startsWith("ROW ") && !l.endsWith(" ok"))).collect(Collectors.toList());
            assertEquals(List.of(), failed, RootTests.label(jdk) + ": " + out);
            assertEquals(FeatureRows.rows().size(), out.stream().filter(l -> l.startsWith("ROW ")).count(), out.toString());
            Map<String, String> checks = lines(out, "CHECK");
            assertEquals(Set.of("threads", "gc", "nio-loopback", "watch-service", "process-static-tool",
                    "process-missing-program", "virtual-threads"), checks.keySet(), out.toString());
            assertTrue(checks.get("process-static-tool").contains("uid=" + user.uid()), checks.toString());
            assertTrue(json.contains("\"policy\":["), "the report must list the policy: " + json);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void zgcWithClosedFds_allocateAfterEnter_heapGrows(Path jdk) {
        try (ForkedJvm child = child(jdk, List.of(), List.of("-XX:+UseZGC", "-Xms64m", "-Xmx1g"),
                "--mode", "jvm-works", "--close-fds", "--alloc-mb", "300")) {
            String json = child.await("REPORT");
            List<String> out = child.rest();
            int rc = child.exitCode();
            assertEquals(0, rc, RootTests.label(jdk) + " with ZGC: " + out + " " + child.stderr());
            Map<String, String> checks = lines(out, "CHECK");
            assertTrue(checks.getOrDefault("heap", "").startsWith("OK"), out.toString());
            java.util.regex.Matcher heap = java.util.regex.Pattern
                    .compile("\\{[^{}]*\"action\":\"(\\w+)\"[^{}]*\"target\":\"[^\"]*memfd:java_heap[^{}]*\\}").matcher(json);
            assertTrue(heap.find(), "ZGC's heap memfd must be reported: " + json);
            assertEquals("kept", heap.group(1), "ZGC's heap memfd must be kept by closeFds(): " + heap.group());
        }
    }
}
