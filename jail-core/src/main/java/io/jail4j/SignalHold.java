package io.jail4j;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Holds SIGTERM, SIGINT and SIGHUP between the point of no return and the end of the proof, so
 * that no shutdown hook starts while the process is half-jailed (hooks run as whoever the process
 * is when they start, and a hook started as root inside the window would finish as root). The
 * JVM's Java-level handlers are swapped for one that only records arrivals; on release the old
 * handlers come back and each recorded signal is raised again, in order. Signals the JVM ignores
 * (inherited {@code SIG_IGN}, as under {@code nohup}) or leaves to the operating system
 * ({@code -Xrs}) are left as they are: such a signal either does nothing or ends the process at
 * once, and neither runs Java code.
 *
 * <p>The JVM runs a Java-level handler on a thread it starts for each signal, with the handler it
 * looked up when the signal arrived. So a signal of the window can reach the recording handler
 * after {@link #release()} has already drained the queue; such a late arrival is raised again at
 * once (it then reaches the restored handler), under the same rule as a queued one. Without this,
 * a SIGTERM sent just before the end of the proof was lost.
 */
final class SignalHold implements SystemCalls.HeldSignals {
    private static final String[] SHUTDOWN = {"TERM", "INT", "HUP"};

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private final ArrayDeque<Signal> arrived = new ArrayDeque<>();
    private final boolean dropHangup;
    private boolean hangupIgnored;
    private boolean released; // guarded by arrived

    private SignalHold(boolean dropHangup) {
        this.dropHangup = dropHangup;
    }

    static SignalHold start(boolean dropHangup) {
        SignalHold hold = new SignalHold(dropHangup);
        SignalHandler record = hold::arrived;
        for (String name : SHUTDOWN) {
            Signal signal = new Signal(name);
            SignalHandler old;
            try {
                old = Signal.handle(signal, record);
            } catch (IllegalArgumentException notJava) {
                continue; // ignored at start-up, or reserved by the VM (-Xrs): no Java code runs for it
            }
            if (old == SignalHandler.SIG_IGN && name.equals("HUP")) {
                hold.hangupIgnored = true;
            }
            if (old == SignalHandler.SIG_IGN || old == SignalHandler.SIG_DFL) {
                Signal.handle(signal, old); // not a Java-level handler: leave it alone
                continue;
            }
            hold.signals.add(signal);
            hold.previous.add(old);
        }
        return hold;
    }

    /**
     * The recording handler: queues a signal while held; after {@link #release()} (a handler
     * thread the JVM started for a signal of the window, running late) raises it again at once.
     */
    void arrived(Signal s) {
        synchronized (arrived) {
            if (!released) {
                arrived.add(s);
                return;
            }
        }
        deliver(s);
    }

    @Override
    public void release() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
        List<Signal> held = new ArrayList<>();
        synchronized (arrived) {
            released = true;
            for (Signal s; (s = arrived.poll()) != null; ) {
                held.add(s);
            }
        }
        for (Signal s : held) {
            deliver(s);
        }
    }

    private void deliver(Signal s) {
        if (dropHangup && s.getName().equals("HUP")) {
            return; // the controlling terminal's hang-up, caused by detaching it
        }
        Signal.raise(s);
    }

    @Override
    public boolean hangupSafe() {
        return hangupIgnored || names().contains("SIGHUP");
    }

    @Override
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (Signal s : signals) {
            out.add("SIG" + s.getName());
        }
        return out;
    }
}
