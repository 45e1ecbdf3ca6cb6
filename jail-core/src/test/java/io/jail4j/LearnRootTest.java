package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jail4j.layout.JailLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Learn mode against the kernel, from outside the child ({@code /proc/PID}): every id dropped on
 * every thread, no capabilities, no_new_privs and the syscall policy, but no chroot, said on
 * stderr and in the report; the fanotify group the only descriptor learn mode adds; a host file
 * read after {@code enter()} appears in the plan as a valid layout line, a host log file written
 * after it as an item that cannot be covered, with the fix. An environment variable alone never
 * turns learn mode on.
 */
class LearnRootTest {
    private Path jail;
    private Path host;
    private Path hostFile;
    private Path plan;
    private Path hostLog;

    static List<Path> jdks() {
        return RootTests.jdks();
    }

    @BeforeEach
    void setUp() throws IOException {
        RootTests.requireRoot();
        jail = HostFixtures.jail();
        host = Files.createTempDirectory("jail4j-learn-").toRealPath();
        Files.setPosixFilePermissions(host, PosixFilePermissions.fromString("rwxr-xr-x"));
        hostFile = host.resolve("settings.conf");
        Files.writeString(hostFile, "answer=42\n");
        Files.setPosixFilePermissions(hostFile, PosixFilePermissions.fromString("rw-r--r--"));
        plan = host.resolve("plan.txt");
        hostLog = host.resolve("app.log");
        Files.writeString(hostLog, "");
        Files.setAttribute(hostLog, "unix:uid", 65534);
    }

    @AfterEach
    void tearDown() {
        HostFixtures.delete(jail);
        HostFixtures.delete(host);
    }

    private ForkedJvm start(Path jdk, String mode, Map<String, String> env) {
        List<String> prefix = new ArrayList<>();
        if (!env.isEmpty()) {
            prefix.add("env");
            env.forEach((k, v) -> prefix.add(k + "=" + v));
        }
        return ForkedJvm.startMain(jdk, prefix, List.of(), System.getProperty("java.class.path"), LearnChild.class,
                mode, jail.toString(), plan.toString(), hostFile.toString(), hostLog.toString());
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void learnMode_enter_dropsIdsWithoutChrootAndPlansTheHostFile(Path jdk) throws Exception {
        try (ForkedJvm child = start(jdk, "learn", Map.of())) {
            String report = child.await("REPORT");
            assertEquals("jailed=false learnPlan=" + plan, report);
            assertTrue(child.await("WARNING").startsWith("LEARN MODE: this process is NOT JAILED"));
            long pid = Long.parseLong(child.await("ENTERED"));
            // from outside: no chroot, but every id dropped on every thread
            assertEquals(Path.of("/"), Files.readSymbolicLink(Path.of("/proc/" + pid + "/root")));
            List<Path> tasks;
            try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/task"))) {
                tasks = s.toList();
            }
            assertTrue(tasks.size() > 5, "a JVM has many threads: " + tasks);
            for (Path task : tasks) {
                String status;
                try {
                    status = Files.readString(task.resolve("status"));
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue;
                }
                assertTrue(status.contains("\nUid:\t65534\t65534\t65534\t65534\n"), task + ": " + status);
                assertTrue(status.contains("\nGid:\t65534\t65534\t65534\t65534\n"), task + ": " + status);
                assertTrue(status.contains("\nCapPrm:\t0000000000000000\n"), task + ": " + status);
                assertTrue(status.contains("\nCapEff:\t0000000000000000\n"), task + ": " + status);
                assertTrue(status.contains("\nNoNewPrivs:\t1\n"), task + ": " + status);
                assertTrue(status.contains("\nSeccomp:\t2\n"), task + ": " + status);
            }
            int fanotify = 0;
            List<String> hostFiles = new ArrayList<>();
            try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                for (Path fd : s.toList()) {
                    String target;
                    try {
                        target = Files.readSymbolicLink(fd).toString();
                    } catch (java.nio.file.NoSuchFileException gone) {
                        continue;
                    }
                    if (target.equals("anon_inode:[fanotify]")) {
                        fanotify++;
                    } else if (target.startsWith(host.toString())) {
                        hostFiles.add(fd + " -> " + target);
                    }
                }
            }
            assertEquals(1, fanotify, "learn mode keeps exactly one fanotify group");
            assertEquals(List.of(), hostFiles, "the plan file is not held open");
            assertTrue(child.stderr().contains("jail4j: LEARN MODE: this process is NOT JAILED"), child.stderr());

            child.proceed();
            assertEquals("ok answer=42", child.await("READ"));
            assertEquals("ok", child.await("WROTE"), "un-jailed, nobody appends to its host log file");
            child.await("DONE");
            assertEquals(0, child.exitCode(), child.stderr());
        }
        String text = Files.readString(plan);
        LearnPlan learned = LearnPlan.read(plan);
        String copy = "copy " + hostFile + " root:root 0444 " + hostFile + " -- learn: " + hostFile + ": opened 1 time";
        assertTrue(learned.layoutLines().stream().anyMatch(l -> l.startsWith(copy)), text);
        assertFalse(text.contains(plan.toString() + ": opened"), "the plan file itself is no item: " + text);
        assertTrue(learned.cannotCover().stream().anyMatch(c -> c.startsWith(hostLog + ": written after enter()")
                && c.contains("FIX:") && c.contains("insecureKeepWritable")), "the host log file cannot be covered: " + text);
        assertEquals("nobody", Files.getOwner(plan).getName());
        // the whole file is a layout spec, and applying it puts the host file into the jail
        JailLayout.parse(text).apply(jail);
        assertEquals("answer=42\n", Files.readString(Path.of(jail + hostFile.toString())));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void learnVariablesInTheEnvironment_enter_staysJailed(Path jdk) throws Exception {
        Map<String, String> env = Map.of("JAIL4J_LEARN", plan.toString(), "JAIL4J_LEARN_PLAN", plan.toString(),
                "JAIL4J_MODE", "learn");
        try (ForkedJvm child = start(jdk, "plain", env)) {
            assertEquals("jailed=true learnPlan=null", child.await("REPORT"));
            long pid = Long.parseLong(child.await("ENTERED"));
            assertEquals(jail.toRealPath(), Files.readSymbolicLink(Path.of("/proc/" + pid + "/root")));
            child.proceed();
            assertTrue(child.await("READ").startsWith("failed"), "the host file is out of reach in the jail");
            assertTrue(child.await("WROTE").startsWith("failed"), "the host log file is out of reach in the jail");
            assertEquals(0, child.exitCode(), child.stderr());
            assertFalse(child.stderr().contains("LEARN MODE"), child.stderr());
        }
        assertFalse(Files.exists(plan), "no plan file without Jail.learn()");
    }
}
