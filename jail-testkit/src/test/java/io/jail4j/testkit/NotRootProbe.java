package io.jail4j.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Run by {@link JailedNotRootTest} as an unprivileged user: runs a jailed fixture and prints
 * {@code STATUS <status> <message>} for it and {@code CHILDREN <n>} for the jailed JVMs it left;
 * with the argument {@code more}, two more fixtures too.
 */
final class NotRootProbe {
    private NotRootProbe() {
    }

    public static void main(String[] args) {
        EngineTestKit.Builder run = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(JailedFixtures.Passing.class));
        if (args.length > 0 && args[0].equals("more")) {
            run.selectors(selectClass(JailedFixtures.Failing.class), selectClass(JailedFixtures.Throwing.class));
        }
        EngineExecutionResults r = run.execute();
        for (Event e : r.testEvents().finished().list()) {
            TestExecutionResult result = e.getRequiredPayload(TestExecutionResult.class);
            System.out.println("STATUS " + result.getStatus() + " "
                    + result.getThrowable().map(Throwable::getMessage).orElse("-").replace('\n', ' '));
        }
        System.out.println("CHILDREN " + SelfTests.jailedChildren().size());
    }
}
