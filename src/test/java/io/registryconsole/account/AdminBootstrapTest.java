package io.registryconsole.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import io.registryconsole.ConsoleApplication;

/**
 * The first start creates the admin. Each test starts the real console (twice where a restart matters) on
 * its own H2 file database in a temporary data folder, listening on loopback only.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdminBootstrapTest {

    private static final Pattern GENERATED = Pattern.compile(
        "created the admin user 'admin' with this generated password:\\s+(\\S{24})\\s");

    @TempDir
    Path dataDir;

    @Test
    void generatesAPasswordPrintsItOnceAndNeverAgainOnRestart(CapturedOutput output) throws Exception {
        String password;
        try (ConfigurableApplicationContext console = start()) {
            Matcher generated = GENERATED.matcher(output.getOut());
            assertThat(generated.find()).as("the framed password message in the log").isTrue();
            password = generated.group(1);
            assertThat(output.getOut()).contains("It is shown only this once");
            assertThat(password).matches("[A-Za-z0-9]{24}");
            assertThat(me(console, "admin", password)).isEqualTo(200);
        }
        assertThat(count(output.getOut(), password)).isEqualTo(1);
        int logLengthBeforeRestart = output.getOut().length();

        try (ConfigurableApplicationContext console = start()) {
            assertThat(me(console, "admin", password)).as("the same admin after the restart").isEqualTo(200);
        }

        String restartLog = output.getOut().substring(logLengthBeforeRestart);
        assertThat(restartLog).contains("Tomcat started on port").doesNotContain(password).doesNotContain("generated password");
    }

    @Test
    void usesTheConfiguredNameAndPasswordWithoutLoggingIt(CapturedOutput output) throws Exception {
        String password = "configured-admin-password";
        try (ConfigurableApplicationContext console = start("--console.admin.username=Ops",
            "--console.admin.password=" + password)) {
            assertThat(me(console, "ops", password)).isEqualTo(200);
        }
        assertThat(output.getAll()).contains("Created the admin user 'ops'").doesNotContain(password)
            .doesNotContain("generated password");
    }

    @Test
    void refusesToStartWithATooShortConfiguredPasswordAndDoesNotEchoIt(CapturedOutput output) {
        assertThatThrownBy(() -> start("--console.admin.password=tiny-pw").close())
            .hasStackTraceContaining("must have at least 12 characters")
            .satisfies(failure -> assertThat(stackTrace(failure)).doesNotContain("tiny-pw"));
        assertThat(output.getAll()).doesNotContain("tiny-pw");
    }

    @Test
    void bindsTheDocumentedEnvironmentVariables() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME + "-test",
            Map.of("CONSOLE_ADMIN_USERNAME", "ops", "CONSOLE_ADMIN_PASSWORD", "from-the-environment")));

        AdminProperties admin = Binder.get(environment).bindOrCreate("console.admin", AdminProperties.class);

        assertThat(admin.username()).isEqualTo("ops");
        assertThat(admin.password()).isEqualTo("from-the-environment");
        assertThat(admin.toString()).doesNotContain("from-the-environment");
        assertThat(Binder.get(new StandardEnvironment()).bindOrCreate("console.admin", AdminProperties.class).username())
            .isEqualTo("admin");
    }

    private ConfigurableApplicationContext start(String... extra) {
        String[] args = new String[extra.length + 4];
        // command-line arguments outrank the surefire system properties that point at the shared test database
        args[0] = "--console.data-dir=" + dataDir;
        args[1] = "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("console") + ";DB_CLOSE_ON_EXIT=FALSE";
        args[2] = "--server.port=0";
        args[3] = "--server.address=127.0.0.1";
        System.arraycopy(extra, 0, args, 4, extra.length);
        return SpringApplication.run(ConsoleApplication.class, args);
    }

    private static int me(ConfigurableApplicationContext console, String username, String password) throws Exception {
        int port = ((WebServerApplicationContext) console).getWebServer().getPort();
        String basic = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/me"))
            .header("Authorization", "Basic " + basic).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    private static String stackTrace(Throwable failure) {
        java.io.StringWriter text = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }
}
