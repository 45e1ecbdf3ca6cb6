package io.jail4j.tcpd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A name server on 127.0.0.1 for tests: answers PTR, A and AAAA questions from a table, with
 * NXDOMAIN for names it does not know and silence for names marked {@link #SILENT}.
 */
final class FakeDns implements AutoCloseable {
    static final List<String> SILENT = List.of("(no answer)");

    private final DatagramSocket socket;
    private final Map<String, List<String>> answers = new ConcurrentHashMap<>();
    final AtomicInteger queries = new AtomicInteger();
    /** Every question asked, as {@code TYPE name}, in order. */
    final List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread thread;

    FakeDns() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "fake-dns");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Answers {@code type} (PTR, A or AAAA) questions for {@code name} with these records. */
    FakeDns answer(String type, String name, String... records) {
        answers.put(type + " " + name.toLowerCase(), List.of(records));
        return this;
    }

    FakeDns silent(String type, String name) {
        answers.put(type + " " + name.toLowerCase(), SILENT);
        return this;
    }

    private void serve() {
        byte[] buf = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                queries.incrementAndGet();
                int[] pos = {12};
                String name = Dns.readName(buf, p.getLength(), pos);
                int type = (buf[pos[0]] & 0xFF) << 8 | buf[pos[0] + 1] & 0xFF;
                String t = type == Dns.PTR ? "PTR" : type == Dns.A ? "A" : "AAAA";
                asked.add(t + " " + name);
                List<String> records = answers.get(t + " " + name.toLowerCase());
                if (records == SILENT) {
                    continue;
                }
                byte[] reply = reply(buf, pos[0] + 4, type, records);
                socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                // closed, or a query this server does not understand
            }
        }
    }

    private static byte[] reply(byte[] query, int questionEnd, int type, List<String> records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(query, 0, 2);
        out.write(0x81);
        out.write(records == null ? 0x83 : 0x80); // NXDOMAIN when unknown
        out.write(0);
        out.write(1);
        int n = records == null ? 0 : records.size();
        out.write(n >> 8);
        out.write(n);
        out.write(new byte[4]);
        out.write(query, 12, questionEnd - 12);
        for (int i = 0; i < n; i++) {
            out.write(0xC0); // the name: a pointer to the question
            out.write(12);
            out.write(type >> 8);
            out.write(type);
            out.write(new byte[] {0, 1, 0, 0, 0x0E, 0x10}); // IN, TTL 3600
            byte[] data;
            if (type == Dns.PTR) {
                ByteArrayOutputStream name = new ByteArrayOutputStream();
                for (String label : records.get(i).split("\\.")) {
                    byte[] l = label.getBytes(StandardCharsets.US_ASCII);
                    name.write(l.length);
                    name.write(l);
                }
                name.write(0);
                data = name.toByteArray();
            } else {
                data = InetAddress.getByName(records.get(i)).getAddress();
            }
            out.write(data.length >> 8);
            out.write(data.length);
            out.write(data);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        socket.close();
    }
}
