package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@link SignalHold} in this JVM, with SIGHUP (a Java-level handler of the test's own, restored
 * afterwards): held signals are delivered on release, and a signal of the window whose handler
 * thread runs only after the release is not lost.
 */
class SignalHoldTest {
    private static final Signal HUP = new Signal("HUP");
    private final LinkedBlockingQueue<String> delivered = new LinkedBlockingQueue<>();
    private SignalHandler original;

    @BeforeEach
    void installCountingHandler() {
        original = Signal.handle(HUP, s -> delivered.add(s.getName()));
    }

    @AfterEach
    void restore() {
        Signal.handle(HUP, original);
    }

    @Test
    void signalDuringHold_release_deliversItToTheRestoredHandler() throws Exception {
        SignalHold hold = SignalHold.start(false);
        assertTrue(hold.names().contains("SIGHUP"), hold.names().toString());
        Signal.raise(HUP);
        assertEquals(null, delivered.poll(300, TimeUnit.MILLISECONDS), "held, not delivered, before release");
        hold.release();
        assertEquals("HUP", delivered.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void handlerThreadRunningAfterRelease_arrived_raisesTheSignalAgain() throws Exception {
        SignalHold hold = SignalHold.start(false);
        hold.release();
        hold.arrived(HUP); // what a late handler thread of a signal of the window does
        assertEquals("HUP", delivered.poll(10, TimeUnit.SECONDS), "a late arrival is not lost");
    }

    @Test
    void hangupFromDetachingTheTerminal_lateOrQueued_isDropped() throws Exception {
        SignalHold hold = SignalHold.start(true);
        hold.arrived(HUP);
        hold.release();
        hold.arrived(HUP);
        assertEquals(null, delivered.poll(500, TimeUnit.MILLISECONDS));
        Signal.raise(HUP); // after release the restored handler gets a new hang-up as usual
        assertEquals("HUP", delivered.poll(10, TimeUnit.SECONDS));
    }
}
