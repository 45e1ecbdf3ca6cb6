package io.jail4j.frameworks;

import com.sun.net.httpserver.HttpServer;
import io.jail4j.EntryReport;
import io.jail4j.Jail;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * Child of {@link JdkHttpServerTest}: the JDK's own HTTP server ({@code com.sun.net.httpserver}),
 * bound as root on a privileged loopback port before {@code enter()}, its contexts added and the
 * server started after it, serving a file read inside the jail and the process's view of itself.
 *
 * <p>Arguments: {@code JAIL PORT}. Prints {@code READY port=P}, serves until stdin ends or says
 * {@code stop}.
 */
public final class JdkHttpChild {
    private JdkHttpChild() {
    }

    public static void main(String[] args) throws Exception {
        Path jail = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        Jail.prepare();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);

        EntryReport report = ChildSupport.learnOrApply(Jail.at(jail).preload(ChildSupport.ownClasses(JdkHttpChild.class)).closeFds()
                .dropTo("nobody")).enter();
        ChildSupport.printWarnings(report);

        // Everything below runs inside the jail as nobody.
        server.createContext("/hello", exchange -> {
            byte[] body = Files.readAllBytes(Path.of("/www/hello.txt"));
            exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/root", exchange -> {
            String[] names = new java.io.File("/").list(); // what the server sees as /: the jail
            java.util.Arrays.sort(names);
            byte[] body = String.join(",", names).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        System.out.println("READY port=" + server.getAddress().getPort());
        ChildSupport.waitForStop();
        server.stop(0);
        System.out.println("STOPPED");
        System.exit(0);
    }
}
