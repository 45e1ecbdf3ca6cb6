package io.jail4j.tcpd;

import java.util.List;
import java.util.Set;

/**
 * How {@link HostsAccess} decides a request with its two tables, as libwrap's
 * {@code hosts_access()} does: the first matching rule of the allow file grants, else the first
 * matching rule of the deny file denies, else access is granted (unless the deny file was cut
 * short); a matching rule's options may turn its verdict. The decision parts of rules without
 * options are made once, so that a check of such a rule allocates only its {@link Decision}.
 */
final class RuleCheck {
    private static final byte[] NO_BANNER = new byte[0];

    private final Table allow;
    private final Table deny;
    private final Set<String> interfaces;
    private final MatchContext ctx;
    private final Decision.Part[] allowRules;
    private final Decision.Part[] denyRules;
    private final Decision.Part allowNone;
    private final Decision.Part denyNone;

    RuleCheck(Table allow, Table deny, Set<String> interfaces) {
        this.allow = allow;
        this.deny = deny;
        this.interfaces = interfaces;
        this.ctx = new MatchContext(interfaces, null);
        this.allowNone = new Decision.Part(allow, null, List.of());
        this.denyNone = new Decision.Part(deny, null, List.of());
        this.allowRules = parts(allow);
        this.denyRules = parts(deny);
    }

    private static Decision.Part[] parts(Table table) {
        Decision.Part[] parts = new Decision.Part[table.rules.size()];
        for (Rule r : table.rules) {
            parts[r.index] = new Decision.Part(table, r, List.of());
        }
        return parts;
    }

    /** Decides {@code r} (not null); runs the option handlers of the matching rule, if any. */
    Decision check(Request r) {
        Rule a = allow.first(r, ctx);
        Decision.Part allowPart = allowNone;
        if (a != null) {
            if (a.options == null) {
                return plain(true, allowRules[a.index], null, r);
            }
            OptionRun run = OptionRun.run(allow, a, r);
            allowPart = new Decision.Part(allow, a, List.copyOf(run.trace));
            if (run.outcome != OptionRun.Outcome.NO_MATCH) {
                boolean granted = run.outcome == OptionRun.Outcome.MATCH || run.outcome == OptionRun.Outcome.ALLOW;
                return decided(granted, run, allowPart, null, r);
            }
        }
        Rule d = deny.first(r, ctx);
        if (d == null) {
            return plain(!deny.broken, allowPart, denyNone, r); // a broken deny file denies (libwrap)
        }
        if (d.options == null) {
            return plain(false, allowPart, denyRules[d.index], r);
        }
        OptionRun run = OptionRun.run(deny, d, r);
        boolean granted = run.outcome == OptionRun.Outcome.ALLOW || run.outcome == OptionRun.Outcome.NO_MATCH;
        return decided(granted, run, allowPart, new Decision.Part(deny, d, List.copyOf(run.trace)), r);
    }

    private Decision plain(boolean allowed, Decision.Part allowPart, Decision.Part denyPart, Request r) {
        return new Decision(allowed, false, allowPart, denyPart, null, false, -1, NO_BANNER, r, interfaces);
    }

    private Decision decided(boolean granted, OptionRun run, Decision.Part allowPart, Decision.Part denyPart,
                             Request r) {
        boolean delegated = run.outcome == OptionRun.Outcome.DELEGATED;
        return new Decision(granted && !delegated, delegated, allowPart, denyPart, run.severity, run.keepAlive,
                run.linger, run.banner, r, interfaces);
    }
}
