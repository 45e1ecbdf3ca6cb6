/**
 * jail4j's core: {@code Jail.at(dir).dropTo(user).enter()} locks a JVM started as root into a
 * chroot jail and drops it to an unprivileged user from inside ({@link io.jail4j}); jail layouts
 * and their audit ({@link io.jail4j.layout}); TCP Wrappers access control
 * ({@link io.jail4j.tcpd}); and a process seen from outside with the verdict whether it is jailed
 * ({@link io.jail4j.inspect}).
 *
 * <p>Besides those API packages, only {@code io.jail4j.libc} is open, and it holds nothing but the
 * interface jnr-ffi binds glibc to: jnr-ffi defines its implementation in a class loader of its own
 * (an unnamed module, which a qualified export or open cannot name), so the package must be
 * reachable at run time by every module. It is not exported: no code compiles against it.
 * {@code io.jail4j.internal} is exported only to jail4j's own modules (the command line and the
 * test kit); it is not API.
 */
module io.jail4j.core {
    requires java.logging;
    requires java.management;
    requires jdk.unsupported;
    requires org.jnrproject.ffi;
    requires org.jnrproject.constants;
    // jnr-ffi (an automatic module, which cannot say so) generates its bindings with ASM: without
    // this, an application on the module path would need --add-modules org.objectweb.asm
    requires org.objectweb.asm;

    exports io.jail4j;
    exports io.jail4j.inspect;
    exports io.jail4j.layout;
    exports io.jail4j.tcpd;
    // the shared JSON writer and other internals: for jail4j's own modules, not API
    exports io.jail4j.internal to io.jail4j.examples, io.jail4j.testkit;

    opens io.jail4j.libc;
}
