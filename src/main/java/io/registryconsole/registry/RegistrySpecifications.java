package io.registryconsole.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.persistence.criteria.Predicate;

import org.springframework.data.jpa.domain.Specification;

final class RegistrySpecifications {

    private RegistrySpecifications() {
    }

    static Specification<Registry> matching(RegistryFilter filter) {
        return (root, query, cb) -> {
            List<Predicate> predicates = new ArrayList<>();
            if (filter.name() != null && !filter.name().isBlank()) {
                String pattern = "%" + escapeLike(filter.name().strip().toLowerCase(Locale.ROOT)) + "%";
                predicates.add(cb.like(cb.lower(root.get("name")), pattern, '\\'));
            }
            if (filter.provider() != null) {
                predicates.add(cb.equal(root.get("provider"), filter.provider()));
            }
            if (filter.label() != null && !filter.label().isBlank()) {
                predicates.add(cb.isMember(filter.label().strip(), root.<Set<String>>get("labels")));
            }
            return cb.and(predicates.toArray(Predicate[]::new));
        };
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
