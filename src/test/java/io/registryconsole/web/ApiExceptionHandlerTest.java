package io.registryconsole.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.web.server.ResponseStatusException;

/** The last line: failures nobody foresaw answer 500 with no message, no stack trace, nothing from the exception. */
@ExtendWith(OutputCaptureExtension.class)
class ApiExceptionHandlerTest {

    final ApiExceptionHandler handler = new ApiExceptionHandler();
    final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/registries");

    @Test
    void anUnexpectedFailureRevealsNothing(CapturedOutput output) throws Exception {
        ResponseEntity<ProblemDetail> response = handler.unexpected(
            new IllegalStateException("connect to jdbc:postgresql://console:pw-IN-MESSAGE@db failed"), request);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        ProblemDetail body = response.getBody();
        assertThat(body.getType().toString()).isEqualTo("urn:registry-console:problem:internal-error");
        assertThat(body.getDetail()).isEqualTo("the console failed to handle the request; the log has the details");
        assertThat(String.valueOf(body.getProperties())).doesNotContain("pw-IN-MESSAGE").doesNotContain("IllegalStateException");
        assertThat(output.getAll()).contains("Unexpected failure on POST /api/v1/registries");
    }

    @Test
    void securityExceptionsAreLeftToSpringSecurity() {
        assertThatThrownBy(() -> handler.unexpected(new AccessDeniedException("no"), request))
            .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> handler.unexpected(new BadCredentialsException("no"), request))
            .isInstanceOf(BadCredentialsException.class);
    }

    @Test
    void springStatusExceptionsKeepTheirStatus() throws Exception {
        ResponseEntity<ProblemDetail> response = handler.unexpected(
            new ResponseStatusException(HttpStatus.NOT_FOUND, "no pull test with id 7"), request);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(response.getBody().getType().toString()).isEqualTo("urn:registry-console:problem:not-found");
        assertThat(response.getBody().getDetail()).isEqualTo("no pull test with id 7");
    }
}
