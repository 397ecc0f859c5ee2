-- The console instance that queued or runs a replication, and when it last said it is alive: an instance that stops
-- without finishing its replications (crash, kill) leaves them for another instance, or itself after a restart, to
-- close as FAILED. Rows from before have no owner and count as stale.
alter table replication add column instance_id varchar(64);
alter table replication add column heartbeat_at timestamp with time zone;
