-- How far a registry's clock (its Date header) was from the console's when the probe saw it, recorded only beyond
-- console.checks.clock-skew-tolerance (issue 14): skew shows before tokens start to be refused.
ALTER TABLE probe_result ADD COLUMN clock_offset_ms BIGINT;
