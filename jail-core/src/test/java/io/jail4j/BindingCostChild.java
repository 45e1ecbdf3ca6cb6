package io.jail4j;

import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * Loads one native binding in a fresh JVM and prints one line: {@code binding ms native}. The
 * bindings: {@code jail4j} (the library's own, {@code Native.get()}, which also checks the
 * platform and the kernel) and {@code jnr-posix} ({@code POSIXFactory.getPOSIX()}, the call its
 * users make, then one {@code getpid()} so the binding is really made).
 */
public final class BindingCostChild {
    private BindingCostChild() {
    }

    /**
     * Runs one load.
     *
     * @param args the binding's name
     */
    public static void main(String[] args) {
        if (args.length != 1 || !(args[0].equals("jail4j") || args[0].equals("jnr-posix"))) {
            System.err.println("usage: BindingCostChild jail4j|jnr-posix");
            System.exit(2);
        }
        long start = System.nanoTime();
        boolean isNative;
        if (args[0].equals("jail4j")) {
            try {
                Native.get();
                isNative = true;
            } catch (JailException e) {
                System.out.println("jail4j refused " + e.getMessage().replace('\n', ' '));
                System.exit(1);
                return;
            }
        } else {
            POSIX posix = POSIXFactory.getPOSIX();
            posix.getpid();
            isNative = posix.isNative();
        }
        long nanos = System.nanoTime() - start;
        System.out.println(args[0] + " " + (nanos / 1_000) / 1000.0 + " " + (isNative ? "native" : "java"));
    }
}
