package io.jail4j.examples.dns;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Raw DNS over UDP and TCP on loopback, every wait bounded. */
final class DnsClient {
    private DnsClient() {
    }

    /** Sends one datagram and returns the response, or null if none came within {@code millis}. */
    static byte[] udp(int port, byte[] query, int millis) throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            s.setSoTimeout(millis);
            s.send(new DatagramPacket(query, query.length, InetAddress.getByName("127.0.0.1"), port));
            DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
            try {
                s.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            return Arrays.copyOf(p.getData(), p.getLength());
        }
    }

    /** Opens a TCP connection with a read timeout. */
    static Socket connect(int port, int millis) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), millis);
        s.setSoTimeout(millis);
        return s;
    }

    /** Writes queries framed with their length, all in one write (pipelined). */
    static void send(Socket s, byte[]... queries) throws IOException {
        int total = 0;
        for (byte[] q : queries) {
            total += q.length + 2;
        }
        byte[] all = new byte[total];
        int at = 0;
        for (byte[] q : queries) {
            all[at] = (byte) (q.length >>> 8);
            all[at + 1] = (byte) q.length;
            System.arraycopy(q, 0, all, at + 2, q.length);
            at += q.length + 2;
        }
        OutputStream out = s.getOutputStream();
        out.write(all);
        out.flush();
    }

    /** Reads one framed response; null if the server closed the connection first. */
    static byte[] read(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        int len;
        try {
            len = in.readUnsignedShort();
        } catch (EOFException e) {
            return null;
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return b;
    }

    /** Sends queries over one TCP connection and reads as many responses. */
    static List<byte[]> tcp(int port, byte[]... queries) throws IOException {
        try (Socket s = connect(port, 10_000)) {
            send(s, queries);
            List<byte[]> out = new ArrayList<>();
            for (int i = 0; i < queries.length; i++) {
                out.add(read(s));
            }
            return out;
        }
    }

    /** Returns whether the server closes the connection (EOF or reset) within {@code millis}. */
    static boolean closedWithin(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
