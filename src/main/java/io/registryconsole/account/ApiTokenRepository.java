package io.registryconsole.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface ApiTokenRepository extends JpaRepository<ApiToken, Long> {

    @Query("select t from ApiToken t join fetch t.owner where t.tokenHash = :hash")
    Optional<ApiToken> findByHashWithOwner(String hash);

    @Query("select t from ApiToken t join fetch t.owner o where o.id = :ownerId order by t.createdAt desc, t.id desc")
    List<ApiToken> findByOwner(long ownerId);

    @Query("select t from ApiToken t join fetch t.owner o order by o.username, t.createdAt desc, t.id desc")
    List<ApiToken> findAllWithOwner();

    boolean existsByOwnerIdAndName(long ownerId, String name);

    long countByOwnerId(long ownerId);

    /**
     * Records a use without a write per request: the row changes only when the stored time is older
     * than {@code staleBefore}.
     */
    @Modifying
    @Query("""
        update ApiToken t set t.lastUsedAt = :now
        where t.id = :id and (t.lastUsedAt is null or t.lastUsedAt < :staleBefore)""")
    int touch(long id, Instant now, Instant staleBefore);

    @Modifying
    @Query("delete from ApiToken t where t.owner.id = :ownerId")
    int deleteByOwner(long ownerId);
}
