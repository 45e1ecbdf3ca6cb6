package io.jail4j.examples.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Serves DNS over UDP: one blocking thread per channel, each with its own {@link Worker}, so no
 * state is shared on the path of a query. Bind the channels (with SO_REUSEPORT when there are
 * several, so the kernel spreads clients over them) before entering the jail.
 */
final class UdpServer implements AutoCloseable {
    private final List<DatagramChannel> channels;
    private final Responder responder;
    private final Consumer<String> log;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    UdpServer(List<DatagramChannel> channels, Responder responder, Consumer<String> log) {
        this.channels = List.copyOf(channels);
        this.responder = responder;
        this.log = log;
    }

    /** Starts one thread per channel. */
    void start() {
        int i = 0;
        for (DatagramChannel ch : channels) {
            Thread t = new Thread(() -> serve(ch), "dnsd-udp-" + i++);
            threads.add(t);
            t.start();
        }
    }

    private void serve(DatagramChannel ch) {
        Worker worker = responder.worker();
        ByteBuffer in = ByteBuffer.allocate(65536);
        ByteBuffer out = ByteBuffer.wrap(worker.out);
        byte[] inBytes = in.array();
        while (!closed) {
            SocketAddress from;
            in.clear();
            try {
                from = ch.receive(in);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    log.accept("udp receive failed: " + e);
                    TcpServer.pause();
                }
                continue;
            }
            if (from == null) {
                continue;
            }
            try {
                int n = worker.respond(inBytes, in.position(), false, ((InetSocketAddress) from).getAddress());
                if (n == Worker.TRANSFER) {
                    n = worker.nextTransferMessage();
                }
                if (n <= 0) {
                    continue;
                }
                out.clear().limit(n);
                ch.send(out, from);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    log.accept("udp answer to " + from + " failed: " + e);
                }
            }
        }
    }

    /** Closes the channels and waits for the threads to end. */
    @Override
    public void close() {
        closed = true;
        for (DatagramChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing is all that is left to do
            }
        }
        try {
            for (Thread t : threads) {
                t.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
