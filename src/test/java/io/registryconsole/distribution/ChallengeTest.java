package io.registryconsole.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ChallengeTest {

    @Test
    void parsesDockerHubBearer() {
        List<Challenge> all = Challenge.parse(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/nginx:pull\"");
        assertThat(all).hasSize(1);
        Challenge c = all.get(0);
        assertThat(c.is("bearer")).isTrue();
        assertThat(c.realm()).contains("https://auth.docker.io/token");
        assertThat(c.service()).contains("registry.docker.io");
        assertThat(c.scope()).contains("repository:library/nginx:pull");
    }

    @Test
    void parsesEcrBasicWithExtraParameters() {
        Challenge c = Challenge.parse("Basic realm=\"https://1234.dkr.ecr.eu-west-1.amazonaws.com/\",service=\"ecr.amazonaws.com\"").get(0);
        assertThat(c.is("Basic")).isTrue();
        assertThat(c.parameters()).containsOnlyKeys("realm", "service");
    }

    @Test
    void parsesSeveralChallengesInOneHeader() {
        List<Challenge> all = Challenge.parse("Negotiate, Basic realm=\"Harbor\", Bearer realm=\"https://h/service/token\",service=\"harbor-registry\"");
        assertThat(all).extracting(Challenge::scheme).containsExactly("Negotiate", "Basic", "Bearer");
        assertThat(all.get(1).realm()).contains("Harbor");
        assertThat(all.get(2).service()).contains("harbor-registry");
    }

    @Test
    void parsesSeveralHeaders() {
        List<Challenge> all = Challenge.parseAll(List.of("Basic realm=\"a\"", "Bearer realm=\"https://t\""));
        assertThat(all).extracting(Challenge::scheme).containsExactly("Basic", "Bearer");
    }

    @Test
    void unescapesQuotedValuesWithCommasAndQuotes() {
        Challenge c = Challenge.parse("Bearer realm=\"https://t/token?a=1,b=2\", error=\"insufficient_scope\", "
                + "error_description=\"say \\\"hi\\\", \\\\ok\"").get(0);
        assertThat(c.realm()).contains("https://t/token?a=1,b=2");
        assertThat(c.error()).contains("insufficient_scope");
        assertThat(c.parameter("ERROR_DESCRIPTION")).contains("say \"hi\", \\ok");
    }

    @Test
    void acceptsTokenValuesAndOddSpacing() {
        Challenge c = Challenge.parse("  bearer   realm = https://t/token ,service=registry , scope=\"repository:a/b:pull,push\"").get(0);
        assertThat(c.realm()).contains("https://t/token");
        assertThat(c.service()).contains("registry");
        assertThat(c.scope()).contains("repository:a/b:pull,push");
    }

    @Test
    void parsesToken68() {
        List<Challenge> all = Challenge.parse("Negotiate YIIBhgYGKwYBBQUCoIIBejCCAXagGDAW==, Basic realm=\"x\"");
        assertThat(all.get(0).token68()).isEqualTo("YIIBhgYGKwYBBQUCoIIBejCCAXagGDAW==");
        assertThat(all.get(1).realm()).contains("x");
    }

    @Test
    void toleratesGarbage() {
        assertThat(Challenge.parse("")).isEmpty();
        assertThat(Challenge.parse(",,, ")).isEmpty();
        assertThat(Challenge.parse("Bearer realm=\"unterminated").get(0).realm()).contains("unterminated");
    }
}
