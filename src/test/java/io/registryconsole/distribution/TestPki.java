package io.registryconsole.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throw-away CA and server certificates made with the JDK's keytool (always present with the JDK), created once
 * per test JVM: a good certificate for 127.0.0.1/localhost, an expired one and one for another host name.
 */
final class TestPki {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static TestPki instance;

    private final Path dir;
    final String caPem;
    final SSLContext good;
    final SSLContext expired;
    final SSLContext wrongHost;

    private TestPki(Path dir) throws Exception {
        this.dir = dir;
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Registry Console Test CA",
                "-ext", "bc:c", "-validity", "30", "-keystore", "ca.p12");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
        caPem = Files.readString(dir.resolve("ca.pem"), StandardCharsets.US_ASCII);
        good = server("good", "SAN=ip:127.0.0.1,dns:localhost", null, 30);
        expired = server("expired", "SAN=ip:127.0.0.1,dns:localhost", "-30d", 10);
        wrongHost = server("wrong", "SAN=dns:other.example", null, 30);
    }

    static synchronized TestPki get() throws Exception {
        if (instance == null) {
            instance = new TestPki(Files.createTempDirectory("registry-console-pki"));
        }
        return instance;
    }

    private SSLContext server(String name, String san, String startDate, int validityDays) throws Exception {
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "30", "-keystore", name + ".p12");
        keytool("-certreq", "-alias", "server", "-keystore", name + ".p12", "-file", name + ".csr");
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", name + ".csr",
                "-outfile", name + ".crt", "-rfc", "-ext", san, "-validity", Integer.toString(validityDays)));
        if (startDate != null) {
            gencert.add("-startdate");
            gencert.add(startDate);
        }
        keytool(gencert.toArray(String[]::new));

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(name + ".p12"))) {
            store.load(in, PASSWORD);
        }
        PrivateKey key = (PrivateKey) store.getKey("server", PASSWORD);
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        Certificate leaf;
        try (InputStream in = Files.newInputStream(dir.resolve(name + ".crt"))) {
            leaf = cf.generateCertificate(in);
        }
        Certificate ca;
        try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
            ca = cf.generateCertificate(in);
        }
        KeyStore chain = KeyStore.getInstance("PKCS12");
        chain.load(null, null);
        chain.setKeyEntry("server", key, PASSWORD, new Certificate[] {leaf, ca});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(chain, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.add("-J-XX:TieredStopAtLevel=1");
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", "changeit", "-storetype", "PKCS12", "-noprompt"));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
