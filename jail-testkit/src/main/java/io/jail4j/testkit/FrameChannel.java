package io.jail4j.testkit;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Length-prefixed frames over the Unix-domain control socket between the test JVM and the jailed
 * child: one type byte, then a payload ({@link FrameFields}). Reads and writes go straight to the
 * channel (no stream wrappers, whose shared lock would let a blocked read stall a write). A frame
 * larger than {@link #MAX_FRAME} is refused, so a jailed process cannot make the test JVM
 * allocate without bound.
 */
final class FrameChannel {
    /** Child to parent: {@code enter()} returned; payload: the pid. */
    static final byte ENTERED = 'E';
    /** Child to parent: something failed before the jail was entered; payload: stage, throwable. */
    static final byte BROKEN = 'X';
    /** Child to parent: a report entry of the test; payload: the key-value pairs. */
    static final byte ENTRY = 'P';
    /** Child to parent: the test's outcome ({@link ChildOutcome}). */
    static final byte RESULT = 'R';
    /** Parent to child: the test to run and its jail ({@link Assignment}). */
    static final byte RUN = 'A';
    /** Parent to child: run the test. */
    static final byte GO = 'G';
    /** Parent to child: do not run the test, exit. */
    static final byte STOP = 'S';
    /** Parent to child: exit now. */
    static final byte BYE = 'B';

    static final int MAX_FRAME = 16 << 20;

    /** One received frame. */
    record Frame(byte type, byte[] body) {
        FrameFields.In in() {
            return new FrameFields.In(body);
        }
    }

    private final SocketChannel channel;

    FrameChannel(SocketChannel channel) {
        this.channel = channel;
    }

    void send(byte type) throws IOException {
        send(type, new FrameFields.Out());
    }

    synchronized void send(byte type, FrameFields.Out payload) throws IOException {
        byte[] body = payload.toByteArray();
        ByteBuffer frame = ByteBuffer.allocate(5 + body.length);
        frame.putInt(body.length).put(type).put(body).flip();
        while (frame.hasRemaining()) {
            channel.write(frame);
        }
    }

    /** Returns the next frame, or null at the end of the stream. */
    Frame receive() throws IOException {
        ByteBuffer head = ByteBuffer.allocate(5);
        if (!fill(head, true)) {
            return null;
        }
        head.flip();
        int length = head.getInt();
        byte type = head.get();
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("control socket: frame of " + length + " bytes (at most " + MAX_FRAME + ")");
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        fill(body, false);
        return new Frame(type, body.array());
    }

    private boolean fill(ByteBuffer buffer, boolean endAllowed) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                if (endAllowed && buffer.position() == 0) {
                    return false;
                }
                throw new EOFException("control socket: stream ended inside a frame");
            }
        }
        return true;
    }
}
