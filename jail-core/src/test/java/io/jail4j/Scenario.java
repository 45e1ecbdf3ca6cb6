package io.jail4j;

import java.nio.file.Path;
import java.util.List;

/**
 * One generated situation for the ordering properties: who calls, whom to drop to, which
 * descriptors are open, which threads run; {@link #model()} builds a fresh kernel model of it.
 *
 * @param user           a name the model knows, or null for the numeric target 4000/4001
 * @param capabilityOnly whether the caller is uid 999 with only the three capabilities
 * @param closeFds       whether the plan closes stray descriptors
 * @param strayFiles     host files open outside the jail, some writable
 * @param threads        how many threads the process has
 * @param stickyJail     whether the jail sits below /tmp (a root-owned sticky ancestor)
 */
record Scenario(String user, boolean capabilityOnly, boolean closeFds, List<Boolean> strayFiles, int threads,
                boolean stickyJail) {

    Path jail() {
        return Path.of(stickyJail ? "/tmp/jail" : "/srv/ftp");
    }

    Jail plan() {
        Jail plan = Jail.at(jail()).withoutDefaultPreload();
        plan = user == null ? plan.dropTo(4000, 4001) : plan.dropTo(user);
        return closeFds ? plan.closeFds() : plan;
    }

    /** Whether the plan is refused before anything changes because of its descriptors. */
    boolean refusedForDescriptors() {
        return !closeFds && strayFiles.contains(true);
    }

    FakeOs model() {
        FakeOs os = new FakeOs();
        os.users.put("multi", new SystemCalls.Passwd("multi", 3000, 3000, "/srv/ftp/home", "/bin/false"));
        os.groupLists.put("multi", new long[] {3000, 3001, 3002, 3003, 3004});
        os.dir("/tmp/jail", 0, 0, 0755);
        if (capabilityOnly) {
            os.ruid = os.euid = os.suid = 999;
            os.rgid = os.egid = os.sgid = 999;
            os.caps = (1L << 6) | (1L << 7) | (1L << 18);
        }
        for (int i = 0; i < strayFiles.size(); i++) {
            os.fds.add(FakeOs.fd(10 + i, "/var/lib/app/file" + i, OpenDescriptor.Kind.FILE, strayFiles.get(i)));
        }
        os.fds.add(FakeOs.fd(30, "socket:[4242]", OpenDescriptor.Kind.SOCKET, true));
        os.tids.clear();
        for (int t = 0; t < threads; t++) {
            os.tids.add(100L + t);
        }
        return os;
    }

    long uid() {
        return user == null ? 4000 : user.equals("ftp") ? 1001 : user.equals("nobody") ? 65534 : 3000;
    }

    long gid() {
        return user == null ? 4001 : user.equals("ftp") ? 1001 : user.equals("nobody") ? 65534 : 3000;
    }

    List<Long> groups() {
        if (user == null) {
            return List.of(4001L);
        }
        switch (user) {
            case "ftp": return List.of(1001L, 2001L, 2002L);
            case "nobody": return List.of(65534L);
            default: return List.of(3000L, 3001L, 3002L, 3003L, 3004L);
        }
    }
}
