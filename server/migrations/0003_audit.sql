-- 0003: the audit trail as a hash chain (format: common/audit/FORMAT.md) and its signed heads.
-- Rows are appended under an advisory transaction lock, in the same transaction as the change
-- they describe; nothing in the server ever updates or deletes them.

CREATE TABLE audit_log (
  seq        bigint PRIMARY KEY,
  at         timestamptz NOT NULL,
  at_us      bigint NOT NULL,            -- exact time as hashed (timestamptz is also microseconds)
  event      text NOT NULL,
  actor      text NOT NULL,
  site_id    text NOT NULL DEFAULT '',
  device_id  text NOT NULL DEFAULT '',
  subject    text NOT NULL DEFAULT '',
  details    text NOT NULL DEFAULT '',
  prev_hash  bytea NOT NULL,
  hash       bytea NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_device ON audit_log (device_id, seq) WHERE device_id <> '';
CREATE INDEX audit_log_site ON audit_log (site_id, seq) WHERE site_id <> '';

-- Heads signed with the server's Ed25519 audit key (not the device CA).
CREATE TABLE audit_heads (
  size        bigint PRIMARY KEY,
  root_hash   bytea NOT NULL,
  signed_at   timestamptz NOT NULL,
  signed_at_us bigint NOT NULL,
  key_id      text NOT NULL,
  signature   bytea NOT NULL
);

-- Two ingest writers may meet a new month at once: creating its partition is serialised.
CREATE OR REPLACE FUNCTION kakunin_patient_partition(at timestamptz) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  month_start date := date_trunc('month', at AT TIME ZONE 'Asia/Tokyo')::date;
  name text := format('check_patient_data_%s', to_char(month_start, 'YYYY_MM'));
BEGIN
  IF to_regclass(name) IS NULL THEN
    PERFORM pg_advisory_xact_lock(hashtext('kakunin_patient_partition'));
    EXECUTE format(
      'CREATE TABLE IF NOT EXISTS %I PARTITION OF check_patient_data FOR VALUES FROM (%L) TO (%L)',
      name, (month_start::timestamp AT TIME ZONE 'Asia/Tokyo'),
      ((month_start + interval '1 month')::timestamp AT TIME ZONE 'Asia/Tokyo'));
  END IF;
  RETURN name;
END $$;

-- Certificate renewal over the stream: the new certificate is recorded beside the current one
-- and becomes current when the terminal first connects with it, so a terminal that crashed
-- before saving its new certificate still gets in with the old one.
ALTER TABLE devices ADD COLUMN renewed_serial text, ADD COLUMN renewed_not_after timestamptz;
