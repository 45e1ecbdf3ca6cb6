package io.jail4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A jailed test run from the class-path shapes of launchers and IDEs ({@link ClassPathShapesTest}). */
final class ShapeFixtures {
    private ShapeFixtures() {
    }

    static final class Simple {
        @Test
        @Jailed
        void ownProvider_serviceLoaderInside_findsIt() {
            assertFalse(Files.exists(Path.of("/etc/passwd")), "inside the jail");
            List<String> greetings = ServiceLoader.load(OwnClassPathFixtures.Greeting.class).stream()
                    .map(p -> p.get().text()).collect(Collectors.toList());
            assertEquals(List.of("hello from a provider of the test classes"), greetings);
        }
    }
}
