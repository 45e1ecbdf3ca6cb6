package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JailTest {
    private static final Path SRV = Path.of("/srv/ftp");

    private static final Runnable A = new Runnable() {
        @Override
        public void run() {
        }

        @Override
        public String toString() {
            return "load config";
        }
    };
    private static final Runnable B = () -> { };

    @Test
    void relativePath_at_throwsNamingThePath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Jail.at(Path.of("srv/ftp")));
        assertTrue(e.getMessage().contains("\"srv/ftp\"") && e.getMessage().contains("relative"), e.getMessage());
    }

    @Test
    void dotDotPath_at_throwsWithNormalizedSuggestion() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Jail.at(Path.of("/srv/../etc")));
        assertTrue(e.getMessage().contains("/etc"), e.getMessage());
    }

    @Test
    void rootPath_at_throws() {
        assertThrows(IllegalArgumentException.class, () -> Jail.at(Path.of("/")));
    }

    @Test
    void uidZero_dropTo_throwsNamingUid() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Jail.at(SRV).dropTo(0, 100));
        assertEquals("dropTo: uid 0 is not a drop target", e.getMessage());
    }

    @Test
    void gidZeroOrOutOfRange_dropTo_throws() {
        assertThrows(IllegalArgumentException.class, () -> Jail.at(SRV).dropTo(100, 0));
        assertThrows(IllegalArgumentException.class, () -> Jail.at(SRV).dropTo(0xFFFF_FFFFL, 100));
        assertThrows(IllegalArgumentException.class, () -> Jail.at(SRV).dropTo(-5, 100));
    }

    @Test
    void badNames_dropTo_throw() {
        assertThrows(IllegalArgumentException.class, () -> Jail.at(SRV).dropTo(""));
        assertThrows(IllegalArgumentException.class, () -> Jail.at(SRV).dropTo("a:b"));
        assertThrows(IllegalArgumentException.class, () -> Jail.at(SRV).dropTo("a b"));
        assertThrows(IllegalArgumentException.class, () -> Jail.at(SRV).dropTo("root"));
    }

    @Test
    void twoDifferentTargets_dropTo_throwsNamingTheFirst() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Jail.at(SRV).dropTo("ftp").dropTo("www"));
        assertTrue(e.getMessage().contains("\"ftp\""), e.getMessage());
        assertEquals(Jail.at(SRV).dropTo("ftp"), Jail.at(SRV).dropTo("ftp").dropTo("ftp"));
    }

    @Test
    void anyCallOrder_build_givesTheSamePlan() {
        Jail one = Jail.at(SRV).preload(A).closeFds().dropTo("ftp").preload(B);
        Jail two = Jail.at(SRV).dropTo("ftp").preload(A, B).closeFds();
        Jail three = Jail.at(SRV).closeFds().preload(A).dropTo("ftp").preload(B);
        assertEquals(one, two);
        assertEquals(two, three);
        assertEquals(one.toString(), three.toString());
        assertEquals(one.hashCode(), three.hashCode());
    }

    @Test
    void preloadOrder_build_isKept() {
        assertNotEquals(Jail.at(SRV).preload(A, B), Jail.at(SRV).preload(B, A));
    }

    @Test
    void builder_calls_leaveEarlierPlansUnchanged() {
        Jail base = Jail.at(SRV);
        Jail later = base.closeFds().dropTo("ftp");
        assertEquals("Jail /srv/ftp: chroot, drop to (no target yet)", base.toString());
        assertNotEquals(base, later);
    }

    @Test
    void plan_toString_readsLikeThePlan() {
        assertEquals("Jail /srv/ftp: preload [load config], close stray fds, chroot, drop to user \"ftp\"",
                Jail.at(SRV).dropTo("ftp").closeFds().preload(A).toString());
        assertEquals("Jail /srv/ftp: chroot, drop to uid 1001 gid 1002", Jail.at(SRV).dropTo(1001, 1002).toString());
    }

    @Test
    void keepsAndEnvironment_toString_readLikeThePlan() {
        assertEquals("Jail /srv/ftp: no default preload, close stray fds, keep [fd 7 (config), INSECURE writable"
                + " /var/log/x.log (log)], clear environment except [TZ], chroot, drop to user \"ftp\"",
                Jail.at(SRV).dropTo("ftp").withoutDefaultPreload().closeFds().keep(7, "config")
                        .insecureKeepWritable(Path.of("/var/log/x.log"), "log").clearEnvironmentExcept("TZ").toString());
    }

    @Test
    void badKeepsAndVariables_build_throwNamingTheValue() {
        assertThrows(IllegalArgumentException.class, () -> Jail.at(SRV).keep(-1, "x"));
        assertThrows(IllegalArgumentException.class, () -> Jail.at(SRV).keep(3, " "));
        assertThrows(IllegalArgumentException.class, () -> Jail.at(SRV).keep(Path.of("rel.log"), "x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Jail.at(SRV).clearEnvironmentExcept("A=B"));
        assertTrue(e.getMessage().contains("\"A=B\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Jail.at(SRV).clearEnvironmentExcept(""));
        assertEquals(Jail.at(SRV).dropTo(1, 1), Jail.at(SRV).dropTo(1, 1), "1 is the smallest valid id");
        assertEquals(Jail.at(SRV).dropTo(0xFFFF_FFFEL, 1).hashCode(), Jail.at(SRV).dropTo(0xFFFF_FFFEL, 1).hashCode());
    }

    @Test
    void samePlanBuiltTwice_equalsAndHashCode_agree() {
        Jail a = Jail.at(SRV).dropTo("ftp").keep(5, "x");
        Jail b = Jail.at(SRV).keep(5, "x").dropTo("ftp");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Jail.at(SRV).dropTo("ftp").keep(6, "x"));
        assertNotEquals(a.hashCode(), Jail.at(SRV).dropTo("www").keep(5, "x").hashCode());
    }

    @Test
    void edgeValues_build_areAcceptedOrNamed() {
        assertEquals("Jail /srv/ftp: keep [fd 0 (stdin)], chroot, drop to (no target yet)",
                Jail.at(SRV).keep(0, "stdin").toString());
        NullPointerException npe = assertThrows(NullPointerException.class, () -> Jail.at(SRV).preload(A, null));
        assertEquals("preload: action #2 is null", npe.getMessage());
        assertThrows(IllegalStateException.class, () -> Jail.at(SRV).dropTo("ftp").dropTo(5, 5));
        assertThrows(IllegalStateException.class, () -> Jail.at(SRV).dropTo(5, 5).dropTo(5, 6));
        assertThrows(IllegalArgumentException.class, () -> Jail.at(SRV).clearEnvironmentExcept("=A"));
        assertThrows(IllegalArgumentException.class, () -> Jail.at(SRV).clearEnvironmentExcept("\0A"));
        assertEquals("Jail /x: chroot, drop to uid 1 gid 1", Jail.at(Path.of("/x")).dropTo(1, 1).toString());
    }

    @Test
    void noTarget_enter_throwsJailStateException() {
        JailStateException e = assertThrows(JailStateException.class, () -> Jail.at(SRV).enter());
        assertTrue(e.getMessage().contains("dropTo"), e.getMessage());
    }
}
