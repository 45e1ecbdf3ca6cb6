package io.jail4j.examples.ftp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Makes a self-signed X.509 v3 certificate for {@code --tls-self-signed}: an EC P-256 key and a
 * certificate for {@code localhost} and {@code 127.0.0.1}, valid from a day ago for a year,
 * DER-encoded here (the JDK has no public certificate builder) and parsed back by the JDK's own
 * {@link CertificateFactory}. No file and no external tool is involved.
 */
final class SelfSigned {
    private static final byte[] OID_ECDSA_SHA256 = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x04, 0x03, 0x02};
    private static final byte[] OID_CN = {0x55, 0x04, 0x03};
    private static final byte[] OID_SAN = {0x55, 0x1d, 0x11};

    /** A key pair and its certificate. */
    record Identity(KeyPair keys, X509Certificate certificate) {
    }

    private SelfSigned() {
    }

    /** Generates a key pair and a certificate with common name {@code cn}. */
    static Identity create(String cn) throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        KeyPair keys = gen.generateKeyPair();
        byte[] algorithm = seq(tlv(0x06, OID_ECDSA_SHA256));
        byte[] name = seq(tlv(0x31, seq(tlv(0x06, OID_CN), tlv(0x0c, cn.getBytes(StandardCharsets.UTF_8)))));
        long now = System.currentTimeMillis() / 1000;
        byte[] validity = seq(time(now - 86_400), time(now + 365L * 86_400));
        byte[] san = seq(tlv(0x82, "localhost".getBytes(StandardCharsets.US_ASCII)), tlv(0x87, new byte[] {127, 0, 0, 1}));
        byte[] extensions = tlv(0xa3, seq(seq(tlv(0x06, OID_SAN), tlv(0x04, san))));
        byte[] serial = tlv(0x02, new BigInteger(64, new SecureRandom()).add(BigInteger.ONE).toByteArray());
        byte[] tbs = seq(tlv(0xa0, tlv(0x02, new byte[] {2})), serial, algorithm, name, validity, name,
                keys.getPublic().getEncoded(), extensions);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(tbs);
        byte[] signature = signer.sign();
        byte[] bits = new byte[signature.length + 1]; // BIT STRING: no unused bits
        System.arraycopy(signature, 0, bits, 1, signature.length);
        byte[] der = seq(tbs, algorithm, tlv(0x03, bits));
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        cert.verify(keys.getPublic());
        return new Identity(keys, cert);
    }

    /** Encodes a UTCTime (years 1950-2049) or GeneralizedTime. */
    private static byte[] time(long epochSecond) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        String rest = two(t.getMonthValue()) + two(t.getDayOfMonth()) + two(t.getHour()) + two(t.getMinute())
                + two(t.getSecond()) + "Z";
        if (t.getYear() >= 1950 && t.getYear() < 2050) {
            return tlv(0x17, (two(t.getYear() % 100) + rest).getBytes(StandardCharsets.US_ASCII));
        }
        return tlv(0x18, (t.getYear() + rest).getBytes(StandardCharsets.US_ASCII));
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    private static byte[] seq(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return tlv(0x30, b.toByteArray());
    }

    /** Encodes tag, DER length and value. */
    static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(value.length + 6);
        b.write(tag);
        int n = value.length;
        if (n < 0x80) {
            b.write(n);
        } else {
            int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
            b.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                b.write(n >>> (8 * i));
            }
        }
        b.writeBytes(value);
        return b.toByteArray();
    }
}
