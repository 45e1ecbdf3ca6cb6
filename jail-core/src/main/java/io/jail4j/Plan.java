package io.jail4j;

import io.jail4j.layout.JailLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Every setting of a {@link Jail}, as one immutable value: the canonical constructor copies each
 * collection into an unmodifiable one, and every {@code with...} method returns a new plan.
 * Arguments are validated by {@link Jail} before they get here.
 *
 * <p>Two plans are equal when they run the same way: preload actions compare in their order,
 * the kept descriptors, kept variables and lifted rules as sets.
 *
 * @param dir              the jail directory, absolute and normalized
 * @param preloads         the caller's preload actions, in order
 * @param defaultPreload   whether the default preload runs
 * @param closesFds        whether stray descriptors are pointed at {@code /dev/null}
 * @param mirrorsClassPath whether the class path is copied into the jail
 * @param keeps            the descriptors and files kept on purpose, in the order they were added
 * @param keepEnvironment  the variables to keep when clearing the environment, or null to keep it all
 * @param audit            the audit to run, or null for none
 * @param userName         the target user's name, or null for a numeric target or none yet
 * @param uid              the numeric target's uid, or -1
 * @param gid              the numeric target's gid, or -1
 * @param allowedRules     the syscall rules lifted with {@link Jail#insecureAllow}, each with its reason
 * @param allowChildren    why children running as another user are allowed, or null to refuse them
 * @param learn            learn mode's settings, or null for a jailed entry
 */
record Plan(Path dir, List<Runnable> preloads, boolean defaultPreload, boolean closesFds, boolean mirrorsClassPath,
            Set<Keep> keeps, Set<String> keepEnvironment, Audit audit, String userName, long uid, long gid,
            Map<SyscallRule, String> allowedRules, String allowChildren, Learn learn) {

    /** A descriptor the caller keeps open on purpose, by number or by the file it points to. */
    record Keep(int fd, Path file, String why, boolean insecure) {
        boolean matches(int openFd, String target) {
            return file == null ? openFd == fd : target.equals(file.toString()) || target.equals(file + " (deleted)");
        }

        @Override
        public String toString() {
            return (insecure ? "INSECURE writable " : "") + (file == null ? "fd " + fd : file.toString()) + " (" + why + ")";
        }
    }

    /** Learn mode as {@link Jail#learn(Path, Duration)} asks for it; {@code duration} may be null (until exit). */
    record Learn(Path planFile, Duration duration) { }

    /** The audit {@link Jail#audit()} asks for; {@code allowed} may be null. */
    record Audit(JailLayout allowed) { }

    /** Copies every collection into an unmodifiable one, so that no caller can change a plan. */
    Plan {
        Objects.requireNonNull(dir, "dir");
        preloads = List.copyOf(preloads);
        keeps = Collections.unmodifiableSet(new LinkedHashSet<>(keeps));
        keepEnvironment = keepEnvironment == null ? null : Collections.unmodifiableSet(new LinkedHashSet<>(keepEnvironment));
        Map<SyscallRule, String> rules = new EnumMap<>(SyscallRule.class);
        rules.putAll(allowedRules);
        allowedRules = Collections.unmodifiableMap(rules);
    }

    /** Returns a plan for {@code dir} with every option off and no drop target. */
    static Plan of(Path dir) {
        return new Plan(dir, List.of(), true, false, false, Set.of(), null, null, null, -1, -1, Map.of(), null, null);
    }

    Plan withPreloads(Collection<Runnable> more) {
        List<Runnable> all = new ArrayList<>(preloads);
        all.addAll(more);
        return new Plan(dir, all, defaultPreload, closesFds, mirrorsClassPath, keeps, keepEnvironment, audit,
                userName, uid, gid, allowedRules, allowChildren, learn);
    }

    Plan withoutDefaultPreload() {
        return new Plan(dir, preloads, false, closesFds, mirrorsClassPath, keeps, keepEnvironment, audit,
                userName, uid, gid, allowedRules, allowChildren, learn);
    }

    Plan withClosingFds() {
        return new Plan(dir, preloads, defaultPreload, true, mirrorsClassPath, keeps, keepEnvironment, audit,
                userName, uid, gid, allowedRules, allowChildren, learn);
    }

    Plan withMirroredClassPath() {
        return new Plan(dir, preloads, defaultPreload, closesFds, true, keeps, keepEnvironment, audit,
                userName, uid, gid, allowedRules, allowChildren, learn);
    }

    Plan withKeep(Keep keep) {
        Set<Keep> all = new LinkedHashSet<>(keeps);
        all.add(keep);
        return new Plan(dir, preloads, defaultPreload, closesFds, mirrorsClassPath, all, keepEnvironment, audit,
                userName, uid, gid, allowedRules, allowChildren, learn);
    }

    Plan withKeepEnvironment(Set<String> names) {
        return new Plan(dir, preloads, defaultPreload, closesFds, mirrorsClassPath, keeps, names, audit,
                userName, uid, gid, allowedRules, allowChildren, learn);
    }

    Plan withAudit(Audit newAudit) {
        return new Plan(dir, preloads, defaultPreload, closesFds, mirrorsClassPath, keeps, keepEnvironment, newAudit,
                userName, uid, gid, allowedRules, allowChildren, learn);
    }

    /** Returns this plan dropping to user {@code name}, or to {@code newUid}/{@code newGid} if it is null. */
    Plan withTarget(String name, long newUid, long newGid) {
        return new Plan(dir, preloads, defaultPreload, closesFds, mirrorsClassPath, keeps, keepEnvironment, audit,
                name, newUid, newGid, allowedRules, allowChildren, learn);
    }

    Plan withAllowedRule(SyscallRule rule, String why) {
        Map<SyscallRule, String> all = new EnumMap<>(SyscallRule.class);
        all.putAll(allowedRules);
        all.put(rule, why);
        return new Plan(dir, preloads, defaultPreload, closesFds, mirrorsClassPath, keeps, keepEnvironment, audit,
                userName, uid, gid, all, allowChildren, learn);
    }

    Plan withAllowedChildren(String why) {
        return new Plan(dir, preloads, defaultPreload, closesFds, mirrorsClassPath, keeps, keepEnvironment, audit,
                userName, uid, gid, allowedRules, why, learn);
    }

    Plan withLearn(Learn newLearn) {
        return new Plan(dir, preloads, defaultPreload, closesFds, mirrorsClassPath, keeps, keepEnvironment, audit,
                userName, uid, gid, allowedRules, allowChildren, newLearn);
    }

    /** Returns whether a drop target is set. */
    boolean hasTarget() {
        return userName != null || uid >= 0;
    }

    /** Returns whether the target is the named user, or the numeric ids if {@code name} is null. */
    boolean targets(String name, long otherUid, long otherGid) {
        return Objects.equals(userName, name) && uid == otherUid && gid == otherGid;
    }

    /** Returns the syscall policy this plan installs on the running architecture. */
    SyscallPolicy policy() {
        return SyscallPolicy.of(SyscallPolicy.current(), allowedRules.keySet());
    }

    /** Describes the target as messages name it: {@code user "ftp"}, {@code uid 1 gid 2}. */
    String targetText() {
        if (userName != null) {
            return "user \"" + userName + "\"";
        }
        return uid < 0 ? "(no target yet)" : "uid " + uid + " gid " + gid;
    }

    /** Returns the plan as it will run, as {@link Jail#toString()} documents it. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Jail ").append(dir).append(": ");
        if (learn != null) {
            s.append("LEARN MODE, NOT JAILED (no chroot, plan to ").append(learn.planFile())
                    .append(learn.duration() == null ? "" : " after " + learn.duration()).append("), ");
        }
        if (!defaultPreload) {
            s.append("no default preload, ");
        }
        if (!preloads.isEmpty()) {
            s.append("preload ").append(preloads).append(", ");
        }
        if (mirrorsClassPath) {
            s.append("mirror class path, ");
        }
        if (closesFds) {
            s.append("close stray fds, ");
        }
        if (!keeps.isEmpty()) {
            s.append("keep ").append(keeps).append(", ");
        }
        if (keepEnvironment != null) {
            s.append("clear environment except ").append(keepEnvironment).append(", ");
        }
        if (audit != null) {
            s.append(audit.allowed() == null ? "audit, " : "audit allowing a layout, ");
        }
        if (allowChildren != null) {
            s.append("INSECURE allow child processes, ");
        }
        for (SyscallRule rule : allowedRules.keySet()) {
            s.append("INSECURE allow ").append(rule).append(", ");
        }
        return s.append("chroot, drop to ").append(targetText()).toString();
    }
}
