package io.jail4j;

import java.lang.management.ManagementFactory;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Security;
import java.time.ZoneId;
import java.time.zone.ZoneRulesProvider;
import java.util.List;
import java.util.TimeZone;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What every JVM loses at the chroot unless it was touched before: each action loads a part of
 * the runtime that reads files by path the first time it is used (security configuration and
 * crypto policy, {@code cacerts}, {@code tzdb.dat}, charset providers, {@code libnio},
 * {@code libextnet}, {@code logging.properties}, {@code libmanagement}). Failures name the row.
 */
final class DefaultPreload {
    private DefaultPreload() {
    }

    /** The rows, in the order they run. */
    static List<Runnable> actions() {
        return List.of(
                Preload.named("security providers, MessageDigest, SecureRandom", DefaultPreload::security),
                Preload.named("crypto policy, AES/GCM, HMAC", DefaultPreload::crypto),
                Preload.named("TLS: SSLContext.getDefault(), default trust and key managers", DefaultPreload::tls),
                Preload.named("time zones: TimeZone and ZoneId (tzdb.dat)", DefaultPreload::timeZones),
                Preload.named("charsets (ServiceLoader)", Charset::availableCharsets),
                Preload.named("NIO: Selector, ServerSocketChannel, SocketChannel, DatagramChannel", DefaultPreload::nio),
                Preload.named("logging: java.util.logging and System.Logger", DefaultPreload::logging),
                Preload.named("platform MXBeans", DefaultPreload::management),
                Preload.named("JMX over RMI: librmi (when java.rmi is in the boot layer)", DefaultPreload::rmi));
    }

    private static void security() {
        Security.getProviders();
        try {
            MessageDigest.getInstance("SHA-256").digest(new byte[1]);
            new SecureRandom().nextBytes(new byte[1]);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void crypto() {
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[16], "AES"), new GCMParameterSpec(128, new byte[12]));
            gcm.doFinal(new byte[1]);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            mac.doFinal(new byte[1]);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void tls() {
        try {
            SSLContext.getDefault().createSSLEngine().getSupportedCipherSuites();
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm()).init((KeyStore) null);
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm()).init(null, null);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void timeZones() {
        TimeZone.getDefault();
        TimeZone.getTimeZone("America/New_York").getRawOffset();
        ZoneRulesProvider.getAvailableZoneIds();
        ZoneId.systemDefault().getRules();
        ZoneId.of("Europe/Paris").getRules();
    }

    private static void nio() {
        try {
            Selector.open().close();
            ServerSocketChannel.open().close();
            SocketChannel.open().close();
            DatagramChannel.open().close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void logging() {
        LogManager.getLogManager();
        Logger.getLogger("").getHandlers();
        System.getLogger(DefaultPreload.class.getName()).isLoggable(System.Logger.Level.INFO);
    }

    /**
     * The RMI runtime loads {@code librmi} by path when its distributed GC starts (the JMX RMI
     * connector, any exported object): "no rmi in system library path" inside the jail. The
     * library belongs to the class that loads it, so the class itself is initialised here.
     */
    private static void rmi() {
        ModuleLayer.boot().findModule("java.rmi").ifPresent(m -> {
            try {
                Class.forName("sun.rmi.transport.GC", true, m.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("java.rmi has no sun.rmi.transport.GC: " + e, e);
            }
        });
    }

    private static void management() {
        ManagementFactory.getRuntimeMXBean().getUptime();
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        ManagementFactory.getThreadMXBean().getThreadCount();
        ManagementFactory.getOperatingSystemMXBean().getAvailableProcessors();
    }
}
