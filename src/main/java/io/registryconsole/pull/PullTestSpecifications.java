package io.registryconsole.pull;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.criteria.Predicate;

import org.springframework.data.jpa.domain.Specification;

final class PullTestSpecifications {

    private PullTestSpecifications() {
    }

    static Specification<PullTest> matching(PullTestFilter filter) {
        return (root, query, cb) -> {
            List<Predicate> predicates = new ArrayList<>();
            if (filter.registryId() != null) {
                predicates.add(cb.equal(root.get("registryId"), filter.registryId()));
            }
            if (filter.environmentId() != null) {
                predicates.add(cb.equal(root.get("environmentId"), filter.environmentId()));
            }
            if (filter.status() != null) {
                predicates.add(cb.equal(root.get("status"), filter.status()));
            }
            return cb.and(predicates.toArray(Predicate[]::new));
        };
    }
}
