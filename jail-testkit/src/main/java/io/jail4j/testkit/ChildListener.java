package io.jail4j.testkit;

import java.io.IOException;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Watches the one selected test in the jailed child: its result, a skip of it or of a container
 * around it, a failure of such a container (a failing {@code @BeforeAll}, say), and its report
 * entries, which it forwards at once.
 */
final class ChildListener implements TestExecutionListener {
    private final UniqueId target;
    private final FrameChannel wire;
    private TestExecutionResult result;
    private TestExecutionResult containerFailure;
    private String skipReason;

    ChildListener(UniqueId target, FrameChannel wire) {
        this.target = target;
        this.wire = wire;
    }

    private boolean isTarget(TestIdentifier id) {
        return id.getUniqueIdObject().equals(target);
    }

    private boolean around(TestIdentifier id) {
        return target.hasPrefix(id.getUniqueIdObject()) && !isTarget(id);
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if ((isTarget(id) || around(id)) && skipReason == null) {
            skipReason = reason;
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult r) {
        if (isTarget(id)) {
            result = r;
        } else if (around(id) && r.getStatus() != TestExecutionResult.Status.SUCCESSFUL && containerFailure == null) {
            containerFailure = r;
        }
    }

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        FrameFields.Out out = new FrameFields.Out().integer(entry.getKeyValuePairs().size());
        for (Map.Entry<String, String> e : entry.getKeyValuePairs().entrySet()) {
            out.string(e.getKey()).string(e.getValue());
        }
        try {
            wire.send(FrameChannel.ENTRY, out);
        } catch (IOException e) {
            // the test JVM is gone; the reader thread ends this process
        }
    }

    /** Returns the outcome once the launcher has returned. */
    ChildOutcome outcome() {
        TestExecutionResult r = result;
        if (r != null && r.getStatus() == TestExecutionResult.Status.SUCCESSFUL && containerFailure != null) {
            r = containerFailure; // the test passed, then an @AfterAll (say) failed
        }
        if (r == null && skipReason != null) {
            return new ChildOutcome(ChildOutcome.Status.SKIPPED, null, skipReason);
        }
        if (r == null) {
            r = containerFailure;
        }
        if (r == null) {
            return new ChildOutcome(ChildOutcome.Status.FAILED, new IllegalStateException("the jailed JVM discovered no test"
                    + " with unique id " + target), null);
        }
        ChildOutcome.Status status = r.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? ChildOutcome.Status.SUCCESSFUL
                : r.getStatus() == TestExecutionResult.Status.ABORTED ? ChildOutcome.Status.ABORTED : ChildOutcome.Status.FAILED;
        return new ChildOutcome(status, r.getThrowable().orElse(null), null);
    }
}
