package io.registryconsole.account;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.springframework.http.HttpHeaders.AUTHORIZATION;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.MockMvc;

import io.registryconsole.account.TestAccounts.TestUser;

/**
 * Finding 6: HTTP Basic ran a full bcrypt on every API request. A repeated valid login is now answered from a
 * short-lived cache of verified credentials; every change to the account (password, role, disable, delete) drops it
 * at once. The real BCrypt encoder is only watched (spy), to count how often it runs.
 */
@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
class BasicCredentialCacheTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    AccountService accounts;
    @MockitoSpyBean
    PasswordEncoder passwordEncoder;

    TestUser alice;
    TestUser other;

    @BeforeEach
    void setUp() {
        TestAccounts testAccounts = TestAccounts.in(context);
        testAccounts.deleteAll();
        alice = testAccounts.user("alice-cache", Role.ADMIN);
        other = testAccounts.user("other-admin", Role.ADMIN);
        clearInvocations(passwordEncoder);
    }

    @Test
    void aRepeatedValidBasicLoginRunsBcryptOnce() throws Exception {
        for (int i = 0; i < 5; i++) {
            mvc.perform(get("/api/v1/registries").header(AUTHORIZATION, alice.basicAuth())).andExpect(status().isOk());
        }
        verify(passwordEncoder, times(1)).matches(any(), anyString());
    }

    @Test
    void aWrongPasswordIsNeverAnsweredFromTheCache() throws Exception {
        mvc.perform(get("/api/v1/registries").header(AUTHORIZATION, alice.basicAuth())).andExpect(status().isOk());
        mvc.perform(get("/api/v1/registries").header(AUTHORIZATION, basic(alice.username(), alice.password() + "x")))
            .andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/registries").header(AUTHORIZATION, basic(alice.username().toUpperCase(), alice.password())))
            .andExpect(status().isOk());
    }

    @Test
    void aPasswordChangeDropsTheCachedLoginAtOnce() throws Exception {
        warm();
        accounts.updateUser(alice.id(), version(), null, null, "a-brand-new-password-0123");
        mvc.perform(get("/api/v1/registries").header(AUTHORIZATION, alice.basicAuth())).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/registries").header(AUTHORIZATION, basic(alice.username(), "a-brand-new-password-0123")))
            .andExpect(status().isOk());
    }

    @Test
    void aRoleChangeDropsTheCachedLoginAtOnce() throws Exception {
        warm();
        mvc.perform(get("/api/v1/users").header(AUTHORIZATION, alice.basicAuth())).andExpect(status().isOk());
        accounts.updateUser(alice.id(), version(), Role.VIEWER, null, null);
        mvc.perform(get("/api/v1/users").header(AUTHORIZATION, alice.basicAuth())).andExpect(status().isForbidden());
    }

    @Test
    void disablingOrDeletingTheAccountDropsTheCachedLoginAtOnce() throws Exception {
        warm();
        accounts.updateUser(alice.id(), version(), null, false, null);
        mvc.perform(get("/api/v1/registries").header(AUTHORIZATION, alice.basicAuth())).andExpect(status().isUnauthorized());
        accounts.updateUser(alice.id(), version(), null, true, null);
        warm();
        accounts.deleteUser(alice.id(), null);
        mvc.perform(get("/api/v1/registries").header(AUTHORIZATION, alice.basicAuth())).andExpect(status().isUnauthorized());
    }

    @Test
    void anotherUsersChangeKeepsTheCachedLogin() throws Exception {
        warm();
        accounts.updateUser(other.id(), accounts.getUser(other.id()).version(), Role.VIEWER, null, null);
        clearInvocations(passwordEncoder);
        mvc.perform(get("/api/v1/registries").header(AUTHORIZATION, alice.basicAuth())).andExpect(status().isOk());
        verify(passwordEncoder, never()).matches(any(), anyString());
    }

    private void warm() throws Exception {
        mvc.perform(get("/api/v1/registries").header(AUTHORIZATION, alice.basicAuth())).andExpect(status().isOk());
    }

    private long version() {
        return accounts.getUser(alice.id()).version();
    }

    private static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
