package io.jail4j.frameworks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Log4j2 2.25 through SLF4J 2 ({@code log4j-slf4j2-impl}) in a jail: the recipe loses no line
 * across {@code enter()}, the switch to the in-jail configuration, a level change picked up by
 * {@code monitorInterval} from the in-jail {@code log4j2.xml}, and several rollovers; logging to a
 * host path loses lines (see {@link LoggingRecipeTest}).
 */
class Log4j2JailTest extends LoggingRecipeTest {
    @Override
    String framework() {
        return "log4j2";
    }

    @Override
    String factoryClass() {
        return "org.apache.logging.slf4j.Log4jLoggerFactory";
    }

    @Override
    void assertRealFramework(Forked child) throws InterruptedException {
        super.assertRealFramework(child);
        assertEquals("log4j-context=org.apache.logging.log4j.core.LoggerContext",
                child.awaitStdout("log4j-context=", 30), child.describe());
    }

    @Override
    String bootConfig() {
        return "classpath:io/jail4j/frameworks/logging/log4j2-boot.xml";
    }

    @Override
    Map<String, String> jailConfigs(boolean debug) throws IOException {
        String xml = LoggingScenario.resource("log4j2-jail.xml");
        return Map.of("/etc/app/log4j2.xml",
                debug ? xml.replace("<Logger name=\"app\" level=\"info\"/>",
                        "<Logger name=\"app\" level=\"debug\"/>") : xml);
    }

    /**
     * Log4j2 counts the bytes it wrote: it rolls over, fails to rename the host file, and opens a
     * new file at the host path, which {@code mkdirs} creates under the jail's {@code /tmp}.
     */
    @Override
    boolean recreatesHostDirInJail() {
        return true;
    }

    @Override
    String hostConfig(Path hostLogDir) throws IOException {
        return LoggingScenario.resource("log4j2-jail.xml").replace("/var/log/app", hostLogDir.toString())
                .replace("monitorInterval=\"1\"", "monitorInterval=\"0\"");
    }
}
