package io.registryconsole.pull;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class TagSuggestionsTest {

    @Test
    void closestVersionsFirst() {
        assertThat(TagSuggestions.closest("1.3", List.of("latest", "2.0", "1.0", "1.1", "1.2"), 10))
            .containsExactly("1.2", "1.1", "1.0", "2.0", "latest");
        assertThat(TagSuggestions.closest("1.25", List.of("1.24-alpine", "1.25.3", "1.26", "1.24", "stable"), 3))
            .containsExactly("1.24", "1.26", "1.25.3");
        assertThat(TagSuggestions.closest("lates", List.of("1.0", "latest", "last"), 1)).containsExactly("latest");
    }

    @Test
    void editDistance() {
        assertThat(TagSuggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(TagSuggestions.distance("", "abc")).isEqualTo(3);
    }
}
