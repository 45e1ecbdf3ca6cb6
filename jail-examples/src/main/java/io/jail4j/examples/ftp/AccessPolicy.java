package io.jail4j.examples.ftp;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Accepts the next connection the access rules allow. With TCP wrappers rules
 * ({@link TcpWrappers}, daemon name {@code ftpd}), a denied connection is closed before any byte
 * is read from it, after its banner if the rule has one, and logged as libwrap logs it.
 */
interface AccessPolicy {
    /** Daemon name the rules are matched against. */
    String DAEMON = "ftpd";

    /** Allows every client (no {@code --allow}/{@code --deny} given). */
    AccessPolicy ALLOW_ALL = new AccessPolicy() {
        @Override
        public SocketChannel accept(ServerSocketChannel listener) throws IOException {
            return listener.accept();
        }

        @Override
        public String toString() {
            return "no access rules";
        }
    };

    /** Blocks until a connection the rules allow arrives, and returns it. */
    SocketChannel accept(ServerSocketChannel listener) throws IOException;
}
