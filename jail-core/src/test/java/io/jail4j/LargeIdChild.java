package io.jail4j;

import io.jail4j.internal.Glibc;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Forked by {@link LargeIdRootTest} as root: sets groups, gids and uids above 2^31 through
 * {@link Native} (glibc's wrappers, which apply them to every thread), prints what
 * {@code getresuid}/{@code getresgid}/{@code getgroups} read back and which kind of jnr-ffi
 * binding made the calls, then waits on stdin so that the parent can read {@code /proc} from
 * outside.
 */
final class LargeIdChild {
    private LargeIdChild() {
    }

    public static void main(String[] args) throws Exception {
        long ruid = Long.parseLong(args[0]);
        long euid = Long.parseLong(args[1]);
        long suid = Long.parseLong(args[2]);
        Native n = Native.get();
        Object binding = Glibc.libc();
        System.out.println("BINDING " + (java.lang.reflect.Proxy.isProxyClass(binding.getClass()) ? "reflection" : "generated")
                + " " + binding.getClass().getName());
        Thread other = new Thread(LargeIdChild::sleep, "other-thread"); // glibc must reach it too
        other.setDaemon(true);
        other.start();
        n.setgroups(new long[] {suid, euid, ruid});
        n.setresgid(ruid, euid, suid);
        n.setresuid(ruid, euid, suid);
        Credentials c = n.credentials();
        System.out.println("IDS " + c.ruid() + " " + c.euid() + " " + c.suid() + " " + c.rgid() + " " + c.egid() + " "
                + c.sgid() + " " + c.groups());
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        System.out.println("DONE");
    }

    private static void sleep() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
