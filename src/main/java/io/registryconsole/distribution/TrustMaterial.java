package io.registryconsole.distribution;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates a registry's chain may end in: the JVM's trust store plus the registry's own CA bundle,
 * combined into one PKIX trust manager (so either source can anchor the chain).
 */
final class TrustMaterial {

    private TrustMaterial() {
    }

    /**
     * @param caBundlePem PEM text with one or more certificates, or null
     * @throws IllegalArgumentException when the bundle holds no readable certificate
     */
    static X509TrustManager pkix(String caBundlePem) {
        if (caBundlePem == null || caBundlePem.isBlank()) {
            return JvmDefault.TRUST_MANAGER;
        }
        try {
            List<X509Certificate> anchors = new ArrayList<>(List.of(JvmDefault.TRUST_MANAGER.getAcceptedIssuers()));
            anchors.addAll(parsePem(caBundlePem));
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate anchor : anchors) {
                store.setCertificateEntry("anchor-" + i++, anchor);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(store);
            return x509(tmf.getTrustManagers());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the trust store", e);
        }
    }

    /** Parses a PEM bundle; a clear message when it is not one. */
    static List<X509Certificate> parsePem(String pem) {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            Collection<? extends Certificate> certs = cf.generateCertificates(new ByteArrayInputStream(pem.strip().getBytes(StandardCharsets.US_ASCII)));
            List<X509Certificate> list = new ArrayList<>();
            for (Certificate c : certs) {
                list.add((X509Certificate) c);
            }
            if (list.isEmpty()) {
                throw new IllegalArgumentException("the CA bundle contains no certificate");
            }
            return list;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("the CA bundle is not valid PEM certificate text");
        }
    }

    /** Loaded once: reading cacerts costs tens of milliseconds. */
    private static final class JvmDefault {
        static final X509TrustManager TRUST_MANAGER = load();

        private static X509TrustManager load() {
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init((KeyStore) null);
                return x509(tmf.getTrustManagers());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot load the JVM trust store", e);
            }
        }
    }

    private static X509TrustManager x509(TrustManager[] managers) {
        for (TrustManager tm : managers) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("no X509TrustManager available");
    }
}
