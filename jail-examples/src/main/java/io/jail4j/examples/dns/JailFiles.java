package io.jail4j.examples.dns;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the zone files where the jailed daemon reads them, and names them as it will see them:
 * with {@code --jail DIR} they must already be inside DIR; without it a fresh jail is created
 * under the temp directory (mode 755) and each zone file is copied, with the files it
 * {@code $INCLUDE}s, to {@code zones/N/} in it (directories 755, files 644: readable after the
 * drop, for reloads, but not writable).
 */
final class JailFiles {
    private JailFiles() {
    }

    /** Returns the paths of zone files that are already inside {@code jail}, as seen from inside. */
    static List<String> inside(Path jail, List<Path> zones) throws UsageError {
        Path root;
        try {
            root = jail.toRealPath();
        } catch (IOException e) {
            throw new UsageError("--jail " + jail + ": " + reason(e));
        }
        List<String> out = new ArrayList<>();
        for (Path zone : zones) {
            Path real;
            try {
                real = zone.toRealPath();
            } catch (IOException e) {
                throw new UsageError("--zone " + zone + ": " + reason(e));
            }
            if (!real.startsWith(root) || real.equals(root)) {
                throw new UsageError("--zone " + zone + " is not inside the jail " + root + ": with --jail the zone files"
                        + " live in the jail, so that SIGHUP can reload them after the drop");
            }
            out.add("/" + root.relativize(real));
        }
        return out;
    }

    /** Creates a fresh, empty jail under the temp directory. */
    static Path create() throws IOException {
        Path dir = Files.createTempDirectory("jail4j-dnsd-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir.toRealPath();
    }

    /**
     * Reads and checks each zone file where it is (its includes must stay in its directory), then
     * copies it and its includes into the jail; returns their paths as seen from inside.
     */
    static List<String> copy(Path jail, List<Path> zones) throws ZoneException, IOException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < zones.size(); i++) {
            Path zone = zones.get(i);
            Path dir = zone.getParent();
            ZoneRoot source = new ZoneRoot(dir, false);
            String name = "/" + zone.getFileName();
            MasterReader reader = MasterReader.read(source, name);
            ZoneLoader.build(source.display(name), reader.entries());
            Path target = jail.resolve("zones").resolve(Integer.toString(i + 1));
            for (String file : reader.files()) {
                Path to = target.resolve(file.substring(1));
                directories(jail, to.getParent());
                Files.copy(source.host(file), to, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
            }
            out.add("/zones/" + (i + 1) + name);
        }
        return out;
    }

    private static void directories(Path jail, Path dir) throws IOException {
        if (dir.equals(jail) || Files.isDirectory(dir)) {
            return;
        }
        directories(jail, dir.getParent());
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Deletes a jail this process created, with everything in it. */
    static void delete(Path jail) {
        try {
            Files.walkFileTree(jail, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // a leftover directory under the temp directory is harmless
        }
    }

    private static String reason(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file or directory" : e.toString();
    }
}
