package io.jail4j;

import java.io.File;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * The JVM features of the design notes' tables, each exercised inside the jail after
 * {@code enter()}: by name through {@link #rows()}, or all at once by {@link #runAll(boolean)}, which
 * prints {@code ROW name ok} or {@code ROW name FAIL <what happened>} for each.
 */
final class FeatureRows {
    /** Where the row {@code heap-dump-in-jail-tmp} writes, inside the jail. */
    static final String HEAP_DUMP = "/tmp/heap.hprof";
    /** Where the row {@code jfr-started-after-enter} writes, inside the jail. */
    static final String RECORDING = "/tmp/late.jfr";
    /** The file each row that writes one leaves in the jail, by row name. */
    static final Map<String, String> FILES = Map.of("heap-dump-in-jail-tmp", HEAP_DUMP,
            "jfr-started-after-enter", RECORDING);

    private FeatureRows() {
    }

    static Map<String, Callable<Object>> rows() {
        Map<String, Callable<Object>> rows = new LinkedHashMap<>();
        rows.put("class-from-jar", () -> Class.forName("org.junit.jupiter.api.Assertions"));
        rows.put("message-digest", () -> MessageDigest.getInstance("SHA-512").digest(new byte[3]));
        rows.put("secure-random", () -> new SecureRandom().nextLong());
        rows.put("temp-file", () -> File.createTempFile("row", ".tmp").delete());
        rows.put("aes-gcm", FeatureRows::aesGcm);
        rows.put("tls-client-hello", FeatureRows::clientHello);
        rows.put("time-zones", () -> {
            require(TimeZone.getTimeZone("Australia/Sydney").getRawOffset() != 0, "Sydney has offset 0 (no tzdb)");
            return ZoneId.of("Asia/Tokyo").getRules().toString();
        });
        rows.put("charset-ibm037", () -> Charset.forName("IBM037").encode("jail"));
        rows.put("selector", () -> {
            Selector.open().close();
            return null;
        });
        rows.put("tcp-channels", FeatureRows::tcp);
        rows.put("udp-channel", () -> {
            try (DatagramChannel ch = DatagramChannel.open()) {
                ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ch.send(ByteBuffer.wrap(new byte[] {1}), ch.getLocalAddress());
                return null;
            }
        });
        rows.put("java-util-logging", () -> {
            require(Logger.getLogger("").getHandlers().length > 0, "the root logger has no handler: messages are lost");
            Logger.getLogger("jail4j.rows").info("ROW-JUL-LINE");
            return null;
        });
        rows.put("system-logger", () -> {
            System.getLogger("jail4j.rows").log(System.Logger.Level.INFO, "ROW-SYSTEM-LOGGER-LINE");
            return null;
        });
        rows.put("mxbeans", () -> {
            require(ManagementFactory.getThreadMXBean().getThreadCount() > 0, "no threads");
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        });
        rows.put("gc-and-new-thread", () -> {
            System.gc();
            Thread t = new Thread(() -> { });
            t.start();
            t.join();
            return null;
        });
        rows.put("heap-dump-in-jail-tmp", () -> {
            ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .dumpHeap(HEAP_DUMP, true);
            return null;
        });
        rows.put("jfr-started-after-enter", () -> {
            try (jdk.jfr.Recording r = new jdk.jfr.Recording()) {
                r.start();
                r.stop();
                r.dump(java.nio.file.Path.of(RECORDING));
            }
            return null;
        });
        rows.put("resource-from-jar", () -> {
            try (InputStream in = ClassLoader.getSystemResourceAsStream("org/junit/jupiter/api/Test.class")) {
                require(in != null, "getResourceAsStream returned null");
                return in.readAllBytes();
            }
        });
        rows.put("resource-of-untouched-jar", () -> {
            // nothing of apiguardian (a jar every test class path here has, through JUnit) is used by
            // the child before enter(): only enter() opened its jar and cached it
            java.net.URL url = ClassLoader.getSystemResource("org/apiguardian/api/API$Status.class");
            require(url != null, "getResource returned null");
            try (InputStream in = url.openStream()) {
                return in.readAllBytes();
            }
        });
        rows.put("class-get-resource", () -> {
            try (InputStream in = org.junit.jupiter.api.Test.class.getResourceAsStream("Tag.class")) {
                require(in != null, "Class.getResourceAsStream returned null");
                return in.readAllBytes();
            }
        });
        return rows;
    }

    /**
     * Rows that reopen a jar by its path after the chroot: they need {@code mirrorClassPath()} and
     * fail without it, whatever the JDK's jar cache holds.
     */
    static Map<String, Callable<Object>> byPathRows() {
        Map<String, Callable<Object>> rows = new LinkedHashMap<>();
        rows.put("service-loader-from-jar", () -> {
            // ServiceLoader reads META-INF/services with the jar cache off: it reopens the jar by path
            long engines = java.util.ServiceLoader.load(org.junit.platform.engine.TestEngine.class).stream().count();
            require(engines > 0, "ServiceLoader found no TestEngine provider");
            return engines;
        });
        rows.put("zipfs-of-jar", () -> {
            java.net.URL url = ClassLoader.getSystemResource("org/junit/jupiter/api/Test.class");
            String s = url.toString();
            java.nio.file.Path jar = java.nio.file.Path.of(java.net.URI.create(s.substring(4, s.indexOf("!/"))));
            try (java.nio.file.FileSystem fs = java.nio.file.FileSystems.newFileSystem(jar)) {
                return java.nio.file.Files.readAllBytes(fs.getPath("org/junit/jupiter/api/Test.class"));
            }
        });
        return rows;
    }

    /** Runs every row, and with {@code byPath} the {@link #byPathRows()} after them. */
    static void runAll(boolean byPath) {
        Map<String, Callable<Object>> all = new LinkedHashMap<>(rows());
        if (byPath) {
            all.putAll(byPathRows());
        }
        for (Map.Entry<String, Callable<Object>> row : all.entrySet()) {
            String result;
            try {
                row.getValue().call();
                result = "ok";
            } catch (Throwable t) {
                result = "FAIL " + String.valueOf(t).replace('\n', ' ');
            }
            System.out.println("ROW " + row.getKey() + " " + result);
        }
        System.out.flush();
    }

    private static Object aesGcm() throws Exception {
        SecretKeySpec key = new SecretKeySpec(new byte[16], "AES");
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, new byte[12]));
        byte[] sealed = c.doFinal("jail".getBytes());
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, new byte[12]));
        require(new String(c.doFinal(sealed)).equals("jail"), "round trip");
        return null;
    }

    private static Object clientHello() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("example.test", 443);
        engine.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        require(out.position() > 0, "no ClientHello produced");
        return null;
    }

    private static Object tcp() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
                 SocketChannel accepted = server.accept()) {
                client.write(ByteBuffer.wrap(new byte[] {7}));
                ByteBuffer in = ByteBuffer.allocate(1);
                accepted.read(in);
                require(in.get(0) == 7, "byte lost");
            }
        }
        return null;
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }
}
