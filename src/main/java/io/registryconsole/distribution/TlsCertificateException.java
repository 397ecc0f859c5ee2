package io.registryconsole.distribution;

import java.security.cert.CertificateException;

/**
 * Thrown by {@link RegistryTrustManager} during a handshake. The JDK wraps it in an SSLHandshakeException; the
 * client finds it again in the cause chain and so knows the precise category instead of guessing from the JDK's
 * message text.
 */
final class TlsCertificateException extends CertificateException {

    private final Category category;

    TlsCertificateException(Category category, String message, Throwable cause) {
        super(message, cause);
        this.category = category;
    }

    Category category() {
        return category;
    }

    /** The first TlsCertificateException in the cause chain of {@code t}, or null. */
    static TlsCertificateException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof TlsCertificateException tce) {
                return tce;
            }
            for (Throwable s : c.getSuppressed()) {
                if (s instanceof TlsCertificateException tce) {
                    return tce;
                }
            }
        }
        return null;
    }
}
