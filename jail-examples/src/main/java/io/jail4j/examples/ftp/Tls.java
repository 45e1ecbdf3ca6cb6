package io.jail4j.examples.ftp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Builds the server's {@link SSLContext} before the jail is entered, from PEM files or a fresh
 * self-signed identity. The context keeps its keys in memory; after the chroot nothing is read
 * from disk again (the default preload has loaded the providers and the crypto policy).
 */
final class Tls {
    private static final char[] PASSWORD = "jail4j".toCharArray();

    private Tls() {
    }

    /** Returns a context for a fresh self-signed certificate. */
    static SSLContext selfSigned() throws GeneralSecurityException, IOException {
        SelfSigned.Identity id = SelfSigned.create("localhost");
        return context(id.keys().getPrivate(), new Certificate[] {id.certificate()});
    }

    /**
     * Returns a context for the certificate chain in {@code certFile} and the unencrypted PKCS #8
     * private key ({@code BEGIN PRIVATE KEY}, RSA or EC) in {@code keyFile}, which may be the same
     * file (as vsftpd's {@code rsa_cert_file}).
     */
    static SSLContext fromPem(Path certFile, Path keyFile) throws GeneralSecurityException, IOException {
        List<byte[]> certs = blocks(Files.readString(certFile, StandardCharsets.US_ASCII), "CERTIFICATE");
        if (certs.isEmpty()) {
            throw new GeneralSecurityException(certFile + ": no \"BEGIN CERTIFICATE\" block");
        }
        String keyText = Files.readString(keyFile, StandardCharsets.US_ASCII);
        List<byte[]> keys = blocks(keyText, "PRIVATE KEY");
        if (keys.isEmpty()) {
            throw new GeneralSecurityException(keyFile + ": no unencrypted \"BEGIN PRIVATE KEY\" block"
                    + (keyText.contains("BEGIN RSA PRIVATE KEY") || keyText.contains("BEGIN EC PRIVATE KEY")
                    ? " (convert with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)" : ""));
        }
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        Certificate[] chain = new Certificate[certs.size()];
        for (int i = 0; i < chain.length; i++) {
            chain[i] = cf.generateCertificate(new ByteArrayInputStream(certs.get(i)));
        }
        return context(privateKey(keys.get(0), keyFile), chain);
    }

    private static PrivateKey privateKey(byte[] der, Path file) throws GeneralSecurityException {
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new GeneralSecurityException(file + ": the private key is not RSA, EC or Ed25519");
    }

    private static SSLContext context(PrivateKey key, Certificate[] chain) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("ftpd", key, PASSWORD, chain);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    /** Returns the decoded bodies of every {@code -----BEGIN label-----} block. */
    static List<byte[]> blocks(String pem, String label) {
        List<byte[]> out = new ArrayList<>();
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        for (int i = pem.indexOf(begin); i >= 0; i = pem.indexOf(begin, i + 1)) {
            int stop = pem.indexOf(end, i);
            if (stop < 0) {
                break;
            }
            String body = pem.substring(i + begin.length(), stop).replaceAll("\\s", "");
            out.add(Base64.getDecoder().decode(body));
        }
        return out;
    }
}
