package io.registryconsole.environment;

import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/**
 * One registry an environment pulls through. By id, not by association: the registry feature owns registries, and
 * the database's foreign key keeps a bound registry from being deleted.
 */
@Embeddable
class RegistryBinding {

    @Column(name = "registry_id", nullable = false)
    private Long registryId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private BindingRole role;

    @Column(name = "mirror_of")
    private String mirrorOf;

    @Column(nullable = false)
    private int priority;

    protected RegistryBinding() {
    }

    RegistryBinding(long registryId, BindingRole role, String mirrorOf, int priority) {
        this.registryId = registryId;
        this.role = role;
        this.mirrorOf = mirrorOf;
        this.priority = priority;
    }

    long registryId() {
        return registryId;
    }

    BindingRole role() {
        return role;
    }

    String mirrorOf() {
        return mirrorOf;
    }

    int priority() {
        return priority;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegistryBinding other && Objects.equals(registryId, other.registryId) && role == other.role
            && Objects.equals(mirrorOf, other.mirrorOf) && priority == other.priority;
    }

    @Override
    public int hashCode() {
        return Objects.hash(registryId, role, mirrorOf, priority);
    }
}
