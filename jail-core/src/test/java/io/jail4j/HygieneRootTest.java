package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Descriptor hygiene, environment and operability after {@code enter()}, checked on real
 * processes: nothing writable outside the jail and no directory is left open, kept sockets keep
 * serving, the environment is the target's, and an operator still gets thread dumps.
 */
class HygieneRootTest {
    private Path jail;
    private Path hostLog;
    private Path hostConfig;

    @BeforeEach
    void setUp() throws Exception {
        RootTests.requireRoot();
        jail = HostFixtures.jail();
        hostLog = Files.createTempFile("jail4j-host-", ".log");
        hostConfig = Files.createTempFile("jail4j-host-", ".conf");
        Files.writeString(hostConfig, "secret=1\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        HostFixtures.delete(jail);
        Files.deleteIfExists(hostLog);
        Files.deleteIfExists(hostConfig);
    }

    @ParameterizedTest
    @MethodSource("io.jail4j.EnterRootTest#jdks")
    void closeFds_withHostFilesAndAListener_leavesNothingOutsideAndKeepsServing(Path jdk) throws Exception {
        try (ForkedJvm child = ForkedJvm.start(jdk, "--jail", jail.toString(), "--user", "nobody", "--close-fds",
                "--open-file", hostLog.toString(), "--open-read", hostConfig.toString(), "--listen", "--rows", "--pause")) {
            String json = child.await("REPORT");
            assertTrue(json.contains("\"action\":\"neutralised\",\"target\":\"" + hostLog + "\""), json);
            assertTrue(json.contains("\"action\":\"neutralised\",\"target\":\"" + hostConfig + "\""), json);
            long pid = Long.parseLong(child.await("ENTERED"));
            assertEquals(List.of(), Outside.violations(pid, jail, 65534, 65534, Set.of(65534L)));
            child.proceed();
            int port = Integer.parseInt(child.await("PORT"));
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                 BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))) {
                assertEquals("hello from the jail", in.readLine(), "the listener bound before enter() keeps accepting");
            }
            child.await("ACCEPTED");
            assertEquals("", Files.readString(hostLog), "nothing reaches the neutralised host log");
            assertEquals(0, child.exitCode(), child.stderr());
        }
    }

    @Test
    void writableHostFileWithoutCloseFds_enter_refusesNamingIt() {
        try (ForkedJvm child = ForkedJvm.start(Path.of(System.getProperty("java.home")), "--jail", jail.toString(),
                "--user", "nobody", "--open-file", hostLog.toString())) {
            String refused = child.await("REFUSED");
            assertTrue(refused.startsWith("OpenDescriptorException") && refused.contains("-> " + hostLog
                    + " (writable host file outside the jail"), refused);
            assertEquals(3, child.exitCode());
        }
    }

    @Test
    void openDirectoryStream_closeFds_refusesNamingIt() {
        try (ForkedJvm child = ForkedJvm.start(Path.of(System.getProperty("java.home")), "--jail", jail.toString(),
                "--user", "nobody", "--close-fds", "--open-dir", "/etc")) {
            String refused = child.await("REFUSED");
            assertTrue(refused.startsWith("OpenDescriptorException") && refused.contains("-> /etc (an open directory"), refused);
        }
    }

    @ParameterizedTest
    @MethodSource("io.jail4j.EnterRootTest#jdks")
    void environment_enter_isTheTargetsAndClearedOnRequest(Path jdk) {
        HostFixtures.HostUser user = HostFixtures.user();
        try (ForkedJvm child = ForkedJvm.startWith(jdk, List.of("env", "KEEPME=kept", "DROPME=dropped"), List.of(),
                System.getProperty("java.class.path"), "--jail", jail.toString(), "--user", user.name(), "--print-env",
                "--clear-env-except", "KEEPME")) {
            assertEquals("PWD=/ HOME=/ USER=" + user.name() + " LOGNAME=" + user.name() + " SHELL=/usr/sbin/nologin"
                    + " KEEPME=kept DROPME=null", child.await("ENV"));
        }
    }

    @ParameterizedTest
    @MethodSource("io.jail4j.EnterRootTest#jdks")
    void threadDump_afterEnter_stillWorks(Path jdk) throws Exception {
        try (ForkedJvm child = ForkedJvm.start(jdk, "--jail", jail.toString(), "--user", "nobody", "--pause")) {
            long pid = Long.parseLong(child.await("ENTERED"));
            RootTests.run("kill", "-QUIT", String.valueOf(pid));
            child.await("Full thread dump");
            child.proceed();
        }
    }

    @Test
    void jcmdOfJdk25_afterEnter_attachesOnlyWithUnixSocketsAllowed() throws Exception {
        Path jdk = RootTests.jdks().stream().filter(h -> RootTests.majorVersion(h) >= 25).findFirst().orElse(null);
        if (jdk == null) {
            return; // RootTests.jdks() already failed under CI=true when no JDK 25 exists
        }
        Files.createDirectory(jail.resolve("tmp"));
        RootTests.run("chmod", "1777", jail.resolve("tmp").toString());
        try (ForkedJvm child = ForkedJvm.start(jdk, "--jail", jail.toString(), "--user", "nobody", "--pause",
                "--allow", "UNIX_SOCKETS")) {
            long pid = Long.parseLong(child.await("ENTERED"));
            String out = RootTests.run(jdk.resolve("bin/jcmd").toString(), String.valueOf(pid), "VM.version");
            assertTrue(out.contains("JDK " + RootTests.majorVersion(jdk)), out);
            child.proceed();
        }
        // Under the default policy the attach listener cannot create its socket: jcmd gets no answer.
        try (ForkedJvm child = ForkedJvm.start(jdk, "--jail", jail.toString(), "--user", "nobody", "--pause")) {
            long pid = Long.parseLong(child.await("ENTERED"));
            Process jcmd = new ProcessBuilder(jdk.resolve("bin/jcmd").toString(), "-J-Dsun.tools.attach.attachTimeout=2000",
                    String.valueOf(pid), "VM.version").redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(jcmd.waitFor() != 0 && out.contains("AttachNotSupportedException"), out);
            child.proceed();
        }
    }
}
