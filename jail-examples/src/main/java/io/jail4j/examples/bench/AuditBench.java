package io.jail4j.examples.bench;

import io.jail4j.layout.AuditException;
import io.jail4j.layout.AuditReport;
import io.jail4j.layout.JailAudit;

import io.jail4j.examples.ExitCode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code jail4j audit-bench [--files N] [--runs R]}: builds a clean jail of N files (default
 * 100,000, in directories of 1,000) under the temp directory, then times, interleaved in each
 * round, the audit and jailkit's {@code jk_check} (as configured by default, comparing every file
 * with the host's, and with {@code ignorepathoncompare}, its cheapest setting) on the same tree.
 * Prints median and spread of each, files per second and the ratios. Needs root and jk_check.
 */
public final class AuditBench {
    private static final Path JK_CHECK = Path.of("/usr/sbin/jk_check");

    private AuditBench() {
    }

    /**
     * Runs the benchmark (as root, with jailkit's jk_check).
     *
     * @param files files in the tree, at least 1
     * @param runs rounds, at least 1
     * @param out receives the results
     * @param err receives the error that stopped the run
     * @return {@link ExitCode#OK}, or {@link ExitCode#REFUSED} if jk_check is missing or the run failed
     */
    public static ExitCode run(int files, int runs, PrintStream out, PrintStream err) {
        if (!Files.isExecutable(JK_CHECK)) {
            err.println("jail4j audit-bench: " + JK_CHECK + " is missing (apt-get install jailkit)");
            return ExitCode.REFUSED;
        }
        Path work = null;
        try {
            work = Files.createTempDirectory("jail4j-audit-bench-");
            Files.setAttribute(work, "unix:mode", 0755);
            Path jail = Files.createDirectory(work.resolve("jail"));
            long made = makeTree(jail, files);
            Path plain = config(work, jail, false);
            Path cheap = config(work, jail, true);
            out.printf(Locale.ROOT, "tree: %d files in %d directories under %s; %d rounds, interleaved%n", made,
                    (made + 999) / 1000, jail, runs);
            List<Double> ours = new ArrayList<>();
            List<Double> jk = new ArrayList<>();
            List<Double> jkCheap = new ArrayList<>();
            double first = -1;
            for (int r = 0; r < runs; r++) {
                for (int k = 0; k < 3; k++) {
                    switch ((k + r) % 3) {
                        case 0:
                            double ms = timeAudit(jail, made);
                            first = first < 0 ? ms : first;
                            ours.add(ms);
                            break;
                        case 1:
                            jk.add(timeJkCheck(plain));
                            break;
                        default:
                            jkCheap.add(timeJkCheck(cheap));
                    }
                }
            }
            report(out, "jail4j audit", new Stats(ours), made);
            report(out, "jk_check (default: compares with host)", new Stats(jk), made);
            report(out, "jk_check (ignorepathoncompare)", new Stats(jkCheap), made);
            out.printf(Locale.ROOT, "first (cold) jail4j audit: %.0f ms%n", first);
            out.printf(Locale.ROOT, "speed-up, medians: %.1fx over jk_check default, %.1fx over jk_check ignorepathoncompare%n",
                    new Stats(jk).median() / new Stats(ours).median(), new Stats(jkCheap).median() / new Stats(ours).median());
            return ExitCode.OK;
        } catch (IOException | AuditException | RuntimeException e) {
            err.println("jail4j audit-bench: " + e.getMessage());
            return ExitCode.REFUSED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.REFUSED;
        } finally {
            delete(work, err);
        }
    }

    private static long makeTree(Path jail, int files) throws IOException {
        byte[] content = "a file in a jail\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long made = 0;
        for (int d = 0; made < files; d++) {
            Path dir = Files.createDirectory(jail.resolve(String.format(Locale.ROOT, "d%03d", d)));
            for (int f = 0; f < 1000 && made < files; f++, made++) {
                Files.write(dir.resolve(String.format(Locale.ROOT, "f%04d.txt", f)), content);
            }
        }
        return made;
    }

    private static Path config(Path work, Path jail, boolean ignoreCompare) throws IOException {
        Path config = work.resolve(ignoreCompare ? "jk_check-cheap.ini" : "jk_check.ini");
        Files.writeString(config, "[" + jail + "]\n" + (ignoreCompare ? "ignorepathoncompare = " + jail + "\n" : ""));
        return config;
    }

    private static double timeAudit(Path jail, long files) throws AuditException {
        long start = System.nanoTime();
        AuditReport report = JailAudit.forAnyUser().audit(jail);
        double ms = (System.nanoTime() - start) / 1e6;
        if (report.entries() < files) {
            throw new IllegalStateException("the audit saw " + report.entries() + " entries, expected at least " + files);
        }
        return ms;
    }

    private static double timeJkCheck(Path config) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(JK_CHECK.toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jk_check did not finish within 600 s");
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static void report(PrintStream out, String what, Stats ms, long files) {
        out.printf(Locale.ROOT, "%-40s %s   %,.0f files/s%n", what, ms.describe("ms"), files / (ms.median() / 1000));
    }

    private static void delete(Path work, PrintStream err) {
        if (work == null) {
            return;
        }
        try {
            Files.walkFileTree(work, new SimpleFileVisitor<Path>() {
                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    Files.delete(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            err.println("jail4j audit-bench: could not delete " + work + ": " + e.getMessage());
        }
    }
}
