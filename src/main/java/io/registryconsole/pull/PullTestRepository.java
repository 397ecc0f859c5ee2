package io.registryconsole.pull;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface PullTestRepository extends JpaRepository<PullTest, Long>, JpaSpecificationExecutor<PullTest> {

    @Modifying
    @Query("update PullTest p set p.heartbeatAt = :now where p.instanceId = :instance and p.status in :statuses")
    int heartbeat(@Param("instance") String instance, @Param("statuses") Collection<PullStatus> statuses, @Param("now") Instant now);

    /** Plain SQL: Hibernate translates a JPQL update anew on every execution, which cost as much CPU as running it. */
    @Modifying
    @Query(value = "update pull_test set status = 'RUNNING', started_at = :now, heartbeat_at = :now where id = :id and status = 'QUEUED'",
        nativeQuery = true)
    int markRunning(@Param("id") long id, @Param("now") Instant now);

    @Modifying
    @Query("delete from PullTest p where p.finishedAt < :before")
    int deleteFinishedBefore(@Param("before") Instant before);

    List<PullTest> findByInstanceIdAndStatusIn(String instanceId, Collection<PullStatus> statuses);

    List<PullTest> findByStatusInAndHeartbeatAtBefore(Collection<PullStatus> statuses, Instant before);
}
