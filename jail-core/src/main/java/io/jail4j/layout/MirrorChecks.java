package io.jail4j.layout;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/** {@link Check#MIRROR}: host files that must have an identical copy at the same path inside the jail. */
final class MirrorChecks {
    private MirrorChecks() {
    }

    static void check(AuditRun run, Path jail, List<Path> hostPaths) throws IOException {
        for (Path host : hostPaths) {
            if (Files.isDirectory(host)) {
                Files.walkFileTree(host, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                        if (attrs.isRegularFile()) {
                            compare(run, jail, f);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
            } else {
                compare(run, jail, host);
            }
        }
    }

    private static void compare(AuditRun run, Path jail, Path host) throws IOException {
        String rel = host.toString().substring(1);
        Path copy = jail.resolve(rel);
        String problem;
        if (!Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS)) {
            problem = Files.exists(copy, LinkOption.NOFOLLOW_LINKS) ? "is not a regular file" : "is missing";
        } else if (!Files.isRegularFile(host)) {
            problem = "has no host file " + host + " to match";
        } else if (Files.mismatch(host, copy) >= 0) {
            problem = "differs from the host's " + host;
        } else {
            return;
        }
        run.add(rel, Check.MIRROR, Severity.ERROR, "the copy of " + host + " " + problem + ": code that reopens it by path"
                + " after the chroot (ServiceLoader, zipfs) would not read what the JVM loaded",
                "let enter() with mirrorClassPath() copy it again, or remove the stale copy");
    }
}
