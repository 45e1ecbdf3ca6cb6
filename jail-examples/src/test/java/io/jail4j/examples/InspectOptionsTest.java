package io.jail4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.ParameterException;

/** inspect's options as picocli reads them, and the usage error of each bad command line. */
class InspectOptionsTest {

    @Test
    void pidOnly_parse_checksNothing() {
        InspectOptions o = parse(List.of("4242"));

        assertEquals(4242, o.pid());
        assertFalse(o.json());
        assertFalse(o.check());
        assertEquals(Optional.empty(), o.jail());
    }

    @Test
    void jailUidGid_parse_checksWithTheGidAsOnlyGroup() {
        InspectOptions o = parse(List.of("--jail", "/srv/jail", "--uid", "65534", "--gid", "65533",
                "--json", "7"));

        assertEquals(7, o.pid());
        assertTrue(o.json());
        assertTrue(o.check());
        assertEquals(Optional.of(Path.of("/srv/jail")), o.jail());
        assertEquals(65534, o.uid());
        assertEquals(65533, o.gid());
        assertEquals(Set.of(65533L), o.groups());
    }

    @Test
    void groupsList_parse_keepsEveryGroup() {
        InspectOptions o = parse(List.of("7", "--jail", "/j", "--uid", "1001", "--gid", "1001",
                "--groups", "1001,2001, 2002"));

        assertEquals(Set.of(1001L, 2001L, 2002L), o.groups());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                                   | Missing required parameter: 'PID'",
        "abc                                  | PID \"abc\": expected a whole number",
        "0                                    | PID \"0\": expected a whole number",
        "1 2                                  | Unmatched argument at index 1: '2'",
        "1 --all                              | Unknown option: '--all'",
        "1 --uid 5                            | --jail, --uid and --gid go together",
        "1 --jail /j --uid 5                  | --jail, --uid and --gid go together",
        "1 --groups 5                         | --jail, --uid and --gid go together",
        "1 --jail /j --uid -1 --gid 5         | --uid \"-1\": expected a whole number from 0 to 4294967294",
        "1 --jail /j --uid 5 --gid 4294967295 | --gid \"4294967295\": expected a whole number from 0",
        "1 --jail /j --uid 5 --gid 5 --groups 5,,6 | --groups \"\": expected a whole number from 0",
        "1 --jail                             | Missing required parameter for option '--jail'"})
    void badArguments_parse_refusesNamingTheProblem(String args, String message) {
        List<String> list = args.isEmpty() ? List.of() : List.of(args.split(" "));

        ParameterException e = assertThrows(ParameterException.class, () -> parse(list));

        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    /** Parses as the command line does: values as they are read, then how they go together. */
    private static InspectOptions parse(List<String> args) {
        InspectOptions o = OptionsProbe.parse(new InspectOptions(), args);
        o.validate();
        return o;
    }
}
