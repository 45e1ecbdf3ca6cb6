package io.jail4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class PackageClassesTest {

    @Test
    void classDirectory_load_loadsEveryClassFileOfThePackageButNoTestClass() throws IOException, URISyntaxException {
        Path classes = Path.of(Demo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        long expected;
        try (Stream<Path> files = Files.list(classes.resolve("io/jail4j/examples"))) {
            expected = files.filter(f -> f.toString().endsWith(".class")).count();
        }

        int loaded = PackageClasses.load(Demo.class);

        // Main, Demo, Demo$DemoRehearsal, DemoOptions, ListenAddress, JailedState, ... : at least these 15
        assertTrue(expected >= 15, classes + " holds " + expected + " classes");
        assertEquals(expected, loaded);
    }
}
