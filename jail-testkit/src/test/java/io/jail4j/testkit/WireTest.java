package io.jail4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WireTest {
    @TempDir
    Path dir;

    private SocketChannel a;
    private SocketChannel b;

    @BeforeEach
    void connect() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(dir.resolve("s")));
            a = SocketChannel.open(server.getLocalAddress());
            b = server.accept();
        }
    }

    @AfterEach
    void close() throws IOException {
        a.close();
        b.close();
    }

    @Test
    void frames_sendThenReceive_arriveInOrderWithTheirValues() throws IOException {
        new Wire(a).send(Wire.ENTERED, new Payload.Out().number(42).string("é").string(null).flag(true));
        new Wire(a).send(Wire.GO);
        Wire in = new Wire(b);
        Wire.Frame f = in.receive();
        assertEquals(Wire.ENTERED, f.type());
        Payload.In p = f.in();
        assertEquals(42, p.number());
        assertEquals("é", p.string());
        assertNull(p.string());
        assertTrue(p.flag());
        assertEquals(Wire.GO, in.receive().type());
    }

    @Test
    void closedPeer_receive_returnsNull() throws IOException {
        a.close();
        assertNull(new Wire(b).receive());
    }

    @Test
    void oversizedFrame_receive_isRefusedBeforeAllocating() throws IOException {
        a.write(ByteBuffer.allocate(5).putInt(Wire.MAX_FRAME + 1).put(Wire.RESULT).flip());
        IOException e = assertThrows(IOException.class, () -> new Wire(b).receive());
        assertTrue(e.getMessage().contains("at most " + Wire.MAX_FRAME), e.getMessage());
    }

    @Test
    void truncatedFrame_receive_throws() throws IOException {
        a.write(ByteBuffer.allocate(7).putInt(10).put(Wire.RESULT).put((byte) 1).put((byte) 2).flip());
        a.close();
        assertThrows(EOFException.class, () -> new Wire(b).receive());
    }

    @Test
    void stringLongerThanItsFrame_read_throws() {
        byte[] body = ByteBuffer.allocate(4).putInt(1000).array();
        assertThrows(IOException.class, () -> new Payload.In(body).string());
    }

    @Test
    void negativeCount_read_throws() {
        byte[] body = ByteBuffer.allocate(4).putInt(-5).array();
        assertThrows(IOException.class, () -> new Payload.In(body).count(10));
    }
}
