package io.registryconsole.lab;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for the lab: one CA per JVM, and leaf certificates it signs
 * (valid, expired, for another host) or self-signed ones that nobody trusts. EC P-256 keys keep
 * generation fast; {@link #issueRsa} exists because RS256 token signing needs an RSA key.
 */
public final class TestCa {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final IssuedCert ca;

    private TestCa(IssuedCert ca) {
        this.ca = ca;
    }

    /** A new CA named {@code commonName}, valid from one day ago for ten years. */
    public static TestCa create(String commonName) {
        try {
            KeyPair keys = ecKeys();
            X500Name name = new X500Name("CN=" + commonName + ",O=Registry Console Lab");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), name,
                keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                extensions.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate cert = sign(builder, keys.getPrivate());
            return new TestCa(new IssuedCert(cert, keys.getPrivate(), List.of()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not create the test CA", e);
        }
    }

    public X509Certificate certificate() {
        return ca.certificate();
    }

    public String pem() {
        return ca.certificatePem();
    }

    /** A server certificate signed by this CA for the given IP addresses and DNS names. */
    public IssuedCert issue(String commonName, List<String> ipAddresses, List<String> dnsNames, Instant notBefore,
            Instant notAfter) {
        return issue(commonName, ipAddresses, dnsNames, notBefore, notAfter, ecKeysUnchecked());
    }

    /** Like {@link #issue} with a 2048-bit RSA key (for RS256 signatures). */
    public IssuedCert issueRsa(String commonName, Instant notBefore, Instant notAfter) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return issue(commonName, List.of(), List.of(), notBefore, notAfter, generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid server certificate for 127.0.0.1 and localhost. */
    public IssuedCert issueForLoopback(String commonName) {
        Instant now = Instant.now();
        return issue(commonName, List.of("127.0.0.1"), List.of("localhost"), now.minus(Duration.ofHours(1)),
            now.plus(Duration.ofDays(30)));
    }

    /** A certificate for 127.0.0.1 and localhost signed by its own key: valid, but trusted by nobody. */
    public static IssuedCert selfSigned(String commonName) {
        try {
            KeyPair keys = ecKeys();
            X500Name name = new X500Name("CN=" + commonName + ",O=Untrusted Lab Server");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), name,
                keys.getPublic());
            addServerExtensions(builder, List.of("127.0.0.1"), List.of("localhost"));
            return new IssuedCert(sign(builder, keys.getPrivate()), keys.getPrivate(), List.of());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private IssuedCert issue(String commonName, List<String> ipAddresses, List<String> dnsNames, Instant notBefore,
            Instant notAfter, KeyPair keys) {
        try {
            X500Name subject = new X500Name("CN=" + commonName + ",O=Registry Console Lab");
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
            addServerExtensions(builder, ipAddresses, dnsNames);
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.certificate()));
            return new IssuedCert(sign(builder, ca.privateKey()), keys.getPrivate(), List.of(ca.certificate()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not issue a certificate for " + commonName, e);
        }
    }

    /** An SSLContext that trusts only this CA (and not the JVM's default roots). */
    public SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("lab-ca", ca.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An SSLContext for a server presenting {@code cert}. */
    public static SSLContext serverContext(IssuedCert cert) {
        try {
            char[] password = "lab".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(cert.certificate());
            chain.addAll(cert.chain());
            keys.setKeyEntry("server", cert.privateKey(), password, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addServerExtensions(X509v3CertificateBuilder builder, List<String> ipAddresses,
            List<String> dnsNames) throws IOException {
        List<GeneralName> names = new ArrayList<>();
        ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
        if (!names.isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(names.toArray(new GeneralName[0])));
        }
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true,
            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false,
            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException {
        try {
            String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            ContentSigner signer = new JcaContentSignerBuilder(algorithm).build(key);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static KeyPair ecKeysUnchecked() {
        try {
            return ecKeys();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    static String toPem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A certificate, its private key and the chain above it (empty when self-signed). */
    public record IssuedCert(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {

        public String certificatePem() {
            return toPem(certificate);
        }

        /** PKCS#8 PEM of the private key (Go's tls package reads it). */
        public String privateKeyPem() {
            try {
                return toPem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(privateKey, null));
            } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Writes {@code <name>.crt} (certificate then chain) and {@code <name>.key} into {@code dir}. */
        public PemFiles written(Path dir, String name) {
            try {
                StringBuilder chainPem = new StringBuilder(certificatePem());
                chain.forEach(c -> chainPem.append(toPem(c)));
                Path cert = dir.resolve(name + ".crt");
                Path key = dir.resolve(name + ".key");
                Files.writeString(cert, chainPem);
                Files.writeString(key, privateKeyPem());
                return new PemFiles(cert, key);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return "IssuedCert[" + certificate.getSubjectX500Principal() + "]";
        }

        /** Paths of a written certificate chain and key. */
        public record PemFiles(Path certificate, Path key) {
        }
    }
}
