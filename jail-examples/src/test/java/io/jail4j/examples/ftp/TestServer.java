package io.jail4j.examples.ftp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** An in-process server on 127.0.0.1 (no jail) serving a tree, for tests; closes its threads. */
final class TestServer implements AutoCloseable {
    final FtpServer server;
    final InetSocketAddress address;
    private final Thread acceptor;

    private TestServer(FtpConfig config) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
        address = (InetSocketAddress) listener.getLocalAddress();
        server = new FtpServer(config, listener);
        acceptor = new Thread(() -> {
            try {
                server.serve();
            } catch (IOException ignored) {
                // closed
            }
        }, "test-ftpd-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a server for {@code root} (real path) with small limits, adjusted by {@code tune}. */
    static TestServer start(Path root, String upload, UnaryOperator<FtpConfig> tune) throws IOException {
        FtpConfig config = FtpConfig.defaults(new FileTree(root.toRealPath(), upload))
                .withLimits(8, 6, Duration.ofSeconds(20), Duration.ofSeconds(10), 1 << 20);
        return new TestServer(tune.apply(config));
    }

    static TestServer start(Path root) throws IOException {
        return start(root, null, c -> c);
    }

    /** Returns a logged-in client. */
    LoopbackClient login() throws IOException {
        LoopbackClient c = connect();
        c.expect("USER anonymous", "331");
        c.expect("PASS test@", "230");
        return c;
    }

    /** Returns a client that has read the greeting. */
    LoopbackClient connect() throws IOException {
        LoopbackClient c = new LoopbackClient(address, 10_000);
        String hello = c.reply();
        if (hello == null || !hello.startsWith("220")) {
            c.close();
            throw new IOException("no greeting: " + hello);
        }
        return c;
    }

    String url() {
        return "ftp://127.0.0.1:" + address.getPort() + "/";
    }

    @Override
    public void close() {
        server.close();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
