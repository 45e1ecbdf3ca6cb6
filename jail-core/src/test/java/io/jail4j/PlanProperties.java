package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the plan as a value: the order of the builder calls does not matter (only the
 * preload actions keep theirs), every call leaves the plan it was called on unchanged, and no
 * argument the caller still holds can change a plan afterwards.
 */
class PlanProperties {
    private static final Path SRV = Path.of("/srv/ftp");
    private static final Runnable FIRST = () -> { };
    private static final Runnable SECOND = () -> { };
    private static final io.jail4j.layout.JailLayout LAYOUT = io.jail4j.layout.JailLayout.standard();

    /** Every builder method but {@code preload}, each with an argument of its own. */
    private static final List<UnaryOperator<Jail>> CALLS = List.of(
            Jail::withoutDefaultPreload,
            Jail::closeFds,
            Jail::mirrorClassPath,
            j -> j.keep(5, "fanotify group"),
            j -> j.keep(Path.of("/run/app.sock"), "control socket"),
            j -> j.insecureKeepWritable(Path.of("/var/log/app.log"), "log file"),
            j -> j.clearEnvironmentExcept("TZ", "LANG"),
            Jail::audit,
            j -> j.insecureAllow(SyscallRule.UNIX_SOCKETS, "syslog"),
            j -> j.insecureAllow(SyscallRule.IO_URING, "async disk io"),
            j -> j.insecureAllowChildProcesses("helper"),
            j -> j.learn(Path.of("/tmp/plan.txt"), Duration.ofSeconds(30)),
            j -> j.dropTo("ftp"),
            j -> j.preload(FIRST));

    @Provide
    Arbitrary<List<Integer>> subsets() {
        return Arbitraries.integers().between(0, CALLS.size() - 1).set().map(ArrayList::new);
    }

    @Property(tries = 300)
    void anyPermutationOfCalls_build_yieldsEqualPlans(@ForAll("subsets") List<Integer> chosen, @ForAll long seed) {
        List<Integer> shuffled = new ArrayList<>(chosen);
        Collections.shuffle(shuffled, new Random(seed));
        Jail inOrder = build(chosen).preload(SECOND);
        Jail reordered = build(shuffled).preload(SECOND);
        assertEquals(inOrder, reordered, chosen + " against " + shuffled);
        assertEquals(inOrder.hashCode(), reordered.hashCode());
        assertEquals(inOrder.plan(), reordered.plan());
    }

    @Property(tries = 200)
    void anyCall_build_leavesTheEarlierPlanUnchanged(@ForAll("subsets") List<Integer> chosen) {
        Jail plan = Jail.at(SRV);
        for (int i : chosen) {
            Plan before = plan.plan();
            String text = plan.toString();
            Jail next = CALLS.get(i).apply(plan);
            assertEquals(before, plan.plan());
            assertEquals(text, plan.toString());
            plan = next;
        }
    }

    @Property(tries = 100)
    void missingCall_build_yieldsAnotherPlan(@ForAll("subsets") List<Integer> chosen) {
        if (chosen.isEmpty()) {
            return;
        }
        List<Integer> fewer = new ArrayList<>(chosen);
        fewer.remove(0);
        assertNotEquals(build(chosen), build(fewer), "without call #" + chosen.get(0));
    }

    @Property(tries = 20)
    void reversedPreloads_build_yieldAnotherPlan(@ForAll("subsets") List<Integer> chosen) {
        Jail base = build(chosen);
        assertNotEquals(base.preload(FIRST, SECOND), base.preload(SECOND, FIRST));
        assertEquals(base.preload(FIRST, SECOND), base.preload(FIRST).preload(SECOND));
    }

    @Property(tries = 20)
    void callerChangesItsArrays_afterBuild_planUnchanged(@ForAll("subsets") List<Integer> chosen) {
        Jail base = build(chosen);
        String[] names = {"TZ"};
        Runnable[] actions = {FIRST};
        Jail plan = base.clearEnvironmentExcept(names).preload(actions);
        Jail same = base.clearEnvironmentExcept("TZ").preload(FIRST);
        names[0] = "PATH";
        actions[0] = SECOND;
        assertEquals(same, plan);
        assertThrows(UnsupportedOperationException.class, () -> plan.plan().preloads().add(SECOND));
        assertThrows(UnsupportedOperationException.class, () -> plan.plan().keepEnvironment().add("PATH"));
        assertThrows(UnsupportedOperationException.class, () -> plan.plan().keeps().clear());
        assertThrows(UnsupportedOperationException.class, () -> plan.plan().allowedRules().clear());
    }

    @Property(tries = 10)
    void layoutAudit_build_differsFromPlainAudit(@ForAll("subsets") List<Integer> chosen) {
        Jail base = build(chosen);
        assertNotEquals(base.audit(), base.audit(LAYOUT));
        assertEquals(base.audit(LAYOUT), base.audit().audit(LAYOUT), "the last audit call wins");
    }

    private static Jail build(List<Integer> calls) {
        Jail plan = Jail.at(SRV);
        for (int i : calls) {
            plan = CALLS.get(i).apply(plan);
        }
        return plan;
    }
}
