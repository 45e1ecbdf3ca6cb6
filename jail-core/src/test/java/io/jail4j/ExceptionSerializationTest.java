package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jail4j.layout.AuditReport;
import io.jail4j.layout.Check;
import io.jail4j.layout.Finding;
import io.jail4j.layout.Severity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every public exception of jail4j keeps its data when it is serialized and read back, as the
 * testkit does to send a failure from the jailed child to the test JVM: each accessor returns
 * the same value afterwards. The types are found by scanning the library's classes, so that a
 * new exception without an entry here fails {@link #everyPublicException_scan_hasAnExample()}.
 */
class ExceptionSerializationTest {
    private static final IllegalStateException CAUSE = new IllegalStateException("the cause");

    /** An example of each public exception type, every accessor returning non-trivial data. */
    private static final Map<Class<?>, Supplier<Throwable>> EXAMPLES = examples();

    private static Map<Class<?>, Supplier<Throwable>> examples() {
        Map<Class<?>, Supplier<Throwable>> m = new LinkedHashMap<>();
        m.put(JailException.class, () -> new JailException("enter(): something", CAUSE));
        m.put(JailStateException.class, () -> new JailStateException("enter(): already entered", CAUSE));
        m.put(InvalidTargetException.class, () -> new InvalidTargetException("dropTo(\"x\"): uid 0"));
        m.put(MissingCapabilityException.class,
                () -> new MissingCapabilityException(List.of("CAP_SETUID", "CAP_SETGID"), "lacks them"));
        m.put(UnknownUserException.class, () -> new UnknownUserException("nosuchuser"));
        m.put(PreloadException.class, () -> new PreloadException(2, "load config", CAUSE));
        m.put(JailPathException.class, () -> new JailPathException(Path.of("/srv/ftp/pub"), "is writable", CAUSE));
        m.put(ChildProcessException.class, () -> new ChildProcessException(List.of(4321L, 4322L), "children as root"));
        m.put(SharedMappingException.class,
                () -> new SharedMappingException(List.of("/var/log/a.log (7f00-7f10)", "/tmp/b"), "shared mappings"));
        m.put(OpenDescriptorException.class, () -> new OpenDescriptorException(List.of(
                new OpenDescriptor(7, "/etc", OpenDescriptor.Kind.DIRECTORY, false, OpenDescriptor.Action.REFUSED,
                        "a directory", ""),
                new OpenDescriptor(9, "/var/log/x.log", OpenDescriptor.Kind.FILE, true,
                        OpenDescriptor.Action.NEUTRALISED, "host file", "O_APPEND")), "descriptors"));
        m.put(ProcFileException.class, () -> new ProcFileException(Path.of("/proc/self/fdinfo/7"), "no flags line",
                new java.io.IOException("short read")));
        m.put(SystemCallException.class, () -> new SystemCallException("chroot(7)", 1, "EPERM (Operation not permitted)"));
        m.put(SocketActivationException.class,
                () -> new SocketActivationException("no socket", "-Djava.net.preferIPv4Stack=true", CAUSE));
        m.put(JailAuditException.class, () -> new JailAuditException(auditReport()));
        m.put(io.jail4j.layout.LayoutException.class, () -> construct(io.jail4j.layout.LayoutException.class,
                new Class<?>[] {String.class, String.class, Throwable.class}, "/upload", "bad mode", CAUSE));
        m.put(io.jail4j.layout.AuditException.class, () -> construct(io.jail4j.layout.AuditException.class,
                new Class<?>[] {Path.class, String.class, Throwable.class}, Path.of("/srv/ftp/etc"), "missing", CAUSE));
        m.put(io.jail4j.tcpd.HostsFileException.class, () -> construct(io.jail4j.tcpd.HostsFileException.class,
                new Class<?>[] {Path.class, int.class, String.class, Throwable.class}, Path.of("/etc/hosts.allow"), 12,
                "option \"spawn\" would run a shell", CAUSE));
        return m;
    }

    private static AuditReport auditReport() {
        Finding error = construct(Finding.class, new Class<?>[] {String.class, Check.class, Severity.class, String.class,
                String.class}, "/etc/shadow", Check.values()[0], Severity.ERROR, "readable by the user", "chmod 0600");
        Finding warning = construct(Finding.class, new Class<?>[] {String.class, Check.class, Severity.class,
                String.class, String.class}, "/bin/sh", Check.values()[Check.values().length - 1], Severity.WARNING,
                "a shell", "");
        return construct(AuditReport.class, new Class<?>[] {Path.class, String.class, long.class, long.class, List.class},
                Path.of("/srv/ftp"), "ftp (uid 1001)", 42L, 1_234_567L, List.of(warning, error));
    }

    @Test
    void everyPublicException_scan_hasAnExample() throws Exception {
        Set<String> found = new TreeSet<>();
        for (Class<?> type : publicExceptionTypes()) {
            found.add(type.getName());
        }
        Set<String> known = new TreeSet<>();
        EXAMPLES.keySet().forEach(c -> known.add(c.getName()));
        assertTrue(found.size() >= 16, "the scan found too few exception types to be working: " + found);
        assertEquals(found, known, "every public exception type needs an example in this test");
    }

    @TestFactory
    Stream<DynamicTest> everyPublicException_serializeAndRead_keepsEveryAccessor() {
        return EXAMPLES.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey().getSimpleName(), () -> {
            Throwable original = e.getValue().get();
            assertEquals(e.getKey(), original.getClass());
            Throwable copy = roundTrip(original);
            assertEquals(original.getClass(), copy.getClass());
            List<Method> accessors = accessors(original.getClass());
            for (Method m : accessors) {
                Object before = m.invoke(original);
                if (m.getDeclaringClass() == original.getClass()) {
                    assertNonTrivial(m, before);
                }
                Object after = m.invoke(copy);
                List<String> differences = new ArrayList<>();
                compare(m.getDeclaringClass().getSimpleName() + "." + m.getName() + "()", before, after, differences, 0);
                assertEquals(List.of(), differences, "after a round-trip");
            }
        }));
    }

    @Test
    void transientField_serializeAndRead_isReportedAsADifference() {
        List<String> differences = new ArrayList<>();
        compare("x", List.of(1L), null, differences, 0);
        compare("y", auditReport(), construct(AuditReport.class, new Class<?>[] {Path.class, String.class, long.class,
                long.class, List.class}, Path.of("/srv/ftp"), "ftp (uid 1001)", 42L, 1_234_567L, List.of()), differences, 0);
        assertEquals("x: [1] became null", differences.get(0));
        assertTrue(differences.stream().anyMatch(d -> d.startsWith("y.findings()")), differences.toString());
    }

    /** Returns every public, concrete Throwable among the library's classes, found on disk or in its jar. */
    private static List<Class<?>> publicExceptionTypes() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(Jail.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root.resolve("io/jail4j"))) {
                files.map(p -> root.relativize(p).toString()).filter(n -> n.endsWith(".class")).forEach(names::add);
            }
        } else {
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(root.toFile())) {
                jar.stream().map(java.util.jar.JarEntry::getName)
                        .filter(n -> n.startsWith("io/jail4j/") && n.endsWith(".class")).forEach(names::add);
            }
        }
        List<Class<?>> types = new ArrayList<>();
        for (String name : names) {
            Class<?> c = Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.'), false,
                    Jail.class.getClassLoader());
            if (Throwable.class.isAssignableFrom(c) && Modifier.isPublic(c.getModifiers())
                    && !Modifier.isAbstract(c.getModifiers())) {
                types.add(c);
            }
        }
        return types;
    }

    /** Returns the public instance methods without parameters, Throwable's own included. */
    private static List<Method> accessors(Class<?> type) {
        List<Method> out = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers()) && m.getReturnType() != void.class
                    && !Set.of("hashCode", "getClass", "fillInStackTrace").contains(m.getName())) {
                out.add(m);
            }
        }
        assertFalse(out.isEmpty());
        return out;
    }

    private static void assertNonTrivial(Method m, Object value) {
        assertNotNull(value, m + " returns null in the example: give it data");
        if (value instanceof Collection<?> c) {
            assertTrue(c.size() >= 2, m + " returns fewer than two elements in the example: give it data");
        }
    }

    /**
     * Adds to {@code differences} where {@code a} and {@code b} differ: by {@code equals} for a
     * type that defines it, element by element for arrays and lists, by class and message for a
     * throwable, else by every accessor of the value.
     */
    private static void compare(String where, Object a, Object b, List<String> differences, int depth) {
        if (a == null || b == null) {
            if (a != b) {
                differences.add(where + ": " + a + " became " + b);
            }
            return;
        }
        if (a.getClass() != b.getClass()) {
            differences.add(where + ": a " + a.getClass().getName() + " became a " + b.getClass().getName());
        } else if (a instanceof Throwable ta) {
            compare(where + ".getMessage()", ta.getMessage(), ((Throwable) b).getMessage(), differences, depth);
        } else if (a.getClass().isArray()) {
            Object[] xs = a instanceof Object[] ? (Object[]) a : new Object[] {java.util.Arrays.toString((byte[]) a)};
            Object[] ys = b instanceof Object[] ? (Object[]) b : new Object[] {java.util.Arrays.toString((byte[]) b)};
            compare(where + ".length", xs.length, ys.length, differences, depth);
            for (int i = 0; i < Math.min(xs.length, ys.length); i++) {
                compare(where + "[" + i + "]", xs[i], ys[i], differences, depth + 1);
            }
        } else if (definesEquals(a.getClass()) || depth > 3) {
            if (!a.equals(b)) {
                differences.add(where + ": " + a + " became " + b);
            }
        } else {
            compare(where + ".toString()", a.toString(), b.toString(), differences, depth);
            for (Method m : accessors(a.getClass())) {
                try {
                    compare(where + "." + m.getName() + "()", m.invoke(a), m.invoke(b), differences, depth + 1);
                } catch (ReflectiveOperationException e) {
                    differences.add(where + "." + m.getName() + "(): " + e);
                }
            }
        }
    }

    private static boolean definesEquals(Class<?> type) {
        try {
            return type.getMethod("equals", Object.class).getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    private static Throwable roundTrip(Throwable t) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(t);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (Throwable) in.readObject();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T construct(Class<T> type, Class<?>[] parameters, Object... arguments) {
        try {
            Constructor<?> c = type.getDeclaredConstructor(parameters);
            c.setAccessible(true);
            return (T) c.newInstance(arguments);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot construct " + type.getName() + ": " + e, e);
        }
    }
}
