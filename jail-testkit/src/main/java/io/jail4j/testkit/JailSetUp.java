package io.jail4j.testkit;

import java.nio.file.Path;

/**
 * The test's own set-up code that must run before the jail is entered, named by
 * {@link Jailed#setUp()}: it runs in the jailed child, as root, once for each test (each child
 * runs one test), after the test was discovered and before {@code Jail.enter()}, in the state a
 * daemon's own {@code main} is in before it calls {@code enter()}.
 *
 * <pre>{@code
 * @Jailed(setUp = MyDaemonTest.Config.class)
 * class MyDaemonTest {
 *     static final class Config implements JailSetUp {
 *         @Override
 *         public void beforeJail(Path jail) throws Exception {
 *             Settings.load(Path.of("/etc/mydaemon.conf")); // a host file, read while it can be
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>What it may do: read host files and keep what it read in static fields, initialise classes,
 * bind sockets, open read-only files it wants to use inside (with {@link Jailed#closeFds()} true,
 * {@code enter()} points descriptors it does not know at {@code /dev/null}), and write files into
 * the jail through its host path {@code jail} (as root: chown what the jailed user must write).
 * What it must not do: leave threads working ({@code enter()} drops every thread to the user and
 * chroots them all, so a thread busy with host files sees them vanish) or child processes running
 * ({@code enter()} refuses while the JVM has one: it would stay root outside the jail), keep a directory or a
 * writable host file open (the outside checks fail the test, as {@code enter()} may refuse), or
 * change the host (it runs as root, with no jail around it yet). An exception it throws fails the
 * test with the set-up named, before the jail is entered.
 */
public interface JailSetUp {

    /**
     * Runs before {@code enter()}, as root, outside the jail.
     *
     * @param jail the jail's host path (inside the jail it will be {@code /})
     * @throws Exception to fail the test before the jail is entered
     */
    void beforeJail(Path jail) throws Exception;

    /** The default of {@link Jailed#setUp()}: no set-up. */
    final class None implements JailSetUp {
        /** Creates the no-op set-up. */
        public None() {
        }

        @Override
        public void beforeJail(Path jail) {
            // nothing
        }
    }
}
