package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Keeps the kernel model honest: generated situations, with and without an injected failure, run
 * both on the model and on a real forked root process (the failure injected with a seccomp
 * filter); the outcome must be the same, and for an entry the model's final ids and groups must be
 * what {@code /proc} shows for every task.
 */
class ModelReplayRootTest {

    /** A fault as the seccomp filter takes it, and how the model injects the same one. */
    record Fault(String seccomp, String modelCall, int errno, boolean silent) {
        void injectInto(FakeOs os) {
            if (silent) {
                os.ignore(modelCall);
            } else if (modelCall != null) {
                os.fail(modelCall, errno);
            }
        }

        @Override
        public String toString() {
            return seccomp == null ? "no fault" : seccomp;
        }
    }

    @Provide
    Arbitrary<Fault> faults() {
        return Arbitraries.of(
                new Fault(null, null, 0, false),
                new Fault("fchdir:13", "fchdir(", 13, false),
                new Fault("chroot:1", "chroot(", 1, false),
                new Fault("chdir:2", "chdir(", 2, false),
                new Fault("setgroups:1", "setgroups(", 1, false),
                new Fault("setresgid:11", "setresgid(", 11, false),
                new Fault("setresuid:11", "setresuid(", 11, false),
                new Fault("setresuid:0", "setresuid", 0, true),
                new Fault("prctl:22:38", "noNewPrivsOnEveryThread", 22, false));
    }

    @Property(tries = 18, generation = GenerationMode.EXHAUSTIVE)
    void anyFault_modelAndKernel_agreeOnOutcomeAndFinalState(@ForAll("faults") Fault fault, @ForAll boolean multiGroupUser)
            throws Exception {
        RootTests.requireRoot();
        HostFixtures.HostUser host = multiGroupUser ? HostFixtures.user()
                : new HostFixtures.HostUser("nobody", 65534, 65534, Set.of(65534L));
        Path jail = HostFixtures.jail();
        try {
            FakeOs model = new FakeOs();
            model.dir(jail.toString(), 0, 0, 0755);
            model.users.put(host.name(), new SystemCalls.Passwd(host.name(), host.uid(), host.gid(), "/nonexistent", "/bin/false"));
            model.groupLists.put(host.name(), host.groups().stream().mapToLong(Long::longValue).toArray());
            fault.injectInto(model);
            int predicted;
            try {
                Jail.at(jail).dropTo(host.name()).withoutDefaultPreload().enter(model);
                predicted = 0;
            } catch (FakeOs.Halted h) {
                predicted = h.status;
            }

            List<String> args = new java.util.ArrayList<>(List.of("--jail", jail.toString(), "--user", host.name(),
                    "--no-default-preload", "--pause"));
            if (fault.seccomp() != null) {
                args.addAll(List.of("--fault", fault.seccomp()));
            }
            try (ForkedJvm child = ForkedJvm.start(Path.of(System.getProperty("java.home")), args.toArray(new String[0]))) {
                if (predicted == 0) {
                    long pid = Long.parseLong(child.await("ENTERED"));
                    Set<Long> groups = new TreeSet<>(model.groups);
                    assertEquals(jail.toString(), model.root, "model root");
                    assertEquals(List.of(), Outside.violations(pid, jail, model.euid, model.egid, groups),
                            fault + ": /proc differs from the model's final state");
                    child.proceed();
                }
                List<String> rest = child.rest();
                assertEquals(predicted, child.exitCode(), fault + " model predicted " + predicted + "; stdout " + rest
                        + " stderr " + child.stderr());
                if (predicted != 0) {
                    String line = model.stderr.toString().trim();
                    String step = line.substring(0, line.indexOf(')') + 1);
                    assertTrue(child.stderr().contains(step), "the halt line names the same step: model '" + line
                            + "', kernel '" + child.stderr() + "'");
                }
            }
        } finally {
            HostFixtures.delete(jail);
        }
    }
}
