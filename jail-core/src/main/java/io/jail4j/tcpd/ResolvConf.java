package io.jail4j.tcpd;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link HostResolver} takes from {@code resolv.conf(5)}: the first three {@code nameserver}
 * lines with a numeric address (asked on port 53; the loopback address when there is none, as
 * glibc does) and the {@code timeout:} (1-30 s, default 5) and {@code attempts:} (1-5, default 2)
 * options; nothing else.
 *
 * @param servers the name servers, never empty
 * @param timeoutSeconds how long to wait for one answer
 * @param attempts how often each server is asked
 */
record ResolvConf(List<InetSocketAddress> servers, int timeoutSeconds, int attempts) {
    /**
     * Reads {@code file}; a missing file gives the defaults.
     *
     * @throws IOException if it exists but cannot be read
     */
    static ResolvConf read(Path file) throws IOException {
        List<InetSocketAddress> ns = new ArrayList<>();
        int confTimeout = 5;
        int confAttempts = 2;
        for (String line : new String(readIfPresent(file), StandardCharsets.ISO_8859_1).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals("nameserver")) {
                InetAddress a = numeric(f[1]);
                if (a != null && ns.size() < 3) {
                    ns.add(new InetSocketAddress(a, 53));
                }
            } else if (f.length >= 2 && f[0].equals("options")) {
                for (int i = 1; i < f.length; i++) {
                    if (f[i].startsWith("timeout:")) {
                        confTimeout = Math.max(1, Math.min(30, (int) CNumbers.strtol(f[i].substring(8))));
                    } else if (f[i].startsWith("attempts:")) {
                        confAttempts = Math.max(1, Math.min(5, (int) CNumbers.strtol(f[i].substring(9))));
                    }
                }
            }
        }
        if (ns.isEmpty()) {
            ns.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), 53)); // glibc's default
        }
        return new ResolvConf(List.copyOf(ns), confTimeout, confAttempts);
    }

    private static InetAddress numeric(String text) {
        try {
            byte[] v6 = Inet6.pton(text, 0, text.indexOf('%') < 0 ? text.length() : text.indexOf('%'));
            if (v6 != null) {
                return InetAddress.getByAddress(v6);
            }
            long v4 = CNumbers.inetAddr(text);
            return v4 == CNumbers.NONE ? null : InetAddress.getByAddress(new byte[] {(byte) (v4 >> 24),
                (byte) (v4 >> 16), (byte) (v4 >> 8), (byte) v4});
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Returns the file's bytes, or none if it does not exist. */
    static byte[] readIfPresent(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new byte[0];
        }
    }
}
