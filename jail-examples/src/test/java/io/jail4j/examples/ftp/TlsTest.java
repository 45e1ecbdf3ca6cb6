package io.jail4j.examples.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The self-signed certificate builder and PEM loading. */
class TlsTest {
    @TempDir
    Path tmp;

    @Test
    void selfSigned_create_parsesVerifiesAndNamesLocalhost() throws Exception {
        SelfSigned.Identity id = SelfSigned.create("localhost");
        id.certificate().checkValidity();
        id.certificate().verify(id.keys().getPublic());
        assertEquals("CN=localhost", id.certificate().getSubjectX500Principal().getName());
        assertEquals(3, id.certificate().getVersion());
        assertTrue(id.certificate().getSubjectAlternativeNames().toString().contains("127.0.0.1"));
    }

    @Test
    void pemWithCertificateAndKey_fromPem_makesAContext() throws Exception {
        SelfSigned.Identity id = SelfSigned.create("localhost");
        Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        String pem = "-----BEGIN CERTIFICATE-----\n" + b64.encodeToString(id.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\n"
                + b64.encodeToString(id.keys().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        Path file = Files.writeString(tmp.resolve("both.pem"), pem);
        SSLContext c = Tls.fromPem(file, file);
        assertEquals("TLS", c.getProtocol());
    }

    @Test
    void pkcs1Key_fromPem_namesTheConversion() throws Exception {
        Path cert = Files.writeString(tmp.resolve("c.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        Path key = Files.writeString(tmp.resolve("k.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        GeneralSecurityException e = assertThrows(GeneralSecurityException.class, () -> Tls.fromPem(cert, key));
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), e.getMessage());
    }
}
