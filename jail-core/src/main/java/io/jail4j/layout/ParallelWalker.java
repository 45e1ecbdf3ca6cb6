package io.jail4j.layout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Walks a tree like {@link Walker} (one {@code lstat} per entry, no link followed, a directory
 * listed only after the visitor has seen it), but lists and stats different directories on
 * different threads, in no particular order. The visitor must be thread-safe. The threads belong
 * to a pool of this walk alone, which has ended when {@link #walk} returns, so that a caller
 * about to enter a jail has no extra threads left.
 */
final class ParallelWalker {
    private ParallelWalker() {
    }

    static long walk(Path start, Walker.Visitor visitor) throws IOException {
        int threads = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
        LongAdder count = new LongAdder();
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.invoke(new Dir("", start, visitor, count));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            pool.shutdown();
            try {
                if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                    throw new IOException("the walk's threads did not end within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the walk's threads ended", e);
            }
        }
        return count.sum();
    }

    /** Lists one directory, visits its entries and forks a task per subdirectory. */
    private static final class Dir extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final String rel;
        private final transient Path dir;
        private final transient Walker.Visitor visitor;
        private final transient LongAdder count;

        Dir(String rel, Path dir, Walker.Visitor visitor, LongAdder count) {
            this.rel = rel;
            this.dir = dir;
            this.visitor = visitor;
            this.count = count;
        }

        @Override
        protected void compute() {
            try {
                Walker.Level level = Walker.level(rel, dir, visitor, false);
                count.add(level.seen);
                List<Dir> subdirs = new ArrayList<>();
                for (Walker.Sub sub : level.subs) {
                    subdirs.add(new Dir(sub.rel(), sub.dir(), visitor, count));
                }
                invokeAll(subdirs);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
