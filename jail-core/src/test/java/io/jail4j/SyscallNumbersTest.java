package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jail4j.SyscallPolicy.Arch;
import io.jail4j.SyscallPolicy.Call;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link SyscallPolicy}'s numbers against the kernel's UAPI headers (package linux-libc-dev):
 * {@code asm/unistd_64.h} for x86_64, {@code asm-generic/unistd.h} for aarch64. A missing header
 * skips the test, except with {@code CI=true}, where it fails.
 */
class SyscallNumbersTest {
    private static final Path X86_64 = Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");
    private static final Path GENERIC = Path.of("/usr/include/asm-generic/unistd.h");
    /** {@code #define __NR_name 123} or {@code #define __NR3264_name 123}. */
    private static final Pattern NUMBER = Pattern.compile("^#define\\s+__NR(3264)?_(\\w+)\\s+(\\d+)\\b");
    /** {@code #define __NR_name __NR3264_other}: the 64-bit name of a call numbered once for both widths. */
    private static final Pattern ALIAS = Pattern.compile("^#define\\s+__NR_(\\w+)\\s+__NR3264_(\\w+)\\b");

    /** Every number each name gets in the header; a name defined twice with different numbers keeps both. */
    static Map<String, Set<Integer>> parse(String header) {
        Map<String, Set<Integer>> plain = new HashMap<>();
        Map<String, Set<Integer>> wide = new HashMap<>();
        Map<String, String> aliases = new HashMap<>();
        for (String line : header.split("\n")) {
            Matcher m = NUMBER.matcher(line.strip());
            if (m.find()) {
                (m.group(1) == null ? plain : wide).computeIfAbsent(m.group(2), k -> new HashSet<>())
                        .add(Integer.parseInt(m.group(3)));
                continue;
            }
            Matcher a = ALIAS.matcher(line.strip());
            if (a.find()) {
                aliases.put(a.group(1), a.group(2));
            }
        }
        for (Map.Entry<String, String> e : aliases.entrySet()) {
            Set<Integer> target = wide.get(e.getValue());
            if (target != null) {
                plain.computeIfAbsent(e.getKey(), k -> new HashSet<>()).addAll(target);
            }
        }
        return plain;
    }

    private static Map<String, Set<Integer>> header(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            if (RootTests.CI) {
                fail(file + " is missing (install linux-libc-dev): with CI=true the numbers must be checked");
            }
            Assumptions.abort(file + " is missing (install linux-libc-dev); CI=true turns this skip into a failure");
        }
        return parse(Files.readString(file));
    }

    private static void check(Arch arch, Map<String, Set<Integer>> numbers) {
        assertTrue(numbers.size() > 250, "too few numbers parsed: " + numbers.size());
        for (Call c : Call.values()) {
            Set<Integer> found = numbers.get(c.kernelName());
            if (c.number(arch) < 0) {
                assertEquals(null, found, c.kernelName() + " is a call on " + arch + " after all");
            } else {
                assertEquals(Set.of(c.number(arch)), found, c.kernelName() + " on " + arch);
            }
        }
    }

    @Test
    void x8664Table_compare_matchesUnistd64() throws IOException {
        check(Arch.X86_64, header(X86_64));
    }

    @Test
    void aarch64Table_compare_matchesAsmGenericUnistd() throws IOException {
        check(Arch.AARCH64, header(GENERIC));
    }

    @Test
    void genericHeaderForms_parse_resolveNr3264Aliases() {
        Map<String, Set<Integer>> n = parse("#define __NR_io_setup 0\n"
                + "__SC_COMP(__NR_io_setup, sys_io_setup, compat_sys_io_setup)\n"
                + "#define __NR3264_fcntl 25\n"
                + "__SC_COMP_3264(__NR3264_fcntl, sys_fcntl64, sys_fcntl, compat_sys_fcntl64)\n"
                + "#define __NR3264_mmap 222\n"
                + "#undef __NR_syscalls\n"
                + "#define __NR_syscalls 463\n"
                + "#if __BITS_PER_LONG == 64 && !defined(__SYSCALL_COMPAT)\n"
                + "#define __NR_fcntl __NR3264_fcntl\n"
                + "#define __NR_mmap __NR3264_mmap\n"
                + "#else\n"
                + "#define __NR_fcntl64 __NR3264_fcntl\n"
                + "#endif\n");
        assertEquals(Set.of(0), n.get("io_setup"));
        assertEquals(Set.of(25), n.get("fcntl"));
        assertEquals(Set.of(25), n.get("fcntl64"));
        assertEquals(Set.of(222), n.get("mmap"));
        assertFalse(n.containsKey("3264_fcntl"));
        assertFalse(n.containsKey("io_setup, sys_io_setup"));
    }
}
