package io.registryconsole.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpHeaders.AUTHORIZATION;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import io.registryconsole.TestTables;
import io.registryconsole.account.Role;
import io.registryconsole.account.TestAccounts;
import io.registryconsole.account.TestAccounts.TestUser;
import io.registryconsole.registry.RegistryRequest;
import io.registryconsole.registry.RegistryService;
import tools.jackson.databind.ObjectMapper;

/**
 * Issue 12, data safety: two admins read the same version of a registry and both save at once. One save wins (200),
 * the other gets 409 and must reload; the stored registry is exactly the winner's, nothing of the two mixed.
 */
@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
class ConcurrentEditTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RegistryService registries;

    TestUser alice;
    TestUser bob;

    @BeforeEach
    void setUp() {
        TestTables.clean(jdbc);
        TestAccounts accounts = TestAccounts.in(context);
        accounts.deleteAll();
        alice = accounts.user("alice-admin", Role.ADMIN);
        bob = accounts.user("bob-admin", Role.ADMIN);
    }

    @Test
    void twoAdminsSavingTheSameVersionGetOne200AndOne409AndNoLostUpdate() throws Exception {
        for (int round = 0; round < 5; round++) {
            long id = registries.create(new RegistryRequest("edited-" + round, "https://edited.example.com", null, null, null,
                null, "original", null, null)).id();
            long version = new ObjectMapper().readTree(mvc.perform(get("/api/v1/registries/" + id)
                .header(AUTHORIZATION, alice.basicAuth())).andReturn().getResponse().getContentAsString()).get("version").asLong();

            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<MockHttpServletResponse>> saves = new ArrayList<>();
            for (TestUser admin : List.of(alice, bob)) {
                String body = """
                    {"name": "edited-%d", "url": "https://%s.example.com", "description": "by %s", "labels": ["%s"], "version": %d}"""
                    .formatted(round, admin.username(), admin.username(), admin.username(), version);
                saves.add(pool.submit(() -> {
                    start.await();
                    return mvc.perform(put("/api/v1/registries/" + id).header(AUTHORIZATION, admin.basicAuth())
                        .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn().getResponse();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            String winner = null;
            for (int i = 0; i < 2; i++) {
                MockHttpServletResponse response = saves.get(i).get();
                statuses.add(response.getStatus());
                if (response.getStatus() == 200) {
                    winner = List.of(alice, bob).get(i).username();
                } else {
                    assertThat(response.getContentType()).startsWith("application/problem+json");
                }
            }
            pool.shutdown();
            assertThat(statuses).as("round %d", round).containsExactlyInAnyOrder(200, 409);

            var stored = jdbc.queryForMap("select url, description from registry where id = ?", id);
            assertThat(stored.get("url")).isEqualTo("https://" + winner + ".example.com");
            assertThat(stored.get("description")).isEqualTo("by " + winner);
            assertThat(jdbc.queryForList("select label from registry_label where registry_id = ?", String.class, id))
                .containsExactly(winner);
        }
    }
}
