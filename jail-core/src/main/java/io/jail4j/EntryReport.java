package io.jail4j;

import io.jail4j.internal.JsonWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link Jail#enter()} did: the jail, the identity before and after, how long each step
 * took, the descriptors it found and what it did with them, how many threads it proved, and
 * warnings worth acting on. {@link #toString()} prints a table for people, {@link #toJson()} a
 * document for scripts.
 */
public final class EntryReport {
    private final Path jail;
    private final TargetUser target;
    private final Credentials before;
    private final Credentials after;
    private final Map<Step, Long> stepNanos;
    private final long totalNanos;
    private final List<OpenDescriptor> descriptors;
    private final int threadsVerified;
    private final int threadsExited;
    private final List<String> policy;
    private final List<String> warnings;
    private final List<String> notes;
    private final Path learnPlan;

    EntryReport(Path jail, TargetUser target, Credentials before, Credentials after, Map<Step, Long> stepNanos,
                long totalNanos, List<OpenDescriptor> descriptors, int threadsVerified, int threadsExited,
                List<String> policy, List<String> warnings, List<String> notes, Path learnPlan) {
        this.jail = jail;
        this.target = target;
        this.before = before;
        this.after = after;
        this.stepNanos = Collections.unmodifiableMap(new EnumMap<>(stepNanos));
        this.totalNanos = totalNanos;
        this.descriptors = List.copyOf(descriptors);
        this.threadsVerified = threadsVerified;
        this.threadsExited = threadsExited;
        this.policy = List.copyOf(policy);
        this.warnings = List.copyOf(warnings);
        this.notes = List.copyOf(notes);
        this.learnPlan = learnPlan;
    }

    /**
     * Returns whether the process is jailed: false only after a learn-mode entry
     * ({@link Jail#learn(Path)}), which dropped every id but did not chroot.
     *
     * @return true after a real entry (chroot done), false after a learn-mode entry
     */
    public boolean jailed() {
        return learnPlan == null;
    }

    /**
     * Returns the plan file of a learn-mode entry, or empty for a jailed process.
     *
     * @return the absolute path of the plan file the learn session writes, or empty when jailed
     */
    public java.util.Optional<Path> learnPlan() {
        return java.util.Optional.ofNullable(learnPlan);
    }

    /**
     * Returns the jail directory as seen from the host.
     *
     * @return the absolute jail path given to {@link Jail#at(Path)}
     */
    public Path jail() {
        return jail;
    }

    /**
     * Returns the identity the process dropped to.
     *
     * @return the user, primary group and supplementary groups the ids were dropped to
     */
    public TargetUser target() {
        return target;
    }

    /**
     * Returns the credentials before {@code enter()}.
     *
     * @return the ids and groups the process had when {@code enter()} began
     */
    public Credentials before() {
        return before;
    }

    /**
     * Returns the credentials read back from the kernel after the drop.
     *
     * @return the ids and groups the kernel reported after the drop
     */
    public Credentials after() {
        return after;
    }

    /**
     * Returns how long a step took (zero for a step that had nothing to do).
     *
     * @param step the step to look up
     * @return the step's wall-clock time, at nanosecond resolution; {@link Duration#ZERO} for a
     *         step that did not run or had nothing to do
     */
    public Duration time(Step step) {
        return Duration.ofNanos(stepNanos.getOrDefault(step, 0L));
    }

    /**
     * Returns the time from the point of no return to the end of the proof.
     *
     * @return the sum of the times of the steps that are not {@link Step#reversible() reversible}
     */
    public Duration irreversibleTime() {
        long sum = 0;
        for (Map.Entry<Step, Long> e : stepNanos.entrySet()) {
            if (!e.getKey().reversible()) {
                sum += e.getValue();
            }
        }
        return Duration.ofNanos(sum);
    }

    /**
     * Returns the whole time {@code enter()} blocked its caller.
     *
     * @return the wall-clock time from the start to the end of {@code enter()}, waiting for
     *         {@link Jail#prepare()} work included
     */
    public Duration totalTime() {
        return Duration.ofNanos(totalNanos);
    }

    /**
     * Returns the descriptors found open before the chroot and what was done with each.
     *
     * @return an unmodifiable list, one element an open descriptor with its action and reason
     */
    public List<OpenDescriptor> descriptors() {
        return descriptors;
    }

    /**
     * Returns how many threads' status files were read back and proved after the drop.
     *
     * @return the number of threads whose credentials were read back from {@code /proc}, 0 or more
     */
    public int threadsVerified() {
        return threadsVerified;
    }

    /**
     * Returns how many watched threads exited before they could be read.
     *
     * @return the number of threads that ended between being listed and being read, 0 or more
     */
    public int threadsExited() {
        return threadsExited;
    }

    /**
     * Returns the syscall policy in force after the drop, a line a rule: what it blocks, the
     * errno, why, and the rules lifted with {@link Jail#insecureAllow}.
     *
     * @return an unmodifiable list of text lines, as {@link Jail#syscallPolicy()} gives them
     */
    public List<String> policy() {
        return policy;
    }

    /**
     * Returns advice about weaker spots, such as a target user shared with other processes.
     *
     * @return an unmodifiable list of warning texts, one a warning; empty if there are none
     */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * Returns facts worth knowing that need no action, such as an accepted sticky ancestor.
     *
     * @return an unmodifiable list of note texts, one a note; empty if there are none
     */
    public List<String> notes() {
        return notes;
    }

    /** Returns a multi-line table for people. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (learnPlan != null) {
            s.append("jail4j: LEARN MODE, NOT JAILED: no chroot into ").append(jail).append("; dropped to ")
                    .append(target).append("; plan ").append(learnPlan).append('\n');
        } else {
            s.append("jail4j: entered ").append(jail).append(" as ").append(target).append('\n');
        }
        row(s, "before", before.toString());
        row(s, "after", after.toString());
        row(s, "root", learnPlan != null ? "/ of the host: NOT JAILED (learn mode)" : "/ (host path " + jail + ")");
        row(s, "threads", threadsVerified + " proved from /proc, " + threadsExited
                + " exited during entry (threads started later are changed by glibc but not read)");
        s.append("  step               reversible   time\n");
        for (Step step : Step.values()) {
            s.append(String.format(Locale.ROOT, "  %-18s %-10s %9.3f ms%n", step.name().toLowerCase(Locale.ROOT),
                    step.reversible() ? "yes" : "no (" + step.haltCode() + ")", stepNanos.getOrDefault(step, 0L) / 1e6));
        }
        s.append(String.format(Locale.ROOT, "  %-29s %9.3f ms%n", "total", totalNanos / 1e6));
        s.append(String.format(Locale.ROOT, "  %-29s %9.3f ms%n", "point of no return to proof",
                irreversibleTime().toNanos() / 1e6));
        s.append("  descriptors\n");
        for (OpenDescriptor d : descriptors) {
            s.append(String.format(Locale.ROOT, "    %4d  %-10s %-11s %s%s%s%n", d.fd(), d.kind(), d.action(), d.target(),
                    d.detail().isEmpty() ? "" : " [" + d.detail() + "]",
                    d.reason().startsWith("kept: ") ? " (" + d.reason() + ")" : ""));
        }
        s.append("  syscall policy\n");
        for (String p : policy) {
            s.append("    ").append(p).append('\n');
        }
        for (String w : warnings) {
            s.append("  warning: ").append(w).append('\n');
        }
        for (String n : notes) {
            s.append("  note: ").append(n).append('\n');
        }
        return s.toString();
    }

    private static void row(StringBuilder s, String key, String value) {
        s.append(String.format(Locale.ROOT, "  %-8s %s%n", key, value));
    }

    /**
     * Returns the report as one JSON object.
     *
     * @return a JSON object with the same content as {@link #toString()}: jail, target, before,
     *         after, thread counts, step times in nanoseconds, descriptors, policy, warnings, notes,
     *         {@code jailed} and {@code learnPlan} ({@code null} when jailed)
     */
    public String toJson() {
        JsonWriter j = new JsonWriter().beginObject();
        j.field("jail", jail.toString());
        j.name("target").beginObject();
        j.field("name", target.name().orElse(null));
        j.field("uid", target.uid());
        j.field("gid", target.gid());
        j.numbers("groups", target.groups());
        j.endObject();
        credentials(j.name("before"), before);
        credentials(j.name("after"), after);
        j.field("threadsVerified", threadsVerified);
        j.field("threadsExited", threadsExited);
        j.name("stepsNanos").beginObject();
        for (Step step : Step.values()) {
            j.field(step.name(), stepNanos.getOrDefault(step, 0L));
        }
        j.endObject();
        j.field("totalNanos", totalNanos);
        j.field("irreversibleNanos", irreversibleTime().toNanos());
        j.name("descriptors").beginArray();
        for (OpenDescriptor d : descriptors) {
            j.beginObject();
            j.field("fd", d.fd());
            j.field("kind", d.kind().toString());
            j.field("action", d.action().toString());
            j.field("target", d.target());
            j.field("writable", d.writable());
            j.field("reason", d.reason());
            j.field("detail", d.detail());
            j.endObject();
        }
        j.endArray();
        j.strings("policy", policy);
        j.strings("warnings", warnings);
        j.strings("notes", notes);
        j.field("jailed", learnPlan == null);
        j.field("learnPlan", learnPlan == null ? null : learnPlan.toString());
        j.endObject();
        return j.toString();
    }

    private static void credentials(JsonWriter j, Credentials c) {
        j.beginObject();
        j.field("ruid", c.ruid());
        j.field("euid", c.euid());
        j.field("suid", c.suid());
        j.field("rgid", c.rgid());
        j.field("egid", c.egid());
        j.field("sgid", c.sgid());
        j.numbers("groups", c.groups());
        j.endObject();
    }
}
