package io.jail4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RESOLVE_USER step of {@code enter()}: looks the target up on the host, refuses uid 0, gid 0
 * and membership in group 0, and decides the environment the ENVIRONMENT step sets. Only reads.
 *
 * @param target           the user to drop to
 * @param environment      what the ENVIRONMENT step sets, in order (a null value unsets)
 * @param clearEnvironment whether the ENVIRONMENT step clears the environment first
 */
record TargetResolution(TargetUser target, Map<String, String> environment, boolean clearEnvironment) {
    private static final long NOBODY = 65534;

    /** Resolves the plan's target; warnings about shared uids go to {@code warnings}. */
    static TargetResolution resolve(Plan plan, SystemCalls os, List<String> notes, List<String> warnings)
            throws JailException {
        TargetUser target;
        TargetResolution resolved;
        if (plan.userName() != null) {
            String name = plan.userName();
            SystemCalls.Passwd pw = os.getpwnam(name);
            if (pw == null) {
                throw new UnknownUserException(name);
            }
            if (pw.uid() == 0) {
                throw new InvalidTargetException("dropTo(\"" + name + "\"): the user has uid 0;"
                        + " a drop to uid 0 keeps every privilege");
            }
            if (pw.gid() == 0) {
                throw new InvalidTargetException("dropTo(\"" + name + "\"): the user's primary group is gid 0 (root);"
                        + " give it a group of its own");
            }
            List<Long> groups = new ArrayList<>();
            for (long g : os.getgrouplist(name, pw.gid())) {
                groups.add(g);
            }
            if (groups.contains(0L)) {
                throw new InvalidTargetException("dropTo(\"" + name + "\"): the user is a member of group 0 (root),"
                        + " which grants root's group permissions; remove it from that group");
            }
            target = new TargetUser(name, pw.uid(), pw.gid(), groups);
            resolved = planEnvironment(plan, os, target, name, pw.home(), pw.shell(), notes, warnings);
        } else {
            target = new TargetUser(null, plan.uid(), plan.gid(), List.of(plan.gid()));
            resolved = planEnvironment(plan, os, target, null, "", "", notes, warnings);
        }
        if (target.uid() == NOBODY || target.name().filter("nobody"::equals).isPresent()) {
            warnings.add("the target is nobody, which other daemons share: a jailed process can signal processes"
                    + " of its own uid (the syscall policy denies tracing them); create a dedicated user");
        } else {
            int others = os.processesWithUid(target.uid());
            if (others > 0) {
                warnings.add(others + " other process(es) run as uid " + target.uid() + ": a jailed process can"
                        + " signal processes of its own uid (the syscall policy denies tracing them); use a dedicated"
                        + " user");
            }
        }
        return resolved;
    }

    /**
     * Decides the environment the ENVIRONMENT step sets: the kept variables when the plan clears
     * the rest, then PWD, HOME (the target's home mapped into the jail, else /), USER, LOGNAME and
     * SHELL (unset for a numeric target, which has no name).
     */
    private static TargetResolution planEnvironment(Plan plan, SystemCalls os, TargetUser target, String name,
            String home, String shell, List<String> notes, List<String> warnings) {
        Map<String, String> environment = new LinkedHashMap<>();
        boolean clearEnvironment = false;
        if (plan.keepEnvironment() != null) {
            clearEnvironment = true;
            for (String keep : plan.keepEnvironment()) {
                String value = os.getenv(keep);
                if (value != null) {
                    environment.put(keep, value);
                }
            }
        }
        environment.put("PWD", "/");
        String jail = plan.dir().toString();
        environment.put("HOME", home.startsWith(jail + "/") ? home.substring(jail.length()) : "/");
        environment.put("USER", name);
        environment.put("LOGNAME", name);
        environment.put("SHELL", name == null || shell.isEmpty() ? null : shell);
        StringBuilder set = new StringBuilder("environment: ");
        environment.forEach((k, v) -> set.append(k).append(v == null ? " unset" : plan.keepEnvironment() != null
                && plan.keepEnvironment().contains(k) ? " kept" : "=" + v).append(", "));
        set.setLength(set.length() - 2);
        notes.add(set + (clearEnvironment ? "; everything else cleared" : ""));
        String userDir = System.getProperty("user.dir", "/");
        if (!userDir.equals("/")) {
            warnings.add("user.dir is " + userDir + ": after the chroot Java still resolves relative paths against it"
                    + " (File.getAbsolutePath, Path.toAbsolutePath) while the kernel resolves them against /;"
                    + " start the JVM with working directory / (systemd's default)");
        }
        return new TargetResolution(target, java.util.Collections.unmodifiableMap(environment), clearEnvironment);
    }

    /** Returns every name and value the ENVIRONMENT step passes to native code. */
    List<String> environmentStrings() {
        List<String> strings = new ArrayList<>();
        environment.forEach((name, value) -> {
            strings.add(name);
            if (value != null) {
                strings.add(value);
            }
        });
        return strings;
    }

    /** The ENVIRONMENT step: clears the environment if the plan asks, then sets and unsets as decided. */
    void apply(SystemCalls os) throws SystemCallException {
        if (clearEnvironment) {
            os.clearenv();
        }
        for (Map.Entry<String, String> e : environment.entrySet()) {
            if (e.getValue() == null) {
                os.unsetenv(e.getKey());
            } else {
                os.setenv(e.getKey(), e.getValue());
            }
        }
    }
}
