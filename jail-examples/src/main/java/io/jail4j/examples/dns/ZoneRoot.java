package io.jail4j.examples.dns;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The directory zone files are read under, named by paths as the jailed daemon sees them
 * ({@code /zones/example.test.zone}). Before the chroot the root is the jail's host path; after it,
 * {@code /}. Every file, {@code $INCLUDE}d ones too, must stay below the root, also after symbolic
 * links are followed, so that a zone file can never make the daemon read a host file.
 */
final class ZoneRoot {
    private final Path root;
    private final boolean absoluteIncludes;

    /**
     * @param root             an existing directory
     * @param absoluteIncludes whether {@code $INCLUDE /path} is allowed (resolved under the root);
     *                         false while zones are read from their own directory to be copied
     */
    ZoneRoot(Path root, boolean absoluteIncludes) throws IOException {
        this.root = root.toRealPath();
        this.absoluteIncludes = absoluteIncludes;
    }

    /** Returns the root as a real host path. */
    Path path() {
        return root;
    }

    /**
     * Resolves the name given to {@code $INCLUDE} in {@code including} to a path under the root:
     * relative to the including file's directory, or (if allowed) from the root.
     *
     * @return the normalized path, starting with {@code /}, or null with {@code why[0]} set
     */
    String include(String including, String name, String[] why) {
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            why[0] = "empty or invalid file name";
            return null;
        }
        Deque<String> parts = new ArrayDeque<>();
        if (name.startsWith("/")) {
            if (!absoluteIncludes) {
                why[0] = "absolute $INCLUDE path " + name + " is resolved inside the jail; give --jail to use one";
                return null;
            }
        } else {
            String dir = including.substring(0, including.lastIndexOf('/'));
            for (String p : dir.split("/")) {
                if (!p.isEmpty()) {
                    parts.addLast(p);
                }
            }
        }
        for (String p : name.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    why[0] = "$INCLUDE " + name + " climbs above the zone root";
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(p);
            }
        }
        if (parts.isEmpty()) {
            why[0] = "$INCLUDE " + name + " names the zone root itself";
            return null;
        }
        return "/" + String.join("/", parts);
    }

    /**
     * Opens a file named by a path under the root (starting with {@code /}), refusing one whose real
     * path leaves the root.
     */
    InputStream open(String path) throws IOException {
        Path host = root.resolve(path.substring(1));
        Path real;
        try {
            real = host.toRealPath();
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path, null, "no such file");
        }
        if (!real.startsWith(root)) {
            throw new IOException("resolves to " + real + ", outside " + root);
        }
        if (!Files.isRegularFile(real)) {
            throw new IOException("not a regular file");
        }
        return Files.newInputStream(real);
    }

    /** Returns how to name a path under the root in messages: its host path (the same after the chroot). */
    String display(String path) {
        return root.resolve(path.substring(1)).toString();
    }

    /** Returns the host path of a path under the root, for copying. */
    Path host(String path) {
        return root.resolve(path.substring(1));
    }
}
