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

class FrameChannelTest {
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
        new FrameChannel(a).send(FrameChannel.ENTERED, new FrameFields.Out().number(42).string("é").string(null).flag(true));
        new FrameChannel(a).send(FrameChannel.GO);
        FrameChannel in = new FrameChannel(b);
        FrameChannel.Frame f = in.receive();
        assertEquals(FrameChannel.ENTERED, f.type());
        FrameFields.In p = f.in();
        assertEquals(42, p.number());
        assertEquals("é", p.string());
        assertNull(p.string());
        assertTrue(p.flag());
        assertEquals(FrameChannel.GO, in.receive().type());
    }

    @Test
    void closedPeer_receive_returnsNull() throws IOException {
        a.close();
        assertNull(new FrameChannel(b).receive());
    }

    @Test
    void oversizedFrame_receive_isRefusedBeforeAllocating() throws IOException {
        a.write(ByteBuffer.allocate(5).putInt(FrameChannel.MAX_FRAME + 1).put(FrameChannel.RESULT).flip());
        IOException e = assertThrows(IOException.class, () -> new FrameChannel(b).receive());
        assertTrue(e.getMessage().contains("at most " + FrameChannel.MAX_FRAME), e.getMessage());
    }

    @Test
    void truncatedFrame_receive_throws() throws IOException {
        a.write(ByteBuffer.allocate(7).putInt(10).put(FrameChannel.RESULT).put((byte) 1).put((byte) 2).flip());
        a.close();
        assertThrows(EOFException.class, () -> new FrameChannel(b).receive());
    }

    @Test
    void stringLongerThanItsFrame_read_throws() {
        byte[] body = ByteBuffer.allocate(4).putInt(1000).array();
        assertThrows(IOException.class, () -> new FrameFields.In(body).string());
    }

    @Test
    void negativeCount_read_throws() {
        byte[] body = ByteBuffer.allocate(4).putInt(-5).array();
        assertThrows(IOException.class, () -> new FrameFields.In(body).count(10));
    }
}
