package io.registryconsole.registry;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface RegistryRepository extends JpaRepository<Registry, Long>, JpaSpecificationExecutor<Registry> {

    boolean existsByName(String name);

    boolean existsByNameAndIdNot(String name, Long id);

    List<Registry> findAllByOrderByNameAsc();

    /** Registries with a stored secret that is not written under the given key id. */
    @Query("select r from Registry r where r.credential.secret is not null and r.credential.secret not like concat('v1:', :keyId, ':%')")
    List<Registry> findWithSecretNotUnderKey(@Param("keyId") String keyId);

    /**
     * Replaces one stored secret without touching version or updatedAt: re-encryption changes no meaning, and must not
     * make the edit forms that people have open go stale. Compare-and-set on the old ciphertext.
     */
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Registry r set r.credential.secret = :replacement where r.id = :id and r.credential.secret = :current")
    int replaceSecret(@Param("id") long id, @Param("current") String current, @Param("replacement") String replacement);
}
