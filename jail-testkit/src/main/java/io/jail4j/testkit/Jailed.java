package io.jail4j.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a JUnit Jupiter test inside a real jail: chrooted into a fresh directory, dropped to an
 * unprivileged user, with no handle left outside. Each annotated test gets a JVM of its own.
 *
 * <pre>{@code
 * @Jailed(user = "nobody", listen = 79)
 * class FingerDaemonTest {
 *     @Test
 *     void answersFromTheJail(EntryReport report, ListeningSockets sockets) throws IOException {
 *         assertEquals(65534, report.target().uid());
 *         new FingerDaemon(sockets.channel(0)).serveOne();
 *     }
 * }
 * }</pre>
 *
 * <p>For each test method (or each invocation of a parameterized or repeated test) the extension:
 * <ol>
 *   <li>validates the attributes and fails with an error naming this annotation and the
 *       attribute;</li>
 *   <li>skips the test with a reason when the running JVM is not root, or fails it when the
 *       environment variable {@code CI} is {@code true};</li>
 *   <li>creates a jail directory under {@code java.io.tmpdir} from the {@link #layout()};</li>
 *   <li>hard-links the test's class path (read-only copies in the testkit's cache, each class-path
 *       directory packed into a jar) into the jail at its paths, so that resources, bundles and
 *       {@code ServiceLoader} providers of the project work inside without being named;</li>
 *   <li>forks a JVM as root with that class path (worked out from {@code java.class.path},
 *       manifest {@code Class-Path} entries of pathing jars and the test class's
 *       {@code URLClassLoader}), working directory {@code /}, on the {@link #jdk()}, which binds
 *       the {@link #listen()} ports, discovers the test with the JUnit Platform Launcher, runs the
 *       {@link #setUp()} hook, and calls jail4j's {@code Jail.enter()} (with {@code closeFds()}
 *       unless {@link #closeFds()} is false), whose preload loads the classes of the
 *       {@link #preload()} packages, reads the {@link #resources()}, initialises the
 *       {@link #initialize()} classes and opens every class-path jar;</li>
 *   <li>while that JVM waits, checks it from outside through {@code /proc/PID}: every thread
 *       dropped to the user with no capabilities and no_new_privs set, root and working
 *       directory in the jail, no directory descriptor, no descriptor writable to a file outside
 *       the jail ({@link io.jail4j.inspect.JailVerdict});</li>
 *   <li>runs exactly this test there, lifecycle methods included, and checks the process from
 *       outside again after it;</li>
 *   <li>reports the outcome here as if the test had run locally: success; the original failure
 *       with its message and stack trace; abort or skip; the child's standard output and error
 *       (forwarded as they come, and published as report entries {@code jailed.stdout} and
 *       {@code jailed.stderr}) and the child's report entries;</li>
 *   <li>kills the child by its pid after {@link #timeoutSeconds()} (its main thread's stack goes
 *       into the failure), and always deletes the jail; no child outlives the test.</li>
 * </ol>
 *
 * <p>A test may declare parameters of type {@link io.jail4j.EntryReport}, {@link ListeningSockets}
 * and {@code @}{@link JailRoot} {@link java.nio.file.Path}.
 *
 * <p><b>Where code runs.</b> The test method, {@code @BeforeEach} and {@code @AfterEach} run only
 * inside the jail. {@code @BeforeAll} and {@code @AfterAll} run only inside the jail when the
 * class carries this annotation; when only methods do, they run outside too. The test instance is
 * created on both sides. A method's annotation replaces the class's as a whole.
 *
 * <p><b>Speed.</b> From a test JVM's second jailed test on, the next child is started ahead at
 * nice 19 while a test runs. Children map a class-data sharing archive of what they load before
 * their test, kept in the testkit's cache across test JVMs (keyed by the JDK, the JVM options and
 * the class path's content) and made once by a training JVM that runs no test and enters no
 * jail; the configuration parameter {@code jail4j.testkit.sharing=false} turns it off,
 * {@code jail4j.testkit.prestart=false} starting ahead, and {@code jail4j.testkit.cache} names
 * the cache directory (root's, mode 0700; entries not owned by root or writable by others are
 * refused and made again).
 *
 * <p><b>Limits.</b> {@code @TestFactory} methods are refused. Only the class path reaches the
 * jail (read-only): files elsewhere on the host (and symbolic links inside class-path
 * directories) do not. A test class from a class loader that names no class path (not a
 * {@code URLClassLoader}) fails, naming the loader.
 * Configuration parameters given to the outer launcher do not reach the child; a
 * {@code junit-platform.properties} on the class path does.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(JailedExtension.class)
public @interface Jailed {

    /**
     * Returns the user to drop to: a name known to the host ({@code getpwnam}), or numeric ids as
     * {@code "uid:gid"} (the only group then being {@code gid}). Never root. The default,
     * {@code nobody}, makes the entry report warn that other daemons share it; it is kept so that
     * a test run adds no account to the host (the README's {@code @Jailed} section says why): name
     * a dedicated account, or ids no one else uses, to test as the daemon will run.
     *
     * @return a user name or {@code "uid:gid"}; {@code root}, uid or gid 0, or a name unknown to
     *         the host fails the test
     */
    String user() default "nobody";

    /**
     * Returns the class that provides the jail's layout; it needs a no-argument constructor and,
     * if nested, must be static. The default is an empty jail with a {@code /tmp}.
     *
     * @return the provider class, instantiated outside the jail as root once per test
     */
    Class<? extends JailLayoutProvider> layout() default JailLayoutProvider.Minimal.class;

    /**
     * Returns the JDK to fork: empty for the running one, a major version such as {@code "25"}
     * (the newest such JDK in {@code /usr/lib/jvm}), or the absolute path of a JDK home. A JDK
     * that is not installed skips the test, or fails it when {@code CI=true}.
     *
     * @return {@code ""}, a major version number, or an absolute JDK home path
     */
    String jdk() default "";

    /**
     * Returns the time in seconds from the fork to the test's result, after which the child is
     * killed and the test fails.
     *
     * @return the limit in seconds (default 60)
     */
    long timeoutSeconds() default 60;

    /**
     * Returns the TCP ports to bind on {@link #listenAddress()} as root before entering the jail
     * ({@code 0} for any free port); the test receives them as {@link ListeningSockets}, in this
     * order.
     *
     * @return the ports, each fixed or {@code 0}; empty (the default) for no socket
     */
    int[] listen() default {};

    /**
     * Returns the IP address literal the {@link #listen()} ports are bound to.
     *
     * @return an IPv4 or IPv6 literal, {@code 127.0.0.1} by default
     */
    String listenAddress() default "127.0.0.1";

    /**
     * Returns packages whose classes (of the package and its subpackages, on the class path) are
     * loaded before the jail is entered, as {@code Jail.preload(Preload.packages(..))} would; a
     * package without any class fails the test. Classes load inside the jail too, from the jars
     * opened before: use it to move loading out of what the test measures.
     *
     * @return package names such as {@code "com.example.proto"}; empty (the default) for none
     */
    String[] preload() default {};

    /**
     * Returns class-path resources to read once before the jail is entered, as the daemon's own
     * {@code Jail.preload(Preload.resources(..))} would (a missing one fails the test). Not needed
     * to read resources inside: the class path's files are in every jail at their path (read-only
     * hard links of the testkit's copies), so resources, {@code ResourceBundle}s and
     * {@code ServiceLoader} providers of every class-path jar and directory work there without
     * being named. Use it to check that the resources the daemon's plan names exist.
     *
     * @return class-path resource names; empty (the default) for none
     */
    String[] resources() default {};

    /**
     * Returns classes to load and initialise (run their static initialisers) before the jail is
     * entered, as the daemon's own {@code Jail.preload(Preload.initialize(..))} would: binary names
     * such as {@code "com.example.Config"} or {@code "com.example.Outer$Inner"}; a class that is
     * missing or whose initialiser throws fails the test before the jail is entered. An initialiser
     * that reads host files, or that the jailed user could not run, belongs here.
     *
     * @return binary class names; empty (the default) for none
     */
    String[] initialize() default {};

    /**
     * Returns the test's own code to run in the child as root before {@code enter()}, once per
     * test: a class implementing {@link JailSetUp} with a no-argument constructor (static if
     * nested). It runs after the test is discovered and before the {@link #preload()},
     * {@link #resources()} and {@link #initialize()} steps of {@code enter()}; see
     * {@link JailSetUp} for what it may and may not do. The default does nothing.
     *
     * @return the set-up class, instantiated in the child as root
     */
    Class<? extends JailSetUp> setUp() default JailSetUp.None.class;

    /**
     * Returns whether {@code enter()} points stray host descriptors at {@code /dev/null}
     * ({@code Jail.closeFds()}).
     *
     * @return {@code true} (the default) to close stray descriptors, {@code false} to leave them
     */
    boolean closeFds() default true;

    /**
     * Returns whether {@code enter()} runs jail4j's default preload (security, crypto, TLS, time
     * zones, charsets, NIO, logging, MXBeans: about a third of a jailed test's cost). Turn it off
     * ({@code Jail.withoutDefaultPreload()}) only for tests of code that uses none of these, or
     * that preloads what it needs itself, as the daemon will.
     *
     * @return {@code true} (the default) to run the default preload, {@code false} to skip it
     */
    boolean defaultPreload() default true;

    /**
     * Returns extra options for the child JVM, placed after the testkit's own, which they can
     * override: {@code -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1
     * -XX:CompileThresholdScaling=8 -XX:-UsePerfData -Djnr.ffi.asm.enabled=false} (a JVM that lives
     * a quarter of a second spends less CPU this way; the compiler thread count is left out when
     * these options choose the compilers). Options that decide about class-data sharing
     * ({@code -Xshare}, {@code -XX:SharedArchiveFile}, {@code -XX:AOTCache}, ...) turn the
     * testkit's archive off for this test.
     *
     * @return JVM options, each one argument; empty (the default) for none
     */
    String[] jvmArgs() default {};
}
