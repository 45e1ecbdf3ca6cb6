package io.jail4j.examples.bench;

import io.jail4j.Credentials;
import io.jail4j.EntryReport;
import io.jail4j.Jail;
import io.jail4j.JailException;
import io.jail4j.examples.ExitCode;
import java.nio.file.Path;

/**
 * The JVM side of {@code jail4j bench}: prints the monotonic clock at {@code main()}, then (unless
 * told to stop there) enters the jail and prints the report's timings.
 */
public final class BenchChild {
    static final String USAGE = "BenchChild --bare | BenchChild [--prepare MILLIS] JAIL USER";

    private BenchChild() {
    }

    /**
     * Runs one measured entry.
     *
     * @param args {@code --bare}, or {@code [--prepare MILLIS] JAIL USER}
     * @throws JailException if jail4j refuses to enter the jail or to drop to the user
     * @throws InterruptedException if interrupted while sleeping the {@code --prepare} milliseconds
     */
    public static void main(String[] args) throws JailException, InterruptedException {
        long main = System.nanoTime();
        String problem = check(args);
        if (problem != null) {
            System.err.println("jail4j bench child: " + problem + "; usage: " + USAGE);
            System.exit(ExitCode.USAGE.code());
        }
        System.out.println("MAIN " + main);
        if (args[0].equals("--bare")) {
            return;
        }
        if (args[0].equals("--prepare")) { // Jail.prepare(), then the application's own start-up
            Jail.prepare();
            Thread.sleep(Long.parseLong(args[1]));
            args = new String[] {args[2], args[3]};
        }
        long start = System.nanoTime();
        Credentials.current(); // loads the native binding: measured apart from enter()
        long loaded = System.nanoTime();
        EntryReport report = Jail.at(Path.of(args[0])).dropTo(args[1]).enter();
        long after = System.nanoTime();
        System.out.println("ENTER irreversible=" + report.irreversibleTime().toNanos() + " total=" + (after - loaded)
                + " load=" + (loaded - start) + " threads=" + report.threadsVerified());
    }

    /** Returns what is wrong with the arguments, or null if they are one of the accepted forms. */
    static String check(String[] args) {
        if (args.length == 1 && args[0].equals("--bare")) {
            return null;
        }
        int at = 0;
        if (args.length > 0 && args[0].equals("--prepare")) {
            if (args.length < 2 || !args[1].matches("[0-9]{1,9}")) {
                return "--prepare \"" + (args.length < 2 ? "" : args[1]) + "\": expected milliseconds, 0 to 999999999";
            }
            at = 2;
        }
        if (args.length - at != 2) {
            return "expected a jail and a user, got " + (args.length - at) + " argument(s)";
        }
        if (args[at].isEmpty() || !args[at].startsWith("/")) {
            return "jail \"" + args[at] + "\": expected an absolute path";
        }
        if (args[at + 1].isEmpty() || args[at + 1].startsWith("-")) {
            return "user \"" + args[at + 1] + "\": expected a user name";
        }
        return null;
    }
}
