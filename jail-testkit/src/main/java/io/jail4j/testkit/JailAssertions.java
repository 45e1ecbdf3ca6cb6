package io.jail4j.testkit;

import io.jail4j.inspect.JailVerdict;
import io.jail4j.inspect.ProcessView;
import java.nio.file.Path;
import java.util.Set;

/**
 * Test assertions on a {@link ProcessView}: fails with jail-core's {@link JailVerdict}, which
 * names every way the process is not jailed, not just the first.
 *
 * <pre>{@code
 * ProcessView view = ProcessView.of(daemon.pid());
 * JailAssertions.assertJailed(view, Path.of("/srv/jail"), 65534, 65534, Set.of(65534L));
 * }</pre>
 */
public final class JailAssertions {
    private JailAssertions() {
    }

    /**
     * Asserts that the process is locked into {@code jail} and dropped to the given ids, by the
     * rules of {@link JailVerdict#of(ProcessView, Path, long, long, Set)}.
     *
     * @param view   the process as read from outside
     * @param jail   the jail directory on the host
     * @param uid    the user id every thread must hold in all four slots
     * @param gid    the group id every thread must hold in all four slots
     * @param groups exactly the supplementary groups every thread must hold
     * @throws AssertionError whose message is the verdict: every violation found
     */
    public static void assertJailed(ProcessView view, Path jail, long uid, long gid, Set<Long> groups) {
        JailVerdict verdict = JailVerdict.of(view, jail, uid, gid, groups);
        if (!verdict.jailed()) {
            throw new AssertionError(verdict.toString());
        }
    }
}
