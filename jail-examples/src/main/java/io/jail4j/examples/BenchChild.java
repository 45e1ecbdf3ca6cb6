package io.jail4j.examples;

import io.jail4j.Credentials;
import io.jail4j.EntryReport;
import io.jail4j.Jail;
import io.jail4j.JailException;
import java.nio.file.Path;

/**
 * The JVM side of {@code jail4j bench}: prints the monotonic clock at {@code main()}, then (unless
 * told to stop there) enters the jail and prints the report's timings.
 */
public final class BenchChild {
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
        System.out.println("MAIN " + System.nanoTime());
        if (args.length == 1 && args[0].equals("--bare")) {
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
}
