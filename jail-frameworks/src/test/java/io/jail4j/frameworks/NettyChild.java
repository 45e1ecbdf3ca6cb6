package io.jail4j.frameworks;

import io.jail4j.EntryReport;
import io.jail4j.Jail;
import io.jail4j.Preload;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Netty HTTP server ({@code HttpServerCodec}) on the epoll transport, whose HTTP pipeline is first
 * used after {@code enter()}. Arguments: {@code JAIL initialize|late mirror|no-mirror before|after}:
 * <ul>
 * <li>{@code initialize}: {@code Preload.initialize("io.netty.channel.epoll.Epoll")} extracts and loads
 * Netty's native library before the chroot; {@code late}: nothing of Netty is touched before
 * {@code enter()}, so {@code Epoll} is first initialised inside the jail (extraction into the jail's
 * {@code /tmp}, then {@code dlopen}).</li>
 * <li>{@code before}: the server channel is bound as root to a free port below 1024 before
 * {@code enter()} (needs {@code initialize}); the worker loop's thread, the child channels and the
 * codec start after it; {@code after}: the whole server is bound after {@code enter()} on an
 * ephemeral port.</li>
 * </ul>
 * Prints {@code ENTERED} after {@code enter()} and waits for a line {@code go} (so that the test can
 * read {@code /proc/PID/maps} first); then {@code EPOLL available=... cause=...}, then
 * {@code READY port=P server=...} or {@code NO-EPOLL}, and serves until stdin ends or says
 * {@code stop}. Each response names the server and child channel classes, so a client outside can
 * see that epoll, not NIO, serves it.
 */
public final class NettyChild {
    private NettyChild() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            System.out.println("FAILED " + t);
            t.printStackTrace();
            System.exit(2);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        Path jail = Path.of(args[0]);
        boolean initialize = "initialize".equals(args[1]);
        boolean mirror = "mirror".equals(args[2]);
        boolean bindBefore = "before".equals(args[3]);
        Jail.prepare();

        EventLoopGroup boss = null;
        EventLoopGroup workers = null;
        Channel server = null;
        if (bindBefore) {
            if (!initialize) {
                throw new IllegalArgumentException("binding before enter() loads epoll before it: use initialize");
            }
            // The worker loop's thread starts with the first connection, after enter().
            boss = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
            workers = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
            server = bindPrivileged(boss, workers);
        }

        Jail plan = Jail.at(jail).preload(ChildSupport.ownClasses(NettyChild.class)).closeFds().dropTo("nobody");
        if (initialize) {
            plan = plan.preload(Preload.initialize("io.netty.channel.epoll.Epoll"));
        }
        EntryReport report = ChildSupport.learnOrApply(mirror ? plan.mirrorClassPath() : plan).enter();
        ChildSupport.printWarnings(report);
        // The test looks at the libraries this JVM has mapped before Netty's native code is first needed.
        System.out.println("ENTERED");
        ChildSupport.await("go");

        // Everything below runs inside the jail as nobody.
        boolean available = Epoll.isAvailable();
        Throwable cause = Epoll.unavailabilityCause();
        System.out.println("EPOLL available=" + available + " cause=" + (cause == null ? "none" : cause));
        if (cause != null) {
            cause.printStackTrace();
        }
        if (!available) {
            System.out.println("NO-EPOLL");
            ChildSupport.waitForStop();
            return;
        }
        if (server == null) {
            boss = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
            workers = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
            server = bootstrap(boss, workers).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        }
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        System.out.println("READY port=" + port + " server=" + server.getClass().getSimpleName());
        ChildSupport.waitForStop();
        server.close().sync();
        workers.shutdownGracefully().sync();
        boss.shutdownGracefully().sync();
        System.out.println("STOPPED");
    }

    private static ServerBootstrap bootstrap(EventLoopGroup boss, EventLoopGroup workers) {
        return new ServerBootstrap().group(boss, workers).channel(EpollServerSocketChannel.class)
                .childHandler(childInitializer());
    }

    private static ChannelInitializer<SocketChannel> childInitializer() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpServerCodec(), new Responder());
            }
        };
    }

    /** Binds the server channel as root to a free port in 600..999 on 127.0.0.1. */
    private static Channel bindPrivileged(EventLoopGroup boss, EventLoopGroup workers) throws IOException {
        ServerBootstrap b = bootstrap(boss, workers);
        int start = ThreadLocalRandom.current().nextInt(400);
        Exception last = null;
        for (int i = 0; i < 100; i++) {
            int port = 600 + (start + i) % 400;
            try {
                return b.bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            } catch (Exception e) { // Netty's sync() rethrows the native bind error as thrown
                last = e;
            }
        }
        throw new IOException("no free port in 600..999 on 127.0.0.1", last);
    }

    /** Answers every request with a text naming the channel classes that served it. */
    private static final class Responder extends SimpleChannelInboundHandler<HttpObject> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (!(msg instanceof HttpRequest)) {
                return;
            }
            String text = "netty " + io.netty.util.Version.identify().getOrDefault("netty-codec-http",
                    null).artifactVersion() + " child=" + ctx.channel().getClass().getSimpleName() + " parent="
                    + ctx.channel().parent().getClass().getSimpleName() + " epoll=" + Epoll.isAvailable() + "\n";
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
