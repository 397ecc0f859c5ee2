package io.registryconsole.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.registryconsole.ConsoleApplication;

/**
 * Console instances in this JVM on one fresh PostgreSQL database (made on the test PostgreSQL of scripts/test.sh),
 * as several deployed consoles would be: each on its own loopback port and data folder, one encryption key, sessions
 * in the database (Spring Session JDBC, which the other tests leave off).
 */
final class ConsoleInstances implements AutoCloseable {

    static final String ADMIN_PASSWORD = "several-instances-admin-1";

    private final String adminUrl;
    private final String user;
    private final String password;
    private final String database;
    private final String databaseUrl;
    private final String key;
    private final Path dataRoot;
    private final List<ConfigurableApplicationContext> running = new ArrayList<>();

    private ConsoleInstances(String adminUrl, String user, String password, String database, Path dataRoot) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.database = database;
        this.databaseUrl = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database;
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        this.key = Base64.getEncoder().encodeToString(bytes);
        this.dataRoot = dataRoot;
    }

    /** A new, empty database on the test PostgreSQL. */
    static ConsoleInstances onFreshDatabase() throws Exception {
        String url = System.getenv("CONSOLE_TEST_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            throw new AssertionError("CONSOLE_TEST_POSTGRES_URL is not set: run this test through scripts/test.sh, which starts "
                + "PostgreSQL on loopback (Debian package postgresql)");
        }
        String database = "console_instances_" + Long.toHexString(new SecureRandom().nextLong() & Long.MAX_VALUE);
        ConsoleInstances instances = new ConsoleInstances(url, System.getenv("CONSOLE_TEST_POSTGRES_USER"),
            System.getenv("CONSOLE_TEST_POSTGRES_PASSWORD"), database, Files.createTempDirectory("console-instances"));
        instances.admin("create database " + database);
        return instances;
    }

    String databaseUrl() {
        return databaseUrl;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(databaseUrl, user, password);
    }

    /**
     * Starts {@code count} instances at the same moment; returns them once all have started. They leave the JVM's one
     * Logback context as it is: Spring Boot's logging set-up is not safe to run in several threads at once (a
     * ConcurrentModificationException in Logback's property map, 1 run in 4), and deployed consoles are each their
     * own process anyway.
     */
    List<ConfigurableApplicationContext> startTogether(int count) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(count);
        String loggingSystem = System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ConfigurableApplicationContext>> starting = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = running.size() + i;
                starting.add(threads.submit(() -> {
                    go.await();
                    return start(n);
                }));
            }
            go.countDown();
            List<ConfigurableApplicationContext> started = new ArrayList<>();
            for (Future<ConfigurableApplicationContext> f : starting) {
                started.add(f.get());
            }
            return started;
        } finally {
            threads.shutdown();
            if (loggingSystem == null) {
                System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
            } else {
                System.setProperty(LoggingSystem.SYSTEM_PROPERTY, loggingSystem);
            }
        }
    }

    ConfigurableApplicationContext start(int n) throws Exception {
        Path data = Files.createDirectories(dataRoot.resolve("instance-" + n));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ConsoleApplication.class).run(
            // command-line arguments win over the surefire system properties (H2, no Spring Session)
            "--server.port=0", "--server.address=127.0.0.1",
            "--spring.datasource.url=" + databaseUrl, "--spring.datasource.username=" + user, "--spring.datasource.password=" + password,
            "--spring.autoconfigure.exclude=",
            "--console.data-dir=" + data, "--console.encryption.key=" + key,
            "--console.admin.password=" + ADMIN_PASSWORD,
            "--console.probes.enabled=true",
            "--console.pull-tests.follow-interval=200ms",
            "--spring.jmx.enabled=false");
        synchronized (running) {
            running.add(context);
        }
        return context;
    }

    static String baseUrl(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Override
    public void close() throws Exception {
        synchronized (running) {
            for (ConfigurableApplicationContext context : running) {
                if (context.isActive()) {
                    context.close();
                }
            }
        }
        admin("drop database if exists " + database + " with (force)");
        try (var files = Files.walk(dataRoot)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
