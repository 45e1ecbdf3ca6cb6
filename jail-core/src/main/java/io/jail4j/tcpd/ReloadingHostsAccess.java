package io.jail4j.tcpd;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Rules that follow their files: at most once per interval, the first check after it looks at
 * the files a {@link HostsAccess} was read from (rule files, list files, banner directories) and
 * reads them again if one changed, appeared or went away, as libwrap effectively does by reading
 * them at every connection.
 *
 * <p>For files that live inside the jail, create it after {@code enter()} from rules loaded with
 * the paths as seen inside the jail (readable by the dropped user). A reload that fails keeps the
 * rules in force, logs a warning through {@link System.Logger} and is kept in
 * {@link #lastFailure()} until a reload succeeds. Thread-safe; only one thread looks at the files
 * at a time, the others go on with the current rules.
 */
public final class ReloadingHostsAccess implements Supplier<HostsAccess> {
    private static final Logger LOG = System.getLogger(ReloadingHostsAccess.class.getName());

    private final long intervalNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile HostsAccess current;
    private volatile HostsFileException lastFailure;
    private volatile long nextLook;

    private ReloadingHostsAccess(HostsAccess initial, Duration interval) {
        this.current = initial;
        this.intervalNanos = interval.toNanos();
        this.nextLook = System.nanoTime() + intervalNanos;
    }

    /**
     * Follows the files of {@code initial}, looking at most once per {@code interval} (at least
     * 1 ms).
     *
     * @param initial the rules in force until a file changes, not {@code null}; the files it was
     *     read from (rule files, list files, banner directories and banner files) are the ones
     *     watched, and reloads use its option handlers
     * @param interval the least time between two looks at the files
     * @return rules that start as {@code initial}
     * @throws IllegalArgumentException if {@code interval} is shorter than 1 ms
     */
    public static ReloadingHostsAccess of(HostsAccess initial, Duration interval) {
        Objects.requireNonNull(initial, "initial");
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("interval: " + interval + " is shorter than 1 ms");
        }
        return new ReloadingHostsAccess(initial, interval);
    }

    /**
     * Returns the rules in force, reading the files again first if they changed and it is time.
     *
     * @return the current rules, never {@code null}; once the interval has passed, the calling
     *     thread first compares the files with what was read (attributes and a checksum of the
     *     content) and reloads them if one differs, unless another thread is doing so; a reload
     *     that fails keeps the previous rules
     */
    @Override
    public HostsAccess get() {
        if (System.nanoTime() - nextLook >= 0 && lock.tryLock()) {
            try {
                if (System.nanoTime() - nextLook >= 0) {
                    refresh();
                    nextLook = System.nanoTime() + intervalNanos;
                }
            } finally {
                lock.unlock();
            }
        }
        return current;
    }

    /**
     * Checks {@code r} against the rules in force ({@link #get()}).
     *
     * @param r the connection to decide, not {@code null}
     * @return the decision of the rules in force, as {@link HostsAccess#check(Request)} gives it
     */
    public Decision check(Request r) {
        return get().check(r);
    }

    /**
     * Reads the files again now if they changed; returns whether the rules were replaced.
     *
     * @return {@code true} if a file had changed, appeared or gone and the new rules are now in
     *     force; {@code false} if none had (nothing was read again)
     * @throws HostsFileException if they changed and cannot be loaded (the old rules stay)
     */
    public boolean reloadNow() throws HostsFileException {
        lock.lock();
        try {
            if (!current.stale()) {
                return false;
            }
            HostsAccess next = current.reload();
            current = next;
            lastFailure = null;
            return true;
        } catch (HostsFileException e) {
            lastFailure = e;
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns why the last reload failed, if the rules in force are older than the files.
     *
     * @return the exception of the latest reload that failed, kept until a reload succeeds;
     *     empty if none has failed since the last successful one
     */
    public Optional<HostsFileException> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    private void refresh() {
        HostsFileException before = lastFailure;
        try {
            if (reloadNow()) {
                LOG.log(Level.INFO, "reloaded " + current);
            }
        } catch (HostsFileException e) {
            if (before == null || !before.getMessage().equals(e.getMessage())) {
                LOG.log(Level.WARNING, "keeping the previous rules: " + e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return "ReloadingHostsAccess[" + current + "]";
    }
}
