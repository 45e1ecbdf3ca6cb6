package io.jail4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostFactsTest {
    @Test
    void idOutput_parse_readsUidGidAndEveryGroup() throws IOException {
        HostFacts.Ids ids = HostFacts.parseId("u", "uid=997(j4jtest) gid=996(j4jtest) groups=996(j4jtest),993(j4jg1),994,995(j4jg3)\n");
        assertEquals(new HostFacts.Ids(997, 996, Set.of(993L, 994L, 995L, 996L)), ids);
    }

    @Test
    void garbage_parse_throwsNamingTheUser() {
        IOException e = assertThrows(IOException.class, () -> HostFacts.parseId("ghost", "id: 'ghost': no such user"));
        assertTrue(e.getMessage().contains("user ghost"), e.getMessage());
    }

    @Test
    void numericIds_numeric_haveTheGidAsOnlyGroup() {
        assertEquals(new HostFacts.Ids(4242, 4243, Set.of(4243L)), HostFacts.numeric("4242:4243"));
        assertNull(HostFacts.numeric("nobody"));
    }

    @Test
    void failingCommand_run_throwsWithItsOutput() {
        IOException e = assertThrows(IOException.class, () -> HostFacts.run("sh", "-c", "echo nope; exit 3"));
        assertTrue(e.getMessage().contains("exited with 3: nope"), e.getMessage());
    }
}
