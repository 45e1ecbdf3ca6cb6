package io.jail4j.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jail4j.examples.ExitCode;
import io.jail4j.examples.ForkedMain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The arguments of {@code bench}'s child JVM: checked before anything is measured or entered. */
class BenchChildTest {
    @Test
    void acceptedForms_check_passes() {
        assertNull(BenchChild.check(new String[] {"--bare"}));
        assertNull(BenchChild.check(new String[] {"/tmp/jail", "nobody"}));
        assertNull(BenchChild.check(new String[] {"--prepare", "500", "/tmp/jail", "nobody"}));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                          | expected a jail and a user, got 0",
        "/tmp/jail                   | expected a jail and a user, got 1",
        "/tmp/jail nobody extra      | expected a jail and a user, got 3",
        "--prepare                   | --prepare \"\": expected milliseconds",
        "--prepare soon /j nobody    | --prepare \"soon\": expected milliseconds",
        "jail nobody                 | jail \"jail\": expected an absolute path",
        "/tmp/jail --bare            | user \"--bare\": expected a user name"})
    void badArguments_check_namesTheProblem(String args, String message) {
        String[] a = args.isEmpty() ? new String[0] : args.split(" ");

        String problem = BenchChild.check(a);

        assertTrue(problem != null && problem.startsWith(message), problem);
    }

    @Test
    void badArguments_childJvm_exitsWithUsageBeforeMeasuring() throws Exception {
        List<String> cmd = new ArrayList<>(ForkedMain.javaCommand(Path.of(System.getProperty("java.home"))));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchChild.class.getName(), "relative/jail"));
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));

        assertEquals(ExitCode.USAGE.code(), p.exitValue(), err);
        assertEquals("", out, "nothing measured");
        assertTrue(err.startsWith("jail4j bench child: expected a jail and a user, got 1 argument(s); usage: BenchChild --bare |"),
                err);
    }
}
