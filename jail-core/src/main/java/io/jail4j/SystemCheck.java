package io.jail4j;

import static io.jail4j.internal.LinuxAbi.CAP_SETGID;
import static io.jail4j.internal.LinuxAbi.CAP_SETUID;
import static io.jail4j.internal.LinuxAbi.CAP_SYS_CHROOT;
import static io.jail4j.internal.LinuxAbi.SECBIT_NO_SETUID_FIXUP;
import static io.jail4j.internal.LinuxAbi.SECBIT_KEEP_CAPS;

import java.util.ArrayList;
import java.util.List;

/**
 * The CHECK_SYSTEM step of {@code enter()}: a first entry, the three capabilities in the effective
 * set, no securebits that keep capabilities across the drop, and seccomp support. Only reads.
 */
final class SystemCheck {
    private SystemCheck() {
    }

    /**
     * Checks the live system and returns the caller's credentials; a capability-only caller is
     * noted in {@code notes}.
     */
    static Credentials check(SystemCalls os, List<String> notes) throws JailException {
        if (os.entered()) {
            throw new JailStateException("enter(): this process already entered a jail;"
                    + " enter() runs once per process");
        }
        OwnClasses.load();
        Credentials creds = os.credentials();
        long caps = os.effectiveCapabilities();
        List<String> missing = missingCapabilities(caps);
        if (missing.size() == 3 && !creds.anyRoot()) {
            throw new JailStateException("enter(): the process is already unprivileged (" + creds
                    + ", no CAP_SYS_CHROOT, CAP_SETUID or CAP_SETGID): there is nothing to drop;"
                    + " start it as root or with those capabilities");
        }
        if (!missing.isEmpty()) {
            throw new MissingCapabilityException(missing, "enter(): the process lacks " + String.join(", ", missing)
                    + " in its effective capability set (CapEff=" + Long.toHexString(caps) + ", " + creds
                    + "); run as root with the full capability set, or grant them"
                    + " (systemd: AmbientCapabilities=CAP_SYS_CHROOT CAP_SETUID CAP_SETGID)");
        }
        int securebits = os.securebits();
        if ((securebits & (SECBIT_KEEP_CAPS | SECBIT_NO_SETUID_FIXUP)) != 0) {
            throw new JailStateException("enter(): securebits 0x" + Integer.toHexString(securebits) + " include "
                    + ((securebits & SECBIT_KEEP_CAPS) != 0 ? "SECBIT_KEEP_CAPS" : "SECBIT_NO_SETUID_FIXUP")
                    + ": the kernel would keep capabilities across the drop; start the process without them");
        }
        try {
            os.seccompMode();
        } catch (SystemCallException e) {
            throw new JailStateException("enter(): the kernel has no seccomp support (" + e.getMessage()
                    + "); jail4j needs it to set no_new_privs on every thread", e);
        }
        if (creds.euid() != 0) {
            notes.add("capability-only caller (" + creds + "): setresuid(0, 0, 0) precedes the drop"
                    + " so that the kernel clears the capabilities");
        }
        return creds;
    }

    /** Returns the names of the three capabilities {@code enter()} needs that {@code caps} lacks. */
    static List<String> missingCapabilities(long caps) {
        List<String> missing = new ArrayList<>();
        if ((caps & (1L << CAP_SYS_CHROOT)) == 0) {
            missing.add("CAP_SYS_CHROOT");
        }
        if ((caps & (1L << CAP_SETUID)) == 0) {
            missing.add("CAP_SETUID");
        }
        if ((caps & (1L << CAP_SETGID)) == 0) {
            missing.add("CAP_SETGID");
        }
        return missing;
    }
}
