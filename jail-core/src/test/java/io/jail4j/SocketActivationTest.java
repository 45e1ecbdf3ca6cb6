package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link SocketActivation#listenFds()} on malformed or foreign {@code LISTEN_*} variables, in a
 * forked JVM whose environment and descriptors a shell sets up ({@code LISTEN_PID=$$} before
 * {@code exec} is the JVM's own pid). No root needed: nothing enters a jail.
 */
class SocketActivationTest {
    private static ForkedJvm child(String shellSetup) {
        Path jdk = Path.of(System.getProperty("java.home"));
        return ForkedJvm.startMain(jdk, List.of("/bin/sh", "-c", shellSetup + " exec \"$@\"", "sh"), List.of(),
                System.getProperty("java.class.path"), SocketActivationChild.class, "/nonexistent", "nobody",
                "--no-enter");
    }

    @Test
    void notActivated_listenFds_takesNothingAndSaysSo() {
        try (ForkedJvm c = child("unset LISTEN_PID LISTEN_FDS LISTEN_FDNAMES;")) {
            assertTrue(c.await("NOTE").startsWith("not socket-activated"));
            assertEquals("null", c.await("GETENV"));
            c.await("ENTERED");
        }
    }

    @Test
    void listenFdsWithoutListenPid_listenFds_isNotActivation() {
        try (ForkedJvm c = child("exec 3</dev/null; unset LISTEN_PID; export LISTEN_FDS=1;")) {
            assertEquals("not socket-activated: LISTEN_FDS is set but LISTEN_PID is not (the service manager sets both);"
                    + " none taken", c.await("NOTE"));
            assertEquals("LISTEN_PID= LISTEN_FDS= LISTEN_FDNAMES=", c.await("CHILD-PLAIN"));
            c.await("ENTERED");
        }
    }

    @Test
    void listenPidOfAnotherProcess_listenFds_isIgnoredAndRemoved() {
        try (ForkedJvm c = child("exec 3</dev/null; export LISTEN_PID=1 LISTEN_FDS=1 LISTEN_FDNAMES=x;")) {
            String note = c.await("NOTE");
            assertTrue(note.startsWith("LISTEN_PID=1 is not this process (pid ") && note.contains("ignored, none taken"),
                    note);
            assertTrue(c.seen().stream().noneMatch(l -> l.startsWith("SOCKET")), c.seen().toString());
            assertEquals("null", c.await("GETENV"));
            assertEquals("LISTEN_PID= LISTEN_FDS= LISTEN_FDNAMES=", c.await("CHILD-PLAIN"),
                    "the variables are removed even when ignored");
            c.await("ENTERED");
        }
    }

    @Test
    void listenFdsGarbage_listenFds_throwsATypedError() {
        try (ForkedJvm c = child("export LISTEN_PID=$$ LISTEN_FDS=3x;")) {
            String refused = c.await("REFUSED");
            assertEquals("SocketActivationException LISTEN_FDS=\"3x\" is not a number; the service manager sets a"
                    + " decimal number", refused);
            assertEquals(3, c.exitCode());
        }
    }

    @Test
    void listenPidGarbage_listenFds_throwsATypedError() {
        try (ForkedJvm c = child("export LISTEN_PID=-5 LISTEN_FDS=1;")) {
            assertTrue(c.await("REFUSED").startsWith("SocketActivationException LISTEN_PID=\"-5\" is not a number"));
            assertEquals(3, c.exitCode());
        }
    }

    @Test
    void descriptorThatIsNotASocket_listenFds_throwsATypedError() {
        try (ForkedJvm c = child("exec 3</dev/null; export LISTEN_PID=$$ LISTEN_FDS=1 LISTEN_FDNAMES=web;")) {
            String refused = c.await("REFUSED");
            assertTrue(refused.startsWith("SocketActivationException fd 3 \"web\" (LISTEN_FDS) is not a socket (file type"
                    + " 020000)"), refused);
            assertEquals(3, c.exitCode());
        }
    }

    @Test
    void namesNotMatchingTheCount_listenFds_throwsATypedError() {
        try (ForkedJvm c = child("exec 3</dev/null; export LISTEN_PID=$$ LISTEN_FDS=1 LISTEN_FDNAMES=a:b;")) {
            assertEquals("SocketActivationException LISTEN_FDNAMES=\"a:b\" has 2 name(s) for LISTEN_FDS=1 descriptor(s);"
                    + " the service manager gives one name per descriptor", c.await("REFUSED"));
            assertEquals(3, c.exitCode());
        }
    }
}
