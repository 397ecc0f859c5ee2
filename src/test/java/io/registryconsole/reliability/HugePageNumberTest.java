package io.registryconsole.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpHeaders.AUTHORIZATION;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import io.registryconsole.TestTables;
import io.registryconsole.account.Role;
import io.registryconsole.account.TestAccounts;
import io.registryconsole.account.TestAccounts.TestUser;
import io.registryconsole.registry.RegistryRequest;
import io.registryconsole.registry.RegistryService;

/**
 * Finding 8: {@code ?page=2147483647&size=100} answered 500 with a stack trace on every list. Now every list, API and
 * page, answers 400 naming {@code page}, and nothing is logged as a failure.
 */
@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class HugePageNumberTest {

    static final List<String> API_LISTS = List.of("/api/v1/registries", "/api/v1/environments", "/api/v1/pull-tests",
        "/api/v1/audit-events", "/api/v1/registries/%d/probes");
    static final List<String> PAGE_LISTS = List.of("/registries", "/environments", "/pull-tests", "/audit");

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RegistryService registries;

    TestUser admin;
    long registryId;

    @BeforeEach
    void setUp() {
        TestTables.clean(jdbc);
        TestAccounts accounts = TestAccounts.in(context);
        accounts.deleteAll();
        admin = accounts.user("pager", Role.ADMIN);
        registryId = registries.create(new RegistryRequest("paged", "https://paged.example.com", null, null, null, null, null, null, null)).id();
    }

    @Test
    void everyApiListAnswersAProblemNamingPage(CapturedOutput output) throws Exception {
        for (String list : API_LISTS) {
            for (String query : List.of("?page=2147483647&size=100", "?page=21474837&size=100", "?page=-1")) {
                String path = list.formatted(registryId) + query;
                MockHttpServletResponse response = mvc.perform(get(path).header(AUTHORIZATION, admin.basicAuth()))
                    .andReturn().getResponse();
                assertThat(response.getStatus()).as(path).isEqualTo(400);
                assertThat(response.getContentType()).as(path).startsWith("application/problem+json");
                assertThat(response.getContentAsString()).as(path).contains("\"field\":\"page\"");
            }
            // a page far beyond the data, but addressable, is simply empty
            MockHttpServletResponse fine = mvc.perform(get(list.formatted(registryId) + "?page=1000&size=100")
                .header(AUTHORIZATION, admin.basicAuth())).andReturn().getResponse();
            assertThat(fine.getStatus()).as(list).isEqualTo(200);
        }
        assertThat(output.getAll()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void everyListPageAnswers400NamingPage(CapturedOutput output) throws Exception {
        MockHttpSession session = TestAccounts.signIn(mvc, admin);
        for (String list : PAGE_LISTS) {
            MockHttpServletResponse response = mvc.perform(get(list + "?page=2147483647&size=100").session(session))
                .andReturn().getResponse();
            assertThat(response.getStatus()).as(list).isEqualTo(400);
            assertThat(response.getContentAsString()).as(list).contains("page");
        }
        assertThat(output.getAll()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
