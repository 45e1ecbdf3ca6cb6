package io.jail4j.examples.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jail4j.examples.ListenAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** dnsd's listeners on port 0: one port number free for UDP and for TCP, however many TCP ports are taken. */
class ListenersTest {

    @Test
    void manyTcpPortsTaken_bindPortZeroRepeatedly_udpAndTcpAlwaysShareAFreePort() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        List<ServerSocket> taken = new ArrayList<>();
        try {
            // about 1,000 of the 28,000 ephemeral ports: a port the kernel picks for UDP has its TCP
            // twin taken about once in 28 tries, so 300 binds meet it about ten times
            for (int i = 0; i < 1000; i++) {
                ServerSocket s = new ServerSocket();
                s.bind(new InetSocketAddress(loopback, 0));
                taken.add(s);
            }
            ListenAddress any = ListenAddress.parse("127.0.0.1:0", "dnsd");
            for (int i = 0; i < 300; i++) {
                try (Listeners l = Listeners.bind(any, 2)) {
                    for (DatagramChannel ch : l.udp) {
                        assertEquals(l.port, ((InetSocketAddress) ch.getLocalAddress()).getPort(), "UDP port");
                    }
                    assertEquals(l.port, l.tcp.getLocalPort(), "TCP port");
                }
            }
        } finally {
            for (ServerSocket s : taken) {
                s.close();
            }
        }
    }
}
