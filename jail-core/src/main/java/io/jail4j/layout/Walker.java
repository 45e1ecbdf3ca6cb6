package io.jail4j.layout;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Walks a tree depth-first, parents before children, siblings in name order, with exactly one
 * {@link Stat} ({@code lstat}) per entry. It never follows symbolic links and lists a directory
 * only after the visitor has seen it, so a visitor that tightens a directory does so before
 * anything below it is read. (Files.walkFileTree stats every entry itself and hides the unix
 * fields behind BasicFileAttributes, which would cost a second stat per entry.)
 */
final class Walker {

    /** Receives every entry below the start directory. */
    interface Visitor {
        /**
         * Sees one entry; for a directory, returns whether to walk into it.
         *
         * @param rel  the path relative to the start, components joined by '/'
         * @param path the path on the host
         */
        boolean visit(String rel, Path path, Stat st) throws IOException;

        /** Hears that an entry could not be statted or a directory not listed. */
        void failed(String rel, Path path, IOException e) throws IOException;
    }

    private Walker() {
    }

    /** A subdirectory to walk into: its path relative to the start and on the host. */
    record Sub(String rel, Path dir) {
    }

    /** The subdirectories of one directory the visitor wants entered, and how many entries it saw. */
    static final class Level {
        final List<Sub> subs = new ArrayList<>();
        int seen;
    }

    /** Walks everything below {@code start} (not {@code start} itself); returns how many entries it saw. */
    static long walk(Path start, Visitor visitor) throws IOException {
        long count = 0;
        Deque<Sub> stack = new ArrayDeque<>();
        stack.push(new Sub("", start));
        while (!stack.isEmpty()) {
            Sub next = stack.pop();
            Level level = level(next.rel(), next.dir(), visitor, true);
            count += level.seen;
            // Push in reverse so that the stack pops siblings in name order.
            for (int i = level.subs.size() - 1; i >= 0; i--) {
                stack.push(level.subs.get(i));
            }
        }
        return count;
    }

    /**
     * Lists {@code dir} (reporting a failure to the visitor, then returning an empty level),
     * stats and visits each entry, in name order if {@code sorted}, and returns the
     * subdirectories to walk into.
     */
    static Level level(String rel, Path dir, Visitor visitor, boolean sorted) throws IOException {
        Level level = new Level();
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path child : stream) {
                children.add(child);
            }
        } catch (IOException e) {
            visitor.failed(rel.isEmpty() ? "." : rel, dir, e);
            return level;
        } catch (DirectoryIteratorException e) {
            visitor.failed(rel.isEmpty() ? "." : rel, dir, e.getCause());
            return level;
        }
        if (sorted) {
            children.sort(null);
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            String childRel = rel.isEmpty() ? name : rel + "/" + name;
            Stat st;
            try {
                st = Stat.of(child);
            } catch (IOException e) {
                visitor.failed(childRel, child, e);
                continue;
            }
            if (st == null) {
                continue; // removed while we walked
            }
            level.seen++;
            if (visitor.visit(childRel, child, st) && st.isDirectory()) {
                level.subs.add(new Sub(childRel, child));
            }
        }
        return level;
    }
}
