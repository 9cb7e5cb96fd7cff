-- 0014: two of audit_log's five indexes cost every audit record without serving a query
-- (issue 18). Inserting 200,000 ingest-shaped records took 3.6-4.3 s before, 2.3-2.5 s after
-- (bench/README.md). Every result leaves one audit record, so this is on the ingest path.
-- - audit_log_at: nothing reads by `at`; the console's time filters use at_us, within a keyset
--   walk over seq.
-- - audit_log_actor: the records a terminal causes (one per result) carry actor
--   'device:<device_id>' and that device_id, so audit_log_device finds them already. The actor
--   index keeps only the other actors (people, the system); AuditStore turns an actor filter
--   'device:X' into device_id = 'X'. The constraint keeps that equivalence true.
DROP INDEX IF EXISTS audit_log_at;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_device_actor
  CHECK (actor NOT LIKE 'device:%' OR actor = 'device:' || device_id);
DROP INDEX audit_log_actor;
CREATE INDEX audit_log_actor ON audit_log (actor, seq) WHERE actor NOT LIKE 'device:%';
