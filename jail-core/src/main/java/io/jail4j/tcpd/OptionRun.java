package io.jail4j.tcpd;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of a matched rule carried out for one request, as libwrap's
 * {@code process_options} does with {@code dry_run} off: {@code allow} and {@code deny} decide,
 * an error denies, {@code aclexec} failing makes the table not match, and the in-process effects
 * ({@code severity}, {@code keepalive}, {@code linger}, {@code banners}) are collected for the
 * caller to apply.
 */
final class OptionRun {
    enum Outcome { MATCH, NO_MATCH, ALLOW, DENY, DELEGATED }

    Outcome outcome = Outcome.MATCH;
    Level severity;
    boolean keepAlive;
    int linger = -1;
    byte[] banner = new byte[0];
    final List<String> trace = new ArrayList<>();

    static OptionRun run(Table table, Rule rule, Request r) {
        OptionRun run = new OptionRun();
        boolean aclexecFailed = false;
        for (Options.Step step : rule.options.steps) {
            String value = step.value;
            if (step.error != null) {
                if (step.late) {
                    run.trace.add("option:   " + CText.text(step.written) + " " + CText.text(value));
                }
                run.trace.add(Diagnostic.error(table.name, rule.line, step.error).toString());
                run.outcome = Outcome.DENY;
                break;
            }
            if (step.expand) {
                List<String> warnings = new ArrayList<>();
                String expanded = Expander.expand(value, r, 8192, warnings);
                for (String w : warnings) {
                    run.trace.add(Diagnostic.warning(table.name, rule.line, w).toString());
                }
                if (expanded == null) {
                    run.outcome = Outcome.DENY; // libwrap ends the process here
                    break;
                }
                value = Options.chop(expanded);
            }
            run.trace.add("option:   " + CText.text(step.written) + " " + (value == null ? "" : CText.text(value)));
            if (step.handler != null) {
                boolean ok;
                String why = "option \"" + step.key + "\" failed";
                try {
                    ok = step.handler.handle(step.key, value == null ? null : CText.text(value), r);
                } catch (RuntimeException e) {
                    why = e.getMessage() != null ? CText.bytes(e.getMessage()) : step.key + " handler failed: " + e;
                    ok = false;
                }
                if (step.key.equals("aclexec")) {
                    aclexecFailed |= !ok;
                    continue;
                }
                if (!ok) {
                    run.trace.add(Diagnostic.error(table.name, rule.line, why).toString());
                    run.outcome = Outcome.DENY;
                    break;
                }
                if (step.key.equals("twist")) {
                    run.outcome = Outcome.DELEGATED;
                    break;
                }
                continue;
            }
            switch (step.key) {
                case "allow":
                    run.outcome = Outcome.ALLOW;
                    break;
                case "deny":
                    run.outcome = Outcome.DENY;
                    break;
                case "severity":
                    run.severity = SeverityOption.parse(value);
                    break;
                case "keepalive":
                    run.keepAlive = true;
                    break;
                case "linger":
                    run.linger = (int) (long) CNumbers.scanWhole(value, 10, true);
                    break;
                case "banners":
                    if (!run.banner(table, rule, step.banners, r)) {
                        run.outcome = Outcome.DENY;
                    }
                    break;
                default:
                    break; // rfc931: accepted; jail4j makes no ident lookups
            }
            if (run.outcome != Outcome.MATCH) {
                break;
            }
        }
        if (run.outcome == Outcome.MATCH && aclexecFailed) {
            run.outcome = Outcome.NO_MATCH;
        }
        return run;
    }

    private boolean banner(Table table, Rule rule, Banners banners, Request r) {
        if (banners.missing != null) {
            trace.add(Diagnostic.warning(table.name, rule.line, banners.dir + ": " + banners.missing).toString());
            return true;
        }
        List<String> warnings = new ArrayList<>();
        byte[] text = banners.render(r, warnings);
        for (String w : warnings) {
            trace.add(Diagnostic.warning(table.name, rule.line, w).toString());
        }
        if (text == null) {
            return false;
        }
        byte[] joined = new byte[banner.length + text.length];
        System.arraycopy(banner, 0, joined, 0, banner.length);
        System.arraycopy(text, 0, joined, banner.length, text.length);
        banner = joined;
        return true;
    }
}
