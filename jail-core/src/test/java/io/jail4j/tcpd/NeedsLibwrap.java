package io.jail4j.tcpd;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Skips jqwik properties that need the libwrap oracle where it cannot run, except under
 * {@code CI=true}, where they run and fail.
 */
public class NeedsLibwrap implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        String problem = Libwrap.problem();
        if (problem == null || "true".equals(System.getenv("CI"))) {
            return SkipResult.doNotSkip();
        }
        return SkipResult.skip("libwrap oracle unavailable: " + problem);
    }
}
