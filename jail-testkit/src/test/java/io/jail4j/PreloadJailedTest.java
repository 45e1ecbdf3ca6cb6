package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jail4j.testkit.Jailed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each feature row of the design notes works inside a real jail, as a test of its own, on the
 * running JDK and on JDK 25: the jail is empty but for a {@code /tmp} (mode 1777), the user is
 * {@code nobody}, and the testkit's child ran {@code Jail.prepare()} before {@code enter()}, so
 * the default preload ran early on threads of its own. A row that writes a file must leave it in
 * the jail.
 *
 * <p>The row {@value #JFR_ROW} runs without the testkit's archive of class-path classes
 * ({@code -Xshare:auto}; the JDK's own archive stays): on JDK 17 a JFR recording started inside
 * the jail turns on a class file load hook, after which loading an archived class needs its jar by
 * the host path, which the jail hides, and the child dies.
 *
 * <p>jail-core's {@code PreloadRootTest} checks in a plain forked JVM what {@code @Jailed} cannot
 * set up: every row after the default preload ran inline in {@code enter()} (no
 * {@code Jail.prepare()}), with its log lines on the real stderr, and the rows failing without
 * the default preload.
 */
class PreloadJailedTest {
    /** Starts a JFR recording inside the jail. */
    static final String JFR_ROW = "jfr-started-after-enter";
    /** The resource the row resource-from-jar reads, preloaded as a daemon would. */
    static final String RESOURCE = "org/junit/jupiter/api/Test.class";

    static Stream<String> rows() {
        return FeatureRows.rows().keySet().stream().filter(row -> !row.equals(JFR_ROW));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    @Jailed(resources = RESOURCE)
    void featureRow_enterAfterPrepare_worksInsideTheJail(String row, EntryReport report) throws Exception {
        works(row, report);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    @Jailed(jdk = "25", resources = RESOURCE)
    void featureRowOnJdk25_enterAfterPrepare_worksInsideTheJail(String row, EntryReport report) throws Exception {
        works(row, report);
    }

    @Test
    @Jailed(jvmArgs = "-Xshare:auto")
    void jfrRow_enterAfterPrepare_worksInsideTheJail(EntryReport report) throws Exception {
        works(JFR_ROW, report);
    }

    @Test
    @Jailed(jdk = "25", jvmArgs = "-Xshare:auto")
    void jfrRowOnJdk25_enterAfterPrepare_worksInsideTheJail(EntryReport report) throws Exception {
        works(JFR_ROW, report);
    }

    /** Runs the row first, before anything else here can touch what it exercises. */
    private static void works(String row, EntryReport report) throws Exception {
        assertDoesNotThrow(FeatureRows.rows().get(row)::call, "row " + row);
        String file = FeatureRows.FILES.get(row);
        if (file != null) {
            Path written = Path.of(file);
            assertTrue(Files.isRegularFile(written) && Files.size(written) > 0,
                    "row " + row + " must leave a non-empty " + file + " in the jail");
        }
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("Jail.prepare() ran the default preload early")),
                "the rows run after Jail.prepare(): " + report.notes());
    }
}
