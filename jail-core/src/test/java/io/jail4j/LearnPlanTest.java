package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jail4j.layout.JailLayout;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a learn plan back, applying its calls, and its layout lines as a layout spec. */
class LearnPlanTest {
    private static final String PLAN = String.join("\n",
            "# jail4j learn plan for the jail /srv/j",
            "#> Jail.mirrorClassPath()",
            "#     /opt/app/lib/a.jar: opened 2 times",
            "#> Preload.initialize(\"io.netty.channel.epoll.Native\")",
            "#> Preload.classes(\"com.example.Main$1\", \"com.example.Quote\\\"d\")",
            "copy /etc/hosts root:root 0444 /etc/hosts -- learn: /etc/hosts: opened 1 time",
            "copy \"/etc/with space.conf\" root:root 0444 \"/etc/with space.conf\" -- learn: read",
            "#! /var/log/app.log: written after enter(). FIX: ...",
            "");

    @Test
    void plan_parse_separatesCallsLayoutAndWhatCannotBeCovered() {
        LearnPlan plan = LearnPlan.parse(PLAN);

        assertEquals(List.of("Jail.mirrorClassPath()", "Preload.initialize(\"io.netty.channel.epoll.Native\")",
                "Preload.classes(\"com.example.Main$1\", \"com.example.Quote\\\"d\")"), plan.calls());
        assertEquals(2, plan.layoutLines().size());
        assertEquals(List.of("/var/log/app.log: written after enter(). FIX: ..."), plan.cannotCover());
    }

    @Test
    void plan_applyTo_addsThePreloadsInOrderAndTheMirror() {
        Jail applied = LearnPlan.parse(PLAN).applyTo(Jail.at(Path.of("/srv/j")).dropTo("nobody"));

        assertTrue(applied.plan().mirrorsClassPath());
        assertEquals(2, applied.plan().preloads().size());
        assertTrue(applied.plan().preloads().get(0).toString().contains("io.netty.channel.epoll.Native"),
                applied.plan().preloads().toString());
        assertTrue(applied.plan().preloads().get(1).toString().contains("com.example.Quote\"d"), applied.plan().preloads().toString());
    }

    @Test
    void wholePlanFile_parse_isALayoutSpec() throws Exception {
        JailLayout layout = JailLayout.parse(PLAN);

        String spec = layout.toString();
        assertTrue(spec.contains("/etc/hosts"), spec);
        assertTrue(spec.contains("with space.conf"), spec);
    }

    @Test
    void unknownCall_parse_failsNamingTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearnPlan.parse("# x\n#> Runtime.getRuntime().exec(\"rm\")\n"));
        assertTrue(e.getMessage().startsWith("plan line 2:"), e.getMessage());
        IllegalArgumentException unquoted = assertThrows(IllegalArgumentException.class,
                () -> LearnPlan.parse("#> Preload.classes(com.example.Main)\n"));
        assertTrue(unquoted.getMessage().contains("string literal"), unquoted.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> LearnPlan.parse("#> Preload.initialize()\n"));
        assertTrue(empty.getMessage().contains("at least one name"), empty.getMessage());
    }

    @Test
    void oddPath_layoutField_isQuotedAsTheSpecFormatNeeds() throws Exception {
        assertEquals("/etc/hosts", LearnLines.field("/etc/hosts"));
        String odd = "/srv/a b\"c\\d\u00e9";
        String quoted = LearnLines.field(odd);
        assertTrue(quoted.startsWith("\"") && quoted.endsWith("\""), quoted);
        JailLayout layout = JailLayout.parse("text " + quoted + " root:root 0444 \"x\" -- round trip\n");
        assertTrue(layout.toString().contains("a b"), layout.toString());
    }

    @Test
    void learnMode_syscallPolicyProgram_equalsAJailedEntrys() {
        Jail jailed = Jail.at(Path.of("/srv/j")).closeFds().dropTo("nobody");
        Jail learning = jailed.learn(Path.of("/tmp/plan.txt"));

        assertTrue(java.util.Arrays.equals(jailed.syscallPolicyProgram(), learning.syscallPolicyProgram()),
                "learn mode must not widen (or change) the syscall policy");
        assertEquals(jailed.syscallPolicy(), learning.syscallPolicy());
    }

    @Test
    void relativeFileOrNonPositiveTime_learn_throws() {
        Jail j = Jail.at(Path.of("/srv/j"));
        assertThrows(IllegalArgumentException.class, () -> j.learn(Path.of("plan.txt")));
        assertThrows(IllegalArgumentException.class, () -> j.learn(Path.of("/tmp/p"), java.time.Duration.ZERO));
        assertTrue(j.learn(Path.of("/tmp/p")).toString().contains("LEARN MODE, NOT JAILED"));
        assertTrue(!j.learn(Path.of("/tmp/p")).equals(j), "a learning plan differs from a jailing one");
    }
}
