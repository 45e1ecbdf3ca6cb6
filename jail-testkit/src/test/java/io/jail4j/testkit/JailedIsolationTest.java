package io.jail4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** What a jailed test can and cannot do, and what the outside check catches. */
@Timeout(60)
class JailedIsolationTest {
    @BeforeEach
    void root() {
        SelfTests.requireRoot();
    }

    @AfterAll
    static void noChildSurvives() {
        if (HostFacts.root()) {
            assertEquals(List.of(), SelfTests.jailedChildren(), "jailed children still running");
        }
    }

    @Test
    void escapeProbes_outsideTheJail_seeTheHost() {
        String found = String.join("\n", EscapeProbes.tryAll());
        for (String probe : List.of("absolute-read", "relative-read", "class-path", "proc", "exec", "privileged-bind",
                "chown")) {
            assertTrue(found.contains(probe + ":"), "the probe " + probe + " must be able to fail; found:\n" + found);
        }
    }

    @Test
    void escaping_run_everyProbeIsBlockedInside() {
        SelfTests.run(JailedFixtures.Escaping.class).testEvents().assertStatistics(s -> s.succeeded(1));
    }

    @Test
    void classPathDirectories_run_classesAndResourcesLoadInside() {
        SelfTests.assertPassed(SelfTests.run(JailedFixtures.ClassPathDirectories.class), 1);
    }

    @Test
    void resourcesAttribute_run_makesThemReadableInside() {
        SelfTests.assertPassed(SelfTests.run(JailedFixtures.PreloadedResource.class), 1);
    }

    @Test
    void resourcesAttribute_missingResource_failsNamingIt() {
        String m = SelfTests.thrown(SelfTests.run(JailedFixtures.MissingResource.class)).getMessage();
        assertTrue(m.contains("io/jail4j/testkit/no-such-resource.txt"), m);
    }

    @Test
    void jfrInsideOnJdk17_runWithTheArchive_failsExplainingTheCauseAndTheWayOut() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() < 25, "JDK 25 re-reads archived classes without the path");
        List<String> jvm = new ArrayList<>(JdkHomes.javaCommand(JdkHomes.current()));
        jvm.addAll(ChildJvm.options(List.of()));
        ChildImage image = SelfTests.image(jvm, true);
        image.train();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(100);
        while (image.state() == ChildImage.State.TRAINING && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertEquals(ChildImage.State.READY, image.state());

        Throwable t = SelfTests.thrown(SelfTests.run(JailedFixtures.JfrInside.class));

        String m = t.getMessage();
        assertTrue(m.contains("Unable to load zip library") && m.contains("Likely cause: a class file load hook")
                && m.contains("@Jailed(jvmArgs = \"-Xshare:auto\")"), m);
    }

    @Test
    void childThatCannotStart_run_failsWithItsExitStatusAndOutputNotAClosedSocket() {
        Throwable t = SelfTests.thrown(SelfTests.run(JailedFixtures.ChildCannotStart.class));
        String m = t.getMessage();
        assertTrue(m.matches("(?s)jailed test: the child \\(pid \\d+\\) exited with status 1 before it connected to the test"
                + " JVM, without a result; .*Unrecognized VM option 'NoSuchJail4jOption'.*"), m);
    }

    @Test
    void jfrInside_runWithoutTheArchive_passes() {
        SelfTests.assertPassed(SelfTests.run(JailedFixtures.JfrInsideWithoutArchive.class), 1);
    }

    @Test
    void leakedDirectoryFd_run_outsideCheckFailsTheTest() {
        Throwable t = SelfTests.thrown(SelfTests.run(JailedFixtures.LeakingDirectory.class));
        assertInstanceOf(AssertionError.class, t);
        String m = t.getMessage();
        assertTrue(m.contains("is not properly jailed") && m.contains("after the test"), m);
        assertTrue(m.matches("(?s).*fd \\d+ is a directory \\(/\\S+/jail/tmp\\).*"), m);
    }

    @Test
    void lifecycleMethods_run_onlyInsideTheJail() {
        EngineExecutionResults r = SelfTests.run(JailedFixtures.Lifecycle.class);
        r.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        r.containerEvents().assertStatistics(s -> s.failed(0));
    }

    @Test
    void nestedClass_run_usesTheEnclosingClassAnnotation() {
        SelfTests.run(JailedFixtures.Outer.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void listenPorts_run_arePreopenedAndAccept() {
        EngineExecutionResults r = SelfTests.run(JailedFixtures.Listening.class);
        r.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void parameterizedTest_run_eachInvocationInItsOwnJvm() {
        EngineExecutionResults r = SelfTests.run(JailedFixtures.Parameterized.class);
        r.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        Set<String> values = new TreeSet<>();
        Set<String> pids = new TreeSet<>();
        for (String out : SelfTests.entries(r, "jailed.stdout")) {
            String[] f = out.strip().split(" ");
            values.add(f[1]);
            pids.add(f[4]);
        }
        assertEquals(Set.of("first", "second"), values);
        assertEquals(2, pids.size(), "two JVMs: " + pids);
    }

    @Test
    void numericUserAndStandardLayout_run_succeeds() {
        SelfTests.run(JailedFixtures.NumericUserStandardLayout.class).testEvents()
                .assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void withoutDefaultPreload_run_entersAndPasses() {
        SelfTests.run(JailedFixtures.WithoutDefaultPreload.class).testEvents()
                .assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void jdk25_run_runsThereWithoutWarnings() {
        if (JdkHomes.find(JdkHomes.JVM_DIR, 25).isEmpty() && Runtime.version().feature() != 25) {
            if (HostFacts.ci()) {
                fail("no JDK 25 in " + JdkHomes.JVM_DIR + " and CI=true is set");
            }
            Assumptions.abort("no JDK 25 in " + JdkHomes.JVM_DIR);
        }
        EngineExecutionResults r = SelfTests.run(JailedFixtures.OnJdk25.class);
        r.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertEquals(List.of(), SelfTests.entries(r, "jailed.stderr"), "JDK 25 must print no warnings");
    }
}
