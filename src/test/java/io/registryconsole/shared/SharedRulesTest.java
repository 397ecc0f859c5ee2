package io.registryconsole.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The small rules every feature shares: names, sorting, validation problems, pages, constraint names. */
class SharedRulesTest {

    @Test
    void namesAreLowercaseWordsThatFitInFileNamesAndKeys() {
        assertThat(List.of("a", "harbor", "docker-hub.mirror_2", "x".repeat(63))).allMatch(n -> n.matches(Names.PATTERN));
        assertThat(List.of("", "Harbor", "-a", "a-", ".a", "a b", "a/b", "x".repeat(64), "é")).noneMatch(n -> n.matches(Names.PATTERN));
        assertThat(List.of("team=infra", "k8s.io/zone", "A:b")).allMatch(l -> l.matches(Names.LABEL_PATTERN));
        assertThat(List.of("=a", "a b", "a=", "x".repeat(64))).noneMatch(l -> l.matches(Names.LABEL_PATTERN));
    }

    @Test
    void sortingOnlyByAllowedPropertiesWithADefault() {
        Sort byName = Sort.by("name");
        Pageable unsorted = PageRequest.of(2, 10);
        assertThat(Sorting.restrict(unsorted, Set.of("name", "createdAt"), byName)).isEqualTo(PageRequest.of(2, 10, byName));
        Pageable sorted = PageRequest.of(0, 5, Sort.by(Sort.Direction.DESC, "createdAt"));
        assertThat(Sorting.restrict(sorted, Set.of("name", "createdAt"), byName)).isSameAs(sorted);
        assertThat(Sorting.restrict(Pageable.unpaged(), Set.of("name"), byName)).isEqualTo(Pageable.unpaged());

        assertThatThrownBy(() -> Sorting.restrict(PageRequest.of(0, 5, Sort.by("credential.secret" + "x".repeat(50))),
            Set.of("name", "createdAt"), byName))
            .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                assertThat(p.field()).isEqualTo("sort");
                assertThat(p.message()).contains("[createdAt, name]").contains("…").hasSizeLessThan(120);
            }));
    }

    record Form(@NotBlank String name, List<@Pattern(regexp = "[a-z]+") String> labels, @Size(max = 2) List<String> tags) {
    }

    @Test
    void violationsBecomeFieldProblemsWithClientPaths() {
        Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
        List<FieldProblem> problems = Violations.toProblems("registry.",
            validator.validate(new Form(" ", List.of("ok", "NOT OK"), List.of("a", "b", "c"))));

        assertThat(problems).extracting(FieldProblem::field).containsExactly("registry.labels[1]", "registry.name", "registry.tags");
        assertThat(problems).allSatisfy(p -> assertThat(p.message()).isNotBlank());
        assertThat(Violations.toProblems("", validator.validate(new Form("fine", List.of(), List.of())))).isEmpty();
    }

    @Test
    void aPageInSpringDatasShape() {
        PageView<String> page = PageView.of(new PageImpl<>(List.of(1, 2), PageRequest.of(1, 2), 5), n -> "#" + n);
        assertThat(page.content()).containsExactly("#1", "#2");
        assertThat(page.page()).isEqualTo(new PageView.PageMetadata(1, 2, 5, 3));
    }

    @Test
    void constraintNamesAreFoundInTheCauseChainWhateverTheCase() {
        DataIntegrityViolationException h2 = new DataIntegrityViolationException("insert failed",
            new SQLException("Unique index or primary key violation: \"PUBLIC.UK_REGISTRY_NAME_INDEX_8 ON PUBLIC.REGISTRY(NAME)\""));
        assertThat(ConstraintNames.violated(h2, "uk_registry_name")).isTrue();
        assertThat(ConstraintNames.violated(h2, "uk_environment_name")).isFalse();
        assertThat(ConstraintNames.violated(new DataIntegrityViolationException("no cause"), "uk_registry_name")).isFalse();
    }
}
