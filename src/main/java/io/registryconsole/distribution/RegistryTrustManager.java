package io.registryconsole.distribution;

import java.net.Socket;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Checks a server's chain in docker's order — validity dates, then trust (JVM store plus the registry's CA
 * bundle), then the host name — and says precisely which check failed via {@link TlsCertificateException}.
 * Because it is an {@link X509ExtendedTrustManager}, the JDK leaves hostname verification to it, which is what
 * lets it classify a mismatch exactly. For a registry marked insecure, failures on the registry's own host and
 * port are remembered instead of thrown (other hosts, e.g. a redirect target, are still verified).
 */
final class RegistryTrustManager extends X509ExtendedTrustManager {

    private final X509TrustManager pkix;
    private final String insecureHost;
    private final int insecurePort;
    private final Map<String, RegistryException> skippedProblems = new ConcurrentHashMap<>();

    /**
     * @param insecureHost host whose failures are skipped (registry marked insecure), or null
     */
    RegistryTrustManager(X509TrustManager pkix, String insecureHost, int insecurePort) {
        this.pkix = pkix;
        this.insecureHost = insecureHost == null ? null : insecureHost.toLowerCase(Locale.ROOT);
        this.insecurePort = insecurePort;
    }

    /** What verification would have rejected for host:port of an insecure registry, if anything. */
    RegistryException skippedProblem(String host, int port) {
        return skippedProblems.get(key(host, port));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, authType, engine == null ? null : engine.getPeerHost(), engine == null ? -1 : engine.getPeerPort());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        String host = null;
        int port = -1;
        if (socket instanceof SSLSocket ssl && ssl.getHandshakeSession() != null) {
            host = ssl.getHandshakeSession().getPeerHost();
            port = ssl.getHandshakeSession().getPeerPort();
        }
        check(chain, authType, host, port);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, authType, null, -1);
    }

    private void check(X509Certificate[] chain, String authType, String host, int port) throws CertificateException {
        TlsCertificateException problem = evaluate(chain, authType, host);
        if (problem == null) {
            return;
        }
        if (insecureHost != null && host != null && insecureHost.equalsIgnoreCase(host) && port == insecurePort) {
            skippedProblems.put(key(host, port), RegistryException.builder(problem.category(), problem.getMessage()).phase(Phase.TLS).build());
            return;
        }
        throw problem;
    }

    TlsCertificateException evaluate(X509Certificate[] chain, String authType, String host) {
        if (chain == null || chain.length == 0) {
            return new TlsCertificateException(Category.TLS_UNTRUSTED, "the server sent no certificate", null);
        }
        X509Certificate leaf = chain[0];
        String who = host == null ? "the server" : host;
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            return new TlsCertificateException(Category.TLS_EXPIRED, "the certificate of " + who + " (" + leaf.getSubjectX500Principal().getName()
                    + ") expired on " + instant(leaf.getNotAfter()), e);
        } catch (CertificateNotYetValidException e) {
            return new TlsCertificateException(Category.TLS_EXPIRED, "the certificate of " + who + " (" + leaf.getSubjectX500Principal().getName()
                    + ") is not valid before " + instant(leaf.getNotBefore()) + " (check the clocks)", e);
        }
        try {
            pkix.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            if (isValidityFailure(e)) {
                return new TlsCertificateException(Category.TLS_EXPIRED, "a certificate in the chain of " + who
                        + " is expired or not yet valid", e);
            }
            X509Certificate top = chain[chain.length - 1];
            boolean selfSigned = top.getSubjectX500Principal().equals(top.getIssuerX500Principal());
            String detail = selfSigned && chain.length == 1
                    ? "a self-signed certificate (" + leaf.getSubjectX500Principal().getName() + ")"
                    : "a chain issued by " + top.getIssuerX500Principal().getName();
            return new TlsCertificateException(Category.TLS_UNTRUSTED, who + " presented " + detail
                    + " that neither the JVM trust store nor the registry's CA bundle trusts", e);
        }
        if (host != null && !HostnameMatcher.matches(leaf, host)) {
            var names = CertificateInfo.subjectAltNames(leaf);
            return new TlsCertificateException(Category.TLS_HOSTNAME_MISMATCH, "the certificate of " + host + " does not name it; it is for "
                    + (names.isEmpty() ? leaf.getSubjectX500Principal().getName() + " with no subjectAltName (the CN is not used, as in docker)"
                    : String.join(", ", names)), null);
        }
        return null;
    }

    private static boolean isValidityFailure(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof CertificateExpiredException || c instanceof CertificateNotYetValidException) {
                return true;
            }
            if (c instanceof CertPathValidatorException cpve
                    && (cpve.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                    || cpve.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID)) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    private static String instant(Date date) {
        return Instant.ofEpochMilli(date.getTime()).toString();
    }

    private static String key(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("client certificates are not checked by a registry client");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("client certificates are not checked by a registry client");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client certificates are not checked by a registry client");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }
}
