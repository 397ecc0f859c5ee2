-- Probes now run the connection check: keep its remediation sentence next to the summary of a failed probe.
alter table probe_result add column remediation varchar(1000);
alter table registry_health add column remediation varchar(1000);
alter table registry_state_change add column remediation varchar(1000);
