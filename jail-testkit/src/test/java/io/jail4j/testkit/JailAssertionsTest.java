package io.jail4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jail4j.inspect.JailVerdict;
import io.jail4j.inspect.ProcessView;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JailAssertionsTest {
    private static final long NOBODY = 65534;

    @TempDir
    Path jail;

    @Test
    void ownUnjailedProcess_assertJailed_failsWithTheVerdict() throws IOException {
        ProcessView view = ProcessView.of(ProcessHandle.current().pid());
        JailVerdict verdict = JailVerdict.of(view, jail, NOBODY, NOBODY, Set.of(NOBODY));

        AssertionError e = assertThrows(AssertionError.class,
                () -> JailAssertions.assertJailed(view, jail, NOBODY, NOBODY, Set.of(NOBODY)));

        assertEquals(verdict.toString(), e.getMessage());
        assertTrue(e.getMessage().startsWith("process " + view.pid() + " is not jailed in " + jail), e.getMessage());
        assertTrue(e.getMessage().contains("\n  - root is " + view.root() + ", expected the jail"), e.getMessage());
    }
}
