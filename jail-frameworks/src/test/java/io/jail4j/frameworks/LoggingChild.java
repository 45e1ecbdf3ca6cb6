package io.jail4j.frameworks;

import io.jail4j.EntryReport;
import io.jail4j.Jail;
import io.jail4j.Preload;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forked root JVM of the logging tests: SLF4J 2 over one real framework (Logback or Log4j2,
 * the only provider its class path has), configured before {@code enter()} by the boot
 * configuration named on its command line, with {@link #THREADS} threads logging numbered lines
 * ({@code seq tT nN}, and {@code dbg tT nN} at DEBUG every tenth line) without pause before,
 * during and after {@code enter()}.
 *
 * <p>Arguments: {@code logback|log4j2}, then {@code recipe} (after {@code enter()}, switch to the
 * in-jail configuration {@code /etc/app/...} without losing an event, then wait until the test has
 * turned DEBUG on by editing that configuration) or {@code hostpaths} (the naive way: the boot
 * configuration already logs to host files; nothing is changed after {@code enter()}), then the jail.
 *
 * <p>On stdout: {@code factory=} the SLF4J logger factory's class, {@code warning=} each warning
 * of the entry report, {@code switched ms=}, {@code READY}, {@code debug-on ms=}, and last
 * {@code DONE t0=N t1=N} with the number of {@code seq} lines each thread logged.
 */
public final class LoggingChild {
    static final int THREADS = 2;
    private static final String PAD = "x".repeat(40);

    private LoggingChild() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            // the workers would keep the JVM alive: fail fast instead
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        String framework = args[0];
        boolean recipe = args[1].equals("recipe");
        Path jail = Path.of(args[2]);
        Jail.prepare();

        Logger log = LoggerFactory.getLogger("app.worker");
        System.out.println("factory=" + LoggerFactory.getILoggerFactory().getClass().getName());
        if (framework.equals("log4j2")) {
            Log4j2.printContext();
        }
        AtomicBoolean stop = new AtomicBoolean();
        long[] counts = new long[THREADS];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                long n = 0;
                while (!stop.get()) {
                    log.info("seq t{} n{} {}", id, n, PAD);
                    if (n % 10 == 0) {
                        log.debug("dbg t{} n{}", id, n);
                    }
                    n++;
                    LockSupport.parkNanos(400_000);
                }
                counts[id] = n;
            }, "worker-" + t);
            w.start();
            workers.add(w);
        }
        Thread.sleep(300);

        // this class runs from a class directory, which cannot be read after the chroot (a jar could):
        // the framework steps taken after enter() are loaded now
        Class<?> steps = framework.equals("logback") ? Logback.class : Log4j2.class;
        EntryReport report = ChildSupport.learnOrApply(Jail.at(jail).preload(Preload.classes(steps.getName()))
                .closeFds().dropTo("nobody")).enter();
        report.warnings().forEach(w -> System.out.println("warning=" + w));

        if (recipe) {
            long start = System.nanoTime();
            if (framework.equals("logback")) {
                Logback.switchToJail();
            } else {
                Log4j2.switchToJail();
            }
            System.out.println("switched ms=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
        System.out.println("READY");
        if (recipe) {
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(20);
            while (!log.isDebugEnabled()) {
                if (System.nanoTime() > deadline) {
                    System.out.println("debug-timeout");
                    break;
                }
                Thread.sleep(20);
            }
            System.out.println("debug-on ms=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
        Thread.sleep(1500);

        stop.set(true);
        for (Thread w : workers) {
            w.join();
        }
        if (framework.equals("logback")) {
            Logback.stop();
        } else {
            Log4j2.stop();
        }
        StringBuilder done = new StringBuilder("DONE");
        for (int t = 0; t < THREADS; t++) {
            done.append(" t").append(t).append('=').append(counts[t]);
        }
        System.out.println(done);
        System.out.flush();
        System.exit(0);
    }

    /** Logback's steps, in a class of their own: the Log4j2 child has no Logback classes. */
    static final class Logback {
        private Logback() {
        }

        /**
         * Logback after {@code enter()}: reads the in-jail configuration into the running context
         * without {@code reset()} (which would detach and stop every appender first: events logged
         * meanwhile are dropped), so the console appender keeps working until the file appender is
         * attached; then detaches the console appender without stopping it (a thread that already
         * took the old appender list still writes to it).
         */
        static void switchToJail() throws Exception {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(new File("/etc/app/logback.xml"));
            ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            if (root.getAppender("FILE") == null || !root.getAppender("FILE").isStarted()) {
                throw new IllegalStateException("the in-jail configuration gave no started FILE appender: "
                        + context.getStatusManager().getCopyOfStatusList());
            }
            detachConsole(root);
        }

        /**
         * Detaches {@code CONSOLE}, then keeps marking the root logger's cached appender array stale
         * for 200 ms. Logback 1.5's {@code COWArrayList} caches that array for the logging threads;
         * a thread that copies the list just before the detach and stores its copy just after it
         * stores the old array (with {@code CONSOLE}, or without {@code FILE} just attached) and marks
         * it fresh: every later event would go to the old appenders until the next change. Each
         * detach call, even of an appender already gone, marks the cache stale, so the next event
         * rebuilds it from the list as it now is.
         */
        static void detachConsole(ch.qos.logback.classic.Logger root) throws InterruptedException {
            ch.qos.logback.core.Appender<ch.qos.logback.classic.spi.ILoggingEvent> console = root.getAppender("CONSOLE");
            if (console == null) {
                throw new IllegalStateException("no CONSOLE appender on the root logger to detach");
            }
            root.detachAppender(console);
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            while (System.nanoTime() < end) {
                Thread.sleep(5);
                root.detachAppender(console); // not attached any more: only marks the cached array stale
            }
        }

        /** Prints Logback's own warnings and errors (status messages), then stops it: flushes and closes the files. */
        static void stop() {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            context.getStatusManager().getCopyOfStatusList().stream()
                    .filter(s -> s.getLevel() >= ch.qos.logback.core.status.Status.WARN)
                    .forEach(s -> System.out.println("status=" + s
                            + (s.getThrowable() == null ? "" : " " + s.getThrowable())));
            context.stop();
        }
    }

    /** Log4j2's steps, in a class of their own: the Logback child has no Log4j2 classes. */
    static final class Log4j2 {
        private Log4j2() {
        }

        /**
         * Log4j2 after {@code enter()}: {@code Configurator.reconfigure(URI)} parses the in-jail
         * configuration, starts it, points every logger at it and only then stops the old one, after
         * the events in flight (the default {@code AwaitCompletionReliabilityStrategy}). It logs a
         * failure instead of throwing and keeps the old configuration, so check which one runs.
         */
        static void switchToJail() {
            Configurator.reconfigure(URI.create("file:/etc/app/log4j2.xml"));
            org.apache.logging.log4j.core.LoggerContext context =
                    (org.apache.logging.log4j.core.LoggerContext) LogManager.getContext(false);
            String location = context.getConfiguration().getConfigurationSource().getLocation();
            if (!"/etc/app/log4j2.xml".equals(location)) {
                throw new IllegalStateException("Log4j2 still runs the configuration from " + location);
            }
        }

        /** Prints the class of Log4j's context: log4j-core's, not the API's fallback. */
        static void printContext() {
            System.out.println("log4j-context=" + LogManager.getContext(false).getClass().getName());
        }

        /** Stops Log4j2: flushes and closes the files, waits for the compression of the last rollover. */
        static void stop() {
            LogManager.shutdown();
        }
    }
}
