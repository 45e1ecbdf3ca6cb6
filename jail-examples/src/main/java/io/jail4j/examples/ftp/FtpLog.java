package io.jail4j.examples.ftp;

import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The daemon's log: one line per session, per transfer and per refusal, through
 * {@link System.Logger} (backed by {@code java.util.logging}), written to standard error as
 * {@code 2025-01-02T03:04:05Z ftpd INFO: session 127.0.0.1:40112 open}. Times are UTC: no time-zone
 * data is read.
 */
final class FtpLog {
    static final String NAME = "io.jail4j.examples.ftp";
    private static final System.Logger LOG = System.getLogger(NAME);
    /** Held strongly: java.util.logging keeps only weak references to configured loggers. */
    private static final Logger JUL = Logger.getLogger(NAME);
    /** The TCP wrappers' own connection log ({@code io.jail4j.tcpd.HostsGuard}) goes the same way. */
    private static final Logger TCPD = Logger.getLogger("io.jail4j.tcpd");

    private FtpLog() {
    }

    static void info(String message) {
        LOG.log(System.Logger.Level.INFO, message);
    }

    static void warn(String message) {
        LOG.log(System.Logger.Level.WARNING, message);
    }

    /** Sends this log, one line per record, to {@code stream} instead of the root handlers. */
    static synchronized void writeTo(PrintStream stream) {
        LineHandler handler = new LineHandler(stream);
        for (Logger logger : new Logger[] {JUL, TCPD}) {
            for (Handler h : logger.getHandlers()) {
                logger.removeHandler(h);
            }
            logger.addHandler(handler);
            logger.setUseParentHandlers(false);
        }
    }

    /** Formats a record as one line. */
    static String format(LogRecord r) {
        String source = r.getLoggerName() != null && r.getLoggerName().startsWith("io.jail4j.tcpd") ? " tcpd " : " ftpd ";
        return r.getInstant().truncatedTo(ChronoUnit.SECONDS) + source + r.getLevel().getName() + ": "
                + Replies.printable(String.valueOf(r.getMessage()));
    }

    private static final class LineHandler extends Handler {
        private final PrintStream stream;

        LineHandler(PrintStream stream) {
            this.stream = stream;
        }

        @Override
        public void publish(LogRecord r) {
            if (isLoggable(r)) {
                synchronized (stream) {
                    stream.println(format(r));
                    stream.flush();
                }
            }
        }

        @Override
        public void flush() {
            stream.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
