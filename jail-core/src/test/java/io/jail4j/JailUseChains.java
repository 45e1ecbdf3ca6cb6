package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;

/**
 * Stateful properties (jqwik action chains): any sequence of ways to use, and misuse, a
 * {@link Jail} in one process (enter, enter again, the application dropping privileges itself,
 * two threads entering at once) ends in a typed error or a correct jail, never a half-jailed
 * process.
 */
class JailUseChains {
    private static final Scenario FTP = new Scenario("ftp", false, true, List.of(false), 3, false);

    /** One process as the model sees it, and what each use of the library answered. */
    static final class World {
        final FakeOs os = FTP.model();
        final List<String> outcomes = new ArrayList<>();
        boolean halted;

        void enter() {
            try {
                FTP.plan().enter(os);
                outcomes.add("entered");
            } catch (JailException e) {
                outcomes.add(e.getClass().getSimpleName());
            } catch (FakeOs.Halted h) {
                halted = true;
                outcomes.add("halt " + h.status);
            }
        }

        /** Never half-jailed: either the root is untouched, or everything is as a jail requires. */
        void neverHalfJailed() {
            if (halted) {
                return;
            }
            if (!os.root.equals("/")) {
                assertEquals(List.of(), JailInvariants.jailed(os, FTP), "half-jailed after " + outcomes);
            }
            assertTrue(outcomes.stream().filter("entered"::equals).count() <= 1, "entered twice: " + outcomes);
        }

        @Override
        public String toString() {
            return outcomes.toString();
        }
    }

    /** An action on a live process: nothing runs in a process that halted. */
    abstract static class OnLiveProcess extends Action.JustMutate<World> {
        @Override
        public boolean precondition(World w) {
            return !w.halted;
        }
    }

    static final class Enter extends OnLiveProcess {
        @Override
        public void mutate(World w) {
            w.enter();
        }

        @Override
        public String description() {
            return "enter()";
        }
    }

    /** The application drops privileges on its own, without jail4j (setresuid to 1000). */
    static final class ManualSetuid extends OnLiveProcess {
        @Override
        public void mutate(World w) {
            if (w.os.euid == 0) {
                w.os.ruid = w.os.euid = w.os.suid = 1000;
                w.os.caps = 0;
            }
            w.outcomes.add("manual setuid");
        }

        @Override
        public String description() {
            return "manual setresuid(1000)";
        }
    }

    /** Two threads call enter() on the same process at once. */
    static final class ConcurrentEnter extends OnLiveProcess {
        @Override
        public void mutate(World w) {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    w.enter(); // Entry serialises callers itself, so the model sees one at a time
                });
                threads.add(t);
                t.start();
            }
            go.countDown();
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public String description() {
            return "two threads call enter()";
        }
    }

    @Provide
    Arbitrary<ActionChain<World>> uses() {
        return ActionChain.<World>startWith(World::new)
                .withAction(new Enter())
                .withAction(new ManualSetuid())
                .withAction(new ConcurrentEnter())
                .withMaxTransformations(6);
    }

    @Property(tries = 100)
    void anyUseOfJailInOneProcess_run_neverLeavesItHalfJailed(@ForAll("uses") ActionChain<World> chain) {
        chain.withInvariant("never half-jailed", World::neverHalfJailed).run();
    }
}
