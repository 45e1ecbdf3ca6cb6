package io.jail4j.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jail4j.RootTests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Decoding {@code security.capability} as {@code getcap(8)} prints it, and reading it from a real file. */
class FileCapabilitiesTest {
    private static final Path P = Path.of("/x");

    private static byte[] v2(int magicFlags, long permitted, long inheritable) {
        byte[] b = new byte[20];
        put(b, 0, 0x02000000 | magicFlags);
        put(b, 4, (int) permitted);
        put(b, 8, (int) inheritable);
        put(b, 12, (int) (permitted >>> 32));
        put(b, 16, (int) (inheritable >>> 32));
        return b;
    }

    private static void put(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    @Test
    void setuidEffectivePermitted_describe_readsAsGetcapWouldPrintIt() throws IOException {
        assertEquals("cap_setuid=ep", FileCapabilities.describe(v2(1, 1L << 7, 0), P));
        assertEquals("cap_net_bind_service,cap_sys_admin=p", FileCapabilities.describe(v2(0, (1L << 10) | (1L << 21), 0), P));
        assertEquals("cap_bpf=ip", FileCapabilities.describe(v2(0, 1L << 39, 1L << 39), P));
    }

    @Test
    void version3_describe_namesTheRootId() throws IOException {
        byte[] v3 = new byte[24];
        System.arraycopy(v2(1, 1L << 13, 0), 0, v3, 0, 20);
        put(v3, 0, 0x03000001);
        put(v3, 20, 100000);
        assertEquals("cap_net_raw=ep [rootid=100000]", FileCapabilities.describe(v3, P));
    }

    @Test
    void truncatedOrUnknownVersion_describe_throwsNamingThePath() {
        IOException e = assertThrows(IOException.class, () -> FileCapabilities.describe(new byte[] {0, 0, 0, 2, 1}, P));
        assertTrue(e.getMessage().startsWith("/x: security.capability version 2 with 5 bytes"), e.getMessage());
        assertThrows(IOException.class, () -> FileCapabilities.describe(new byte[] {0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, P));
        assertThrows(IOException.class, () -> FileCapabilities.describe(new byte[2], P));
    }

    @Test
    void plainThenSetcapFile_of_readsNoneThenTheCapabilities() throws Exception {
        RootTests.requireRoot();
        Path f = Files.createTempFile("caps", ".bin");
        try {
            assertEquals(Optional.empty(), FileCapabilities.of(f));
            RootTests.run("setcap", "cap_setuid,cap_net_raw+ep", f.toString());
            assertEquals(Optional.of("cap_setuid,cap_net_raw=ep"), FileCapabilities.of(f), "getcap prints them in bit order");
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
