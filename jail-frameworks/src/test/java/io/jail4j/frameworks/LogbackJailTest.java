package io.jail4j.frameworks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Logback 1.5 through SLF4J 2 in a jail: the recipe loses no line across {@code enter()}, the
 * switch to the in-jail configuration, a level change picked up by {@code scan} from the in-jail
 * {@code levels.properties}, and several rollovers; logging to a host path loses lines (see
 * {@link LoggingRecipeTest}).
 */
class LogbackJailTest extends LoggingRecipeTest {
    /**
     * The reason level changes go into {@code levels.properties}: a change to {@code logback.xml}
     * itself makes the scan reset the context (every appender detached and stopped) and read the
     * file again, and what is logged in between is lost (Logback prints no line about it).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void editedLogbackXml_rescan_losesLinesDuringTheReset(Path jdk, @TempDir Path base) throws Exception {
        String xml = LoggingScenario.resource("logback-jail.xml").replace(
                "<propertiesConfigurator file=\"/etc/app/levels.properties\"/>",
                "<logger name=\"app\" level=\"DEBUG\"/>");
        Run run = runRecipe(jdk, base, Map.of("/etc/app/logback.xml", xml,
                "/etc/app/levels.properties", "logback.logger.app=INFO\n"));
        run.inFiles.assertNoDuplicates("the log files");
        long lost = 0;
        StringBuilder perThread = new StringBuilder();
        for (int t = 0; t < run.counts.length; t++) {
            TreeSet<Long> missing = run.missing(t);
            lost += missing.size();
            perThread.append(String.format(" t%d lost %d (n%s..n%s);", t, missing.size(),
                    missing.isEmpty() ? "-" : missing.first(), missing.isEmpty() ? "-" : missing.last()));
        }
        System.out.println("logback " + Forked.label(jdk) + " XML rescan: lost " + lost + ";" + perThread);
        assertTrue(lost > 0, "the reset lost lines:" + perThread + " " + run.summary);
        assertTrue(run.inFiles.dbg > 0, "the edited XML took effect: " + run.summary);
    }

    @Override
    String framework() {
        return "logback";
    }

    @Override
    String factoryClass() {
        return "ch.qos.logback.classic.LoggerContext";
    }

    @Override
    String bootConfig() {
        return "io/jail4j/frameworks/logging/logback-boot.xml";
    }

    @Override
    Map<String, String> jailConfigs(boolean debug) throws IOException {
        return Map.of("/etc/app/logback.xml", LoggingScenario.resource("logback-jail.xml"),
                "/etc/app/levels.properties", "logback.logger.app=" + (debug ? "DEBUG" : "INFO") + "\n");
    }

    /**
     * Logback measures the active file by path to decide a rollover: inside the jail the host path
     * does not exist, so the size stays 0 and it never rolls; every line after {@code enter()} goes to /dev/null.
     */
    @Override
    boolean recreatesHostDirInJail() {
        return false;
    }

    @Override
    String hostConfig(Path hostLogDir) throws IOException {
        return LoggingScenario.resource("logback-jail.xml").replace("/var/log/app", hostLogDir.toString())
                .replace("scan=\"true\"", "scan=\"false\"")
                .replace("<propertiesConfigurator file=\"/etc/app/levels.properties\"/>", "");
    }
}
