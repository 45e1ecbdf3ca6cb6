package io.jail4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What loading a native binding costs in a fresh JVM: jail4j's own ({@code Native.get()}) against
 * jnr-posix's {@code POSIXFactory.getPOSIX()} and one call, each in its own JVM
 * ({@link BindingCostChild}), the two interleaved and their order swapped every round. Prints the
 * median and the spread of each and the ratio of jnr-posix to jail4j. Run it with the test class
 * path, e.g. {@code mvn -q -pl jail-core test-compile exec:exec -Dexec.executable=java
 * -Dexec.classpathScope=test "-Dexec.args=-cp %classpath io.jail4j.BindingCostBench 21"}.
 */
public final class BindingCostBench {
    private BindingCostBench() {
    }

    /**
     * Runs the rounds and prints the table.
     *
     * @param args the number of rounds (default 15)
     * @throws Exception if a child fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        if (rounds < 3) {
            System.err.println("rounds: at least 3, got " + rounds);
            System.exit(2);
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String cp = System.getProperty("java.class.path");
        Map<String, List<Double>> ms = new LinkedHashMap<>();
        ms.put("jail4j", new ArrayList<>());
        ms.put("jnr-posix", new ArrayList<>());
        for (int round = 0; round < rounds; round++) {
            List<String> order = round % 2 == 0 ? List.of("jail4j", "jnr-posix") : List.of("jnr-posix", "jail4j");
            for (String binding : order) {
                ms.get(binding).add(load(java, cp, binding));
            }
        }
        System.out.printf(Locale.ROOT, "%-10s %10s %10s %10s  (%d fresh JVMs each, %s)%n", "binding", "median ms",
                "min ms", "max ms", rounds, System.getProperty("java.version"));
        for (Map.Entry<String, List<Double>> e : ms.entrySet()) {
            List<Double> v = e.getValue();
            System.out.printf(Locale.ROOT, "%-10s %10.1f %10.1f %10.1f%n", e.getKey(), median(v),
                    v.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                    v.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        }
        System.out.printf(Locale.ROOT, "jnr-posix / jail4j: %.2f (ratio of medians)%n",
                median(ms.get("jnr-posix")) / median(ms.get("jail4j")));
    }

    private static double load(Path java, String cp, String binding) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(java.toString(), "-cp", cp, BindingCostChild.class.getName(), binding)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int rc = p.waitFor();
        String[] f = out.split(" ");
        if (rc != 0 || f.length != 3 || !f[0].equals(binding) || !f[2].equals("native")) {
            throw new IllegalStateException(binding + " child exited " + rc + " with \"" + out
                    + "\" (expected \"" + binding + " <ms> native\")");
        }
        return Double.parseDouble(f[1]);
    }

    private static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
