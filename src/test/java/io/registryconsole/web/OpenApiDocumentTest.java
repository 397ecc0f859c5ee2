package io.registryconsole.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import com.jayway.jsonpath.JsonPath;

@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
@WithMockUser(roles = "ADMIN")
class OpenApiDocumentTest {

    @Autowired
    MockMvcTester mvc;

    @Test
    void describesEveryEndpointWithSchemas() throws Exception {
        MvcTestResult result = mvc.get().uri("/v3/api-docs").exchange();

        assertThat(result).hasStatusOk();
        String document = result.getResponse().getContentAsString();
        assertThat(JsonPath.<java.util.Map<String, Object>>read(document, "$.paths")).containsKeys(
            "/api/v1/registries", "/api/v1/registries/{id}", "/api/v1/environments", "/api/v1/environments/{id}",
            "/api/v1/audit-events");
        assertThat(JsonPath.<java.util.Map<String, Object>>read(document, "$.paths['/api/v1/registries']")).containsKeys("get", "post");
        assertThat(JsonPath.<java.util.Map<String, Object>>read(document, "$.paths['/api/v1/registries/{id}']"))
            .containsKeys("get", "put", "delete");
        assertThat(JsonPath.<java.util.Map<String, Object>>read(document, "$.components.schemas")).containsKeys(
            "RegistryInput", "Registry", "CredentialInput", "CertificateView", "CredentialView", "EnvironmentInput",
            "Environment", "RegistryBindingInput", "RegistryBinding", "AuditEvent");
        assertThat(JsonPath.<Boolean>read(document, "$.components.schemas.CredentialInput.properties.password.writeOnly")).isTrue();
        assertThat(JsonPath.<java.util.List<String>>read(document, "$.components.schemas.Registry.properties.provider.enum"))
            .contains("HARBOR", "DOCKER_HUB", "OTHER");
        assertThat(JsonPath.<java.util.Map<String, Object>>read(document, "$.components.schemas.Registry.properties"))
            .doesNotContainKeys("password", "token", "secret");
        assertThat(JsonPath.<java.util.Map<String, Object>>read(document, "$.paths['/api/v1/registries'].post.responses"))
            .containsKeys("201", "400", "409", "413", "415");
        assertThat(JsonPath.<String>read(document,
            "$.paths['/api/v1/registries/{id}'].put.responses['409'].content['application/problem+json'].schema['$ref']"))
            .isEqualTo("#/components/schemas/Problem");
        assertThat(JsonPath.<java.util.Map<String, Object>>read(document, "$.components.schemas.Problem.properties"))
            .containsKeys("type", "title", "status", "detail", "errors");
    }
}
