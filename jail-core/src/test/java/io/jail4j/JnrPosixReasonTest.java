package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * Keeps the documented reasons jail4j does not use jnr-posix true for the version the parent pom
 * pins: it lacks the calls a jail needs, and when its native part cannot load it hands back a
 * pure-Java implementation without a word where jail4j refuses. When a new jnr-posix changes
 * either, this fails and the reason in the docs must be revisited.
 */
class JnrPosixReasonTest {
    private static final List<String> JAIL_CALLS = List.of("chroot", "fchdir", "setresuid", "setresgid", "setgroups",
            "getresuid");

    @Test
    void pinnedJnrPosix_listMethods_lacksEveryCallAJailNeeds() {
        Set<String> present = new TreeSet<>();
        for (Class<?> type : List.of(jnr.posix.POSIX.class, jnr.posix.LibC.class)) {
            Arrays.stream(type.getMethods()).map(java.lang.reflect.Method::getName).filter(JAIL_CALLS::contains)
                    .forEach(present::add);
        }
        assertEquals(Set.of(), present, "jnr-posix now binds " + present + ": the reason in docs/native.md is stale");
    }

    @Test
    void nativePartUnloadable_loadBoth_jnrPosixFallsBackSilentlyJail4jRefuses() throws Exception {
        // jffi extracts its stub library before loading it; a directory it cannot write to stops that
        String[] posix = run("jnr-posix");
        assertEquals("0", posix[0], "jnr-posix child: " + String.join(" | ", posix));
        assertTrue(posix[1].startsWith("jnr-posix ") && posix[1].endsWith(" java"),
                "jnr-posix fell back to its pure-Java POSIX: " + posix[1]);
        assertEquals("", posix[2], "jnr-posix said nothing about the fallback on stderr");
        String[] own = run("jail4j");
        assertEquals("1", own[0], "jail4j child: " + String.join(" | ", own));
        assertTrue(own[1].startsWith("jail4j refused cannot load the native binding to libc"), own[1]);
    }

    /** Returns exit code, stdout and stderr of a child that loads the binding with jffi unable to extract. */
    private static String[] run(String binding) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Djffi.extract.dir=/proc/self/no-such-directory", "-cp",
                System.getProperty("java.class.path"), BindingCostChild.class.getName(), binding).start();
        p.getOutputStream().close();
        byte[] err = p.getErrorStream().readAllBytes();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return new String[] {String.valueOf(p.waitFor()), out, new String(err, StandardCharsets.UTF_8).trim()};
    }
}
