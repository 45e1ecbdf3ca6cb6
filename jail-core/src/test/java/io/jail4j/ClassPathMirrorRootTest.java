package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jail4j.layout.AuditReport;
import io.jail4j.layout.Check;
import io.jail4j.layout.JailAudit;
import io.jail4j.layout.Severity;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Jail#mirrorClassPath()}'s copy, made as root into real directories: what it writes, that
 * it copies only what changed, that it never writes through a component another user controls,
 * and the audit's check that each copy is identical to the host's.
 */
class ClassPathMirrorRootTest {
    private Path base;
    private Path jail;
    private Path jar;
    private Path classes;
    private List<ClassPathAccess.Entry> entries;

    @BeforeEach
    void makeHostAndJail() throws IOException {
        RootTests.requireRoot();
        base = Files.createTempDirectory("mirror").toRealPath();
        Files.setAttribute(base, "unix:mode", 0755);
        jail = Files.createDirectory(base.resolve("jail"));
        Files.setAttribute(jail, "unix:mode", 0755);
        Path lib = Files.createDirectories(base.resolve("host/lib"));
        jar = lib.resolve("plugin.jar");
        writeJar(jar, "plugin/a.txt", "first");
        classes = Files.createDirectories(base.resolve("host/classes/com/example"));
        Files.writeString(classes.resolve("App.class"), "not really a class");
        classes = base.resolve("host/classes");
        entries = List.of(new ClassPathAccess.Entry(jar, true, "class path", false),
                new ClassPathAccess.Entry(classes, false, "class path", false));
    }

    @AfterEach
    void cleanUp() {
        if (base != null) {
            RootTests.run("rm", "-rf", base.toString());
        }
    }

    private Path copyOf(Path host) {
        return jail.resolve(host.toString().substring(1));
    }

    @Test
    void freshJail_mirror_copiesEveryEntryReadOnlyWithTheHostsMtime() throws Exception {
        ClassPathMirror.Result r = ClassPathMirror.mirror(jail, entries);

        assertEquals(2, r.files(), r.toString());
        assertEquals(2, r.copied(), r.toString());
        Path copy = copyOf(jar);
        assertEquals(-1, Files.mismatch(jar, copy));
        assertEquals(0444, (Integer) Files.getAttribute(copy, "unix:mode") & 07777);
        assertEquals(0, Files.getAttribute(copy, "unix:uid"));
        assertEquals(Files.getLastModifiedTime(jar), Files.getLastModifiedTime(copy));
        assertEquals("not really a class", Files.readString(copyOf(classes.resolve("com/example/App.class"))));
        assertEquals(0755, (Integer) Files.getAttribute(copyOf(jar.getParent()), "unix:mode") & 07777);
        assertNull(ClassPathMirror.stale(jail, entries.get(0)));
        assertNull(ClassPathMirror.stale(jail, entries.get(1)));
        try (var names = Files.list(copy.getParent())) {
            assertEquals(List.of(copy), names.toList(), "no temporary file left beside the copy");
        }
    }

    @Test
    void upToDateOrChangedJar_mirrorAgain_copiesOnlyTheChangedJar() throws Exception {
        ClassPathMirror.mirror(jail, entries);

        assertEquals(0, ClassPathMirror.mirror(jail, entries).copied());

        writeJar(jar, "plugin/a.txt", "second, longer");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        assertTrue(ClassPathMirror.stale(jail, entries.get(0)).contains("stale copy"),
                ClassPathMirror.stale(jail, entries.get(0)));
        ClassPathMirror.Result r = ClassPathMirror.mirror(jail, entries);
        assertEquals(1, r.copied(), r.toString());
        assertEquals(-1, Files.mismatch(jar, copyOf(jar)));
    }

    @Test
    void missingCopy_stale_saysItIsNotInTheJail() {
        assertTrue(ClassPathMirror.stale(jail, entries.get(0)).contains("not in the jail"));
        assertTrue(ClassPathMirror.stale(jail, entries.get(1)).contains("not in the jail"));
    }

    @Test
    void componentIsASymlinkOutOfTheJail_mirror_refusesAndWritesNothingThere() throws IOException {
        Path elsewhere = Files.createDirectory(base.resolve("elsewhere"));
        Path first = jail.resolve(jar.getName(0).toString());
        Files.createSymbolicLink(first, elsewhere);

        JailPathException e = assertThrows(JailPathException.class, () -> ClassPathMirror.mirror(jail, entries));

        assertTrue(e.getMessage().contains(first + " is a symbolic link"), e.getMessage());
        try (var names = Files.list(elsewhere)) {
            assertEquals(0, names.count(), "nothing may be written through the link");
        }
    }

