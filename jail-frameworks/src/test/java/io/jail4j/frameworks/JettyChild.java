package io.jail4j.frameworks;

import io.jail4j.EntryReport;
import io.jail4j.Jail;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.compression.Compression;
import org.eclipse.jetty.compression.server.CompressionHandler;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.DefaultHandler;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A Jetty 12 server whose connectors are bound as root on privileged loopback ports before
 * {@code enter()} and which is <em>started</em> only after it: {@code /text} (a compressible text
 * body behind Jetty 12.1's {@code CompressionHandler}, which finds its gzip provider through
 * {@code ServiceLoader} at start), {@code /files/} (a {@code ResourceHandler} over the jail's
 * {@code /www} with directory listings, which take Jetty's default style sheet from Jetty's own
 * jar at start), {@code /static/} (content packaged on the class path, here Jetty's own jar, which
 * Jetty's {@code ResourceFactory} mounts with zipfs by the jar's path after {@code enter()}) and
 * the {@code DefaultHandler} ({@code /favicon.ico}, also from Jetty's jar), over HTTP and HTTPS.
 * The PKCS12 key store is read before {@code enter()}; the SSL context is built at start.
 *
 * <p>Arguments: {@code JAIL KEYSTORE PASSWORD mirror|no-mirror}. Prints the entry report's
 * warnings to stderr as {@code jail4j warning: ...}, {@code STATIC ...} or {@code STATIC-FAILED ...}
 * (with what zipfs says about the jar), then {@code READY http=P https=P compressions=[...]} and
 * serves until stdin ends or says {@code stop}.
 */
public final class JettyChild {
    private JettyChild() {
    }

    /** The body of {@code /text}: about 10 KB of text that gzip shrinks a lot. */
    static byte[] body() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 160; i++) {
            sb.append(String.format("line %04d: the quick brown fox jumps over the lazy dog, jailed\n", i));
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
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
        Path keyStorePath = Path.of(args[1]);
        String password = args[2];
        boolean mirror = "mirror".equals(args[3]);
        Jail.prepare();

        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStorePath)) {
            keyStore.load(in, password.toCharArray());
        }
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keyStore);
        ssl.setKeyStorePassword(password);

        Server server = new Server();
        HttpConfiguration plain = new HttpConfiguration();
        HttpConfiguration secure = new HttpConfiguration(plain);
        secure.addCustomizer(new SecureRequestCustomizer());
        ServerConnector http = bindPrivileged(new ServerConnector(server, new HttpConnectionFactory(plain)));
        ServerConnector https = bindPrivileged(new ServerConnector(server,
                new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(secure)));
        server.addConnector(http);
        server.addConnector(https);

        Jail plan = Jail.at(jail).preload(ChildSupport.ownClasses(JettyChild.class)).closeFds().dropTo("nobody");
        EntryReport report = ChildSupport.learnOrApply(mirror ? plan.mirrorClassPath() : plan).enter();
        ChildSupport.printWarnings(report);

        // Everything below runs inside the jail as nobody.
        byte[] body = body();
        ContextHandler text = new ContextHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
                response.write(true, ByteBuffer.wrap(body), callback);
                return true;
            }
        }, "/text");
        text.setAllowNullPathInContext(true);
        ResourceHandler files = new ResourceHandler();
        files.setBaseResource(ResourceFactory.of(files).newResource(Path.of("/www")));
        files.setDirAllowed(true);
        ContextHandler filesContext = new ContextHandler(files, "/files");
        Handler.Sequence contexts = new Handler.Sequence(text, filesContext);
        // Static content packaged on the class path (here Jetty's own jar): Jetty's ResourceFactory mounts the
        // jar with zipfs, by its path, when the resource is made.
        ResourceHandler classPath = new ResourceHandler();
        Resource packaged = ResourceFactory.of(classPath).newClassLoaderResource("org/eclipse/jetty/server/");
        if (packaged == null) {
            // newClassLoaderResource swallows the cause; ask for the same jar: URL directly to see it
            URL url = Server.class.getResource("/org/eclipse/jetty/server/");
            String jar = url.getPath().substring("file:".length(), url.getPath().indexOf("!/"));
            String zipfs;
            try (FileSystem fs = FileSystems.newFileSystem(Path.of(jar))) {
                zipfs = "opens";
            } catch (IOException | RuntimeException e) {
                zipfs = "throws " + e;
            }
            System.out.println("STATIC-FAILED newClassLoaderResource gives null; zipfs on " + jar + " " + zipfs);
        } else {
            classPath.setBaseResource(packaged);
            System.out.println("STATIC " + packaged);
        }
        contexts.addHandler(new ContextHandler(classPath, "/static"));
        CompressionHandler compression = new CompressionHandler(contexts);
        server.setHandler(compression);
        server.setDefaultHandler(new DefaultHandler());
        try {
            server.start();
        } catch (Exception e) {
            System.out.println("START-FAILED " + e);
            e.printStackTrace();
            System.exit(3);
        }
        System.out.println("READY http=" + http.getLocalPort() + " https=" + https.getLocalPort()
                + " compressions=" + compressions(compression));
        ChildSupport.waitForStop();
        server.stop();
        System.out.println("STOPPED");
    }

    /** The encodings the compression handler found (its compressions are beans of it once started). */
    private static String compressions(CompressionHandler handler) {
        return handler.getBeans(Compression.class).stream().map(Compression::getEncodingName).sorted().toList()
                .toString().replace(" ", "");
    }

    /** Binds the connector to a free port below 1024 on 127.0.0.1 (root only) and returns it. */
    private static ServerConnector bindPrivileged(ServerConnector connector) throws IOException {
        connector.setHost("127.0.0.1");
        int start = 600 + ThreadLocalRandom.current().nextInt(400);
        IOException last = null;
        for (int i = 0; i < 100; i++) {
            int port = 600 + (start - 600 + i) % 400;
            connector.setPort(port);
            try {
                connector.open();
                return connector;
            } catch (IOException e) {
                last = e;
                connector.close();
            }
        }
        throw new IOException("no free port in 600..999 on 127.0.0.1", last);
    }
}
