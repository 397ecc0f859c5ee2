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

    @Modifying
    @Query("update PullTest p set p.status = io.registryconsole.pull.PullStatus.RUNNING, p.startedAt = :now, p.heartbeatAt = :now "
        + "where p.id = :id and p.status = io.registryconsole.pull.PullStatus.QUEUED")
    int markRunning(@Param("id") long id, @Param("now") Instant now);

    List<PullTest> findByStatusInAndHeartbeatAtBefore(Collection<PullStatus> statuses, Instant before);
}