    @Test
    void componentOwnedByAnotherUser_mirror_refusesNamingIt() throws IOException {
        Path first = Files.createDirectory(jail.resolve(jar.getName(0).toString()));
        Files.setAttribute(first, "unix:uid", 65534);

        JailPathException e = assertThrows(JailPathException.class, () -> ClassPathMirror.mirror(jail, entries));

        assertTrue(e.getMessage().contains(first + " is owned by uid 65534"), e.getMessage());
    }

    @Test
    void writableOrStickyComponent_mirror_refusesOnlyTheNonSticky() throws Exception {
        Path first = Files.createDirectory(jail.resolve(jar.getName(0).toString()));
        Files.setAttribute(first, "unix:mode", 0777);
        JailPathException e = assertThrows(JailPathException.class, () -> ClassPathMirror.mirror(jail, entries));
        assertTrue(e.getMessage().contains("writable by group or others (mode 777)"), e.getMessage());

        Files.setAttribute(first, "unix:mode", 01777);
        assertEquals(2, ClassPathMirror.mirror(jail, entries).copied());
    }

    @Test
    void jailBehindASymlink_mirror_refuses() throws IOException {
        Path link = Files.createSymbolicLink(base.resolve("link"), jail);

        JailPathException e = assertThrows(JailPathException.class, () -> ClassPathMirror.mirror(link, entries));

        assertTrue(e.getMessage().contains(link + " is a symbolic link"), e.getMessage());
    }

    @Test
    void groupWritableJail_mirror_refuses() throws IOException {
        Files.setAttribute(jail, "unix:mode", 0775);

        JailPathException e = assertThrows(JailPathException.class, () -> ClassPathMirror.mirror(jail, entries));

        assertTrue(e.getMessage().contains("writable by group or others"), e.getMessage());
    }

    @Test
    void mirroredOrTamperedCopy_audit_flagsOnlyTheTampered() throws Exception {
        ClassPathMirror.mirror(jail, entries);
        JailAudit audit = JailAudit.forUser("nobody", 65534, List.of(65534L)).mirroring(List.of(jar, classes));

        AuditReport clean = audit.audit(jail);
        assertFalse(clean.findings().stream().anyMatch(f -> f.check() == Check.MIRROR), clean.toString());

        Path copy = copyOf(jar);
        byte[] bytes = Files.readAllBytes(copy);
        bytes[bytes.length / 2] ^= 1;
        Files.write(copy, bytes);
        Files.delete(copyOf(classes.resolve("com/example/App.class")));
        AuditReport tampered = audit.audit(jail);

        assertTrue(tampered.findings().stream().anyMatch(f -> f.check() == Check.MIRROR && f.severity() == Severity.ERROR
                && f.message().contains("differs from the host's " + jar)), tampered.toString());
        assertTrue(tampered.findings().stream().anyMatch(f -> f.check() == Check.MIRROR
                && f.message().contains("App.class is missing")), tampered.toString());
        assertFalse(tampered.passed());
    }

    @Test
    void manifestClassPath_discover_findsTheJarItNames() throws IOException {
        Path dep = jar.resolveSibling("dep.jar");
        writeJar(dep, "dep/b.txt", "dep");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, "dep.jar missing.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.putNextEntry(new JarEntry("META-INF/services/x.Y"));
            out.write("x.Z\n".getBytes(StandardCharsets.UTF_8));
        }
        String saved = System.getProperty("java.class.path");
        System.setProperty("java.class.path", saved + java.io.File.pathSeparator + jar);
        try {
            List<ClassPathAccess.Entry> found = ClassPathAccess.discover().entries();

            ClassPathAccess.Entry plugin = found.stream().filter(e -> e.path().equals(jar)).findFirst().orElseThrow();
            assertTrue(plugin.services(), plugin.toString());
            assertTrue(found.stream().anyMatch(e -> e.path().equals(dep) && e.origin().equals("Class-Path of plugin.jar")),
                    found.toString());
            assertFalse(found.stream().anyMatch(e -> e.path().endsWith("missing.jar")), found.toString());
        } finally {
            System.setProperty("java.class.path", saved);
        }
    }

    private static void writeJar(Path jar, String entry, String content) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }
}
