package io.registryconsole.environment;

import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** The stored proxy of an environment. {@code password} holds SecretCipher ciphertext, never clear text. */
@Embeddable
class EnvironmentProxy {

    @Column(name = "proxy_http", length = 512)
    private String httpProxy;

    @Column(name = "proxy_https", length = 512)
    private String httpsProxy;

    @Column(name = "proxy_no_proxy", length = 2000)
    private String noProxy;

    @Column(name = "proxy_username", length = 255)
    private String username;

    @Column(name = "proxy_password", length = 2000)
    private String encryptedPassword;

    protected EnvironmentProxy() {
    }

    EnvironmentProxy(String httpProxy, String httpsProxy, String noProxy, String username, String encryptedPassword) {
        this.httpProxy = httpProxy;
        this.httpsProxy = httpsProxy;
        this.noProxy = noProxy;
        this.username = username;
        this.encryptedPassword = encryptedPassword;
    }

    String httpProxy() {
        return httpProxy;
    }

    String httpsProxy() {
        return httpsProxy;
    }

    String noProxy() {
        return noProxy;
    }

    String username() {
        return username;
    }

    String encryptedPassword() {
        return encryptedPassword;
    }

    /** Hibernate loads an embeddable whose columns are all null as null; this says the same for a built one. */
    boolean isEmpty() {
        return httpProxy == null && httpsProxy == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnvironmentProxy p && Objects.equals(httpProxy, p.httpProxy) && Objects.equals(httpsProxy, p.httpsProxy)
            && Objects.equals(noProxy, p.noProxy) && Objects.equals(username, p.username)
            && Objects.equals(encryptedPassword, p.encryptedPassword);
    }

    @Override
    public int hashCode() {
        return Objects.hash(httpProxy, httpsProxy, noProxy, username);
    }

    @Override
    public String toString() {
        return "EnvironmentProxy[http=" + httpProxy + ", https=" + httpsProxy + ", user=" + username + "]";
    }
}
