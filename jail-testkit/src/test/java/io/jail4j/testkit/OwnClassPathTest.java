package io.jail4j.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The test class path's own providers, bundles and resources inside the jail, and the set-up hook. */
@Timeout(180)
class OwnClassPathTest {
    @Test
    void ownProviderBundleAndResource_unnamed_workInsideTheJail() {
        SelfTests.requireRoot();
        SelfTests.assertPassed(SelfTests.run(OwnClassPathFixtures.ServicesAndBundles.class), 1);
    }

    @Test
    void setUpHook_eachTest_runsOnceAsRootBeforeEnterAndInitializeRunsBeforeTheChroot() {
        SelfTests.requireRoot();
        SelfTests.assertPassed(SelfTests.run(OwnClassPathFixtures.SetUpHook.class), 2);
    }

    @Test
    void setUpHook_throwing_failsTheTestNamingItBeforeTheJail() {
        SelfTests.requireRoot();
        String m = SelfTests.thrown(SelfTests.run(OwnClassPathFixtures.FailingSetUp.class)).getMessage();
        assertTrue(m.contains("running the set-up io.jail4j.testkit.OwnClassPathFixtures$Failing.beforeJail"
                + " (as root, before enter())") && m.contains("no configuration for the daemon"), m);
    }
}
