package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of {@code enter()} over generated situations, against the kernel model
 * ({@link FakeOs}): the rules hold whatever order the caller wrote and whatever the kernel
 * answers. Shrinking reports a minimal counterexample.
 */
class OrderingProperties {

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<String> users = Arbitraries.of("ftp", "nobody", "multi").injectNull(0.25);
        Arbitrary<List<Boolean>> strays = Arbitraries.of(true, false).list().ofMaxSize(3);
        return Combinators.combine(users, Arbitraries.of(true, false), Arbitraries.of(true, false), strays,
                Arbitraries.integers().between(1, 6), Arbitraries.of(true, false)).as(Scenario::new);
    }

    private static EntryReport enter(Jail plan, FakeOs os) throws JailException {
        return plan.enter(os);
    }

    @Property(tries = 200)
    void anyBuilderOrder_enter_givesTheSamePlanAndTheSameCalls(@ForAll("scenarios") Scenario sc, @ForAll long seed)
            throws Exception {
        Runnable first = () -> { };
        Runnable second = () -> { };
        List<java.util.function.UnaryOperator<Jail>> steps = new ArrayList<>();
        steps.add(j -> j.preload(first));
        steps.add(j -> sc.user() == null ? j.dropTo(4000, 4001) : j.dropTo(sc.user()));
        steps.add(Jail::withoutDefaultPreload);
        if (sc.closeFds()) {
            steps.add(Jail::closeFds);
        }
        List<java.util.function.UnaryOperator<Jail>> shuffled = new ArrayList<>(steps);
        Collections.shuffle(shuffled, new Random(seed));
        Jail inOrder = Jail.at(sc.jail());
        Jail reordered = Jail.at(sc.jail());
        for (int i = 0; i < steps.size(); i++) {
            inOrder = steps.get(i).apply(inOrder);
            reordered = shuffled.get(i).apply(reordered);
        }
        inOrder = inOrder.preload(second);
        reordered = reordered.preload(second);
        assertEquals(inOrder, reordered);
        assertEquals(inOrder.toString(), reordered.toString());
        FakeOs a = sc.model();
        FakeOs b = sc.model();
        outcome(inOrder, a);
        outcome(reordered, b);
        assertEquals(a.calls, b.calls);
    }

    private static String outcome(Jail plan, FakeOs os) {
        try {
            enter(plan, os);
            return "entered";
        } catch (JailException e) {
            return e.getClass().getSimpleName();
        } catch (FakeOs.Halted h) {
            return "halt " + h.status;
        }
    }

    @Property(tries = 300)
    void noFailure_enter_endsJailedInTheRightOrder(@ForAll("scenarios") Scenario sc) throws Exception {
        FakeOs os = sc.model();
        if (sc.refusedForDescriptors()) {
            String before = os.state();
            assertThrows(OpenDescriptorException.class, () -> enter(sc.plan(), os));
            assertEquals(before, os.state());
            return;
        }
        EntryReport report = enter(sc.plan(), os);
        assertEquals(List.of(), JailInvariants.jailed(os, sc));
        assertEquals(List.of(), JailInvariants.descriptors(report, sc));
        assertEquals(List.of(), JailInvariants.order(os.calls, sc.user() != null));
        assertEquals(sc.threads(), report.threadsVerified());
    }

    @Property(tries = 400)
    void failureAtAnyCallWithAnyErrno_enter_throwsUnchangedOrHaltsAtOnce(@ForAll("scenarios") Scenario sc,
            @ForAll @IntRange(min = 0, max = 10_000) int pick, @ForAll @IntRange(min = 0, max = 100) int errnoPick) {
        if (sc.refusedForDescriptors()) {
            return;
        }
        FakeOs baseline = sc.model();
        try {
            enter(sc.plan(), baseline);
        } catch (JailException e) {
            throw new AssertionError("the baseline must enter", e);
        }
        int index = baseline.failable.get(pick % baseline.failable.size());
        String call = baseline.calls.get(index);
        List<Integer> errnos = Errnos.of(call);
        int errno = errnos.get(errnoPick % errnos.size());
        int pointOfNoReturn = baseline.calls.indexOf("markEntered()");

        FakeOs os = sc.model().failAt(index, errno);
        String before = os.state();
        boolean[] callerCodeRan = {false};
        String result;
        try {
            enter(sc.plan(), os);
            callerCodeRan[0] = true;
            result = "entered";
        } catch (JailException e) {
            result = "refused";
        } catch (FakeOs.Halted h) {
            result = "halt " + h.status;
        }
        if (index < pointOfNoReturn) {
            assertEquals("refused", result, call + " failing with " + errno + " before the point of no return");
            assertEquals(before, os.state(), "a refused entry leaves the model as it was");
        } else if (isProbe(call)) {
            assertEquals("entered", result, "a regain probe that fails is the expected outcome: " + call);
            assertEquals(List.of(), JailInvariants.jailed(os, sc));
        } else {
            assertTrue(result.startsWith("halt "), call + " failing after the point of no return must halt, got " + result);
            int code = Integer.parseInt(result.substring(5));
            assertEquals(expectedHaltCode(baseline.calls, index), code, call);
            assertEquals(List.of(call, "write(2)", "_exit(" + code + ")"), os.calls.subList(index, os.calls.size()),
                    "no native call may follow the failing one but the halt");
            assertTrue(!callerCodeRan[0]);
        }
    }

    private static boolean isProbe(String call) {
        return call.equals("setuid(0)") || call.equals("setgid(0)") || call.equals("seteuid(0)")
                || call.equals("setgroups([0])") || call.equals("setuid(999)");
    }

    /**
     * The exit code {@link Step} documents for a failure of the call at {@code index}: calls that
     * several steps make (identify, ioctl) belong to the step of the nearest call before them
     * that only one step makes; anything after the policy is installed belongs to the proof.
     */
    static int expectedHaltCode(List<String> calls, int index) {
        if (index > calls.indexOf("noNewPrivsOnEveryThread()") && calls.contains("noNewPrivsOnEveryThread()")) {
            return Step.VERIFY.haltCode();
        }
        for (int i = index; i >= 0; i--) {
            String name = Errnos.name(calls.get(i));
            if (!name.equals("identify") && !name.equals("ioctl") && !name.equals("close")) {
                return i == index || !name.equals("markEntered") ? expectedHaltCode(calls.get(i))
                        : Step.CLOSE_FDS.haltCode();
            }
        }
        throw new IllegalArgumentException("no step for " + calls.get(index));
    }

    /** The exit code {@link Step} documents for a failure in the call's step. */
    static int expectedHaltCode(String call) {
        switch (Errnos.name(call)) {
            case "open":
            case "dup2":
                return Step.CLOSE_FDS.haltCode();
            case "fchdir":
            case "chroot":
            case "chdir":
                return Step.CHROOT.haltCode();
            case "setenv":
            case "unsetenv":
            case "clearenv":
                return Step.ENVIRONMENT.haltCode();
            case "setgroups":
                return Step.SETGROUPS.haltCode();
            case "setresgid":
                return Step.SETRESGID.haltCode();
            case "setresuid":
                return Step.SETRESUID.haltCode();
            case "noNewPrivsOnEveryThread":
                return Step.NO_NEW_PRIVS.haltCode();
            default:
                throw new IllegalArgumentException("no step for " + call);
        }
    }
}
