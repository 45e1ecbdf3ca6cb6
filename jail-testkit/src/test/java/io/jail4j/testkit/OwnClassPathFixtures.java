package io.jail4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Fixtures of a test class path's own resources, bundles and providers used inside the jail
 * without being named, and of the set-up hook; run by {@link OwnClassPathTest}.
 */
final class OwnClassPathFixtures {
    private OwnClassPathFixtures() {
    }

    /** A service whose only provider is in the test sources. */
    public interface Greeting {
        /** Returns the greeting. */
        String text();
    }

    /** The provider, named in {@code META-INF/services} of the test resources. */
    public static final class English implements Greeting {
        /** Created by the ServiceLoader. */
        public English() {
        }

        @Override
        public String text() {
            return "hello from a provider of the test classes";
        }
    }

    static final class ServicesAndBundles {
        @Test
        @Jailed
        void providerBundleAndResource_firstUsedInside_work() throws IOException {
            List<String> greetings = ServiceLoader.load(Greeting.class).stream().map(p -> p.get().text())
                    .collect(Collectors.toList());
            assertEquals(List.of("hello from a provider of the test classes"), greetings);
            ResourceBundle bundle = ResourceBundle.getBundle("io.jail4j.testkit.Messages", Locale.ROOT);
            assertEquals("hello from a bundle of the test resources", bundle.getString("greeting"));
            try (var in = OwnClassPathFixtures.class.getResourceAsStream("jailed-resource.txt")) {
                assertNotNull(in);
                assertEquals("read from a class-path directory inside the jail\n",
                        new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            Path own = Path.of(OwnClassPathFixtures.class.getProtectionDomain().getCodeSource().getLocation().getPath());
            assertTrue(Files.isRegularFile(own), "the class-path jar is at its path inside the jail: " + own);
            assertFalse(Files.isWritable(own), "... read-only");
        }
    }

    /** What the set-up saw, kept in the child's static fields. */
    static final class Seen {
        static int calls;
        static String euid;
        static boolean jailVisibleAtItsHostPath;
        static boolean hostFileReadable;

        private Seen() {
        }
    }

    /** Records what it sees, as root, before enter(). */
    static final class Recording implements JailSetUp {
        @Override
        public void beforeJail(Path jail) throws IOException {
            Seen.calls++;
            Seen.euid = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .findFirst().orElseThrow().split("\\s+")[2];
            Seen.jailVisibleAtItsHostPath = Files.isDirectory(jail);
            Seen.hostFileReadable = Files.isReadable(Path.of("/etc/passwd"));
            Files.writeString(jail.resolve("tmp/from-set-up.txt"), "written into the jail by the set-up\n");
        }
    }

    /** A class whose initialiser needs the host: it reads a host file, which is gone inside the jail. */
    static final class ReadsHostFile {
        static final boolean READ = Files.isReadable(Path.of("/etc/passwd"));

        private ReadsHostFile() {
        }
    }

    static final class SetUpHook {
        @RepeatedTest(2)
        @Jailed(setUp = Recording.class, initialize = "io.jail4j.testkit.OwnClassPathFixtures$ReadsHostFile")
        void setUpHook_eachRepetition_ranOnceAsRootBeforeEnter() throws IOException {
            assertEquals(1, Seen.calls, "once per test");
            assertEquals("0", Seen.euid, "as root");
            assertTrue(Seen.jailVisibleAtItsHostPath && Seen.hostFileReadable, "before the chroot");
            assertEquals("written into the jail by the set-up\n", Files.readString(Path.of("/tmp/from-set-up.txt")));
            assertFalse(Files.exists(Path.of("/etc/passwd")), "now inside the jail");
            assertTrue(ReadsHostFile.READ, "initialised before enter(), while the host file was there");
        }
    }

    /** A set-up that fails. */
    static final class Failing implements JailSetUp {
        @Override
        public void beforeJail(Path jail) throws IOException {
            throw new IOException("no configuration for the daemon");
        }
    }

    static final class FailingSetUp {
        @Test
        @Jailed(setUp = Failing.class)
        void failingSetUp_run_neverReachesTheTest() {
            // the set-up fails first
        }
    }
}
