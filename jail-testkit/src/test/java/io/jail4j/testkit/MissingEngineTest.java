package io.jail4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/** A class path without JUnit's engine or launcher is named before any jail is made. */
class MissingEngineTest {
    @Test
    void testClassPathWithEngineAndLauncher_missingEngine_isNull() {
        assertNull(JailedExtension.missingEngine(JailedExtension.class.getClassLoader()));
    }

    @Test
    void classPathWithoutJUnit_missingEngine_namesTheArtifactToAdd() throws Exception {
        try (URLClassLoader bare = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            assertEquals("the jailed child runs the test with org.junit.jupiter.engine.JupiterTestEngine, which is not on"
                    + " the test class path: add org.junit.jupiter:junit-jupiter-engine (jail-testkit brings it; was it"
                    + " excluded?) as a test dependency", JailedExtension.missingEngine(bare));
        }
    }
}
