-- 0002: patient fields move to their own table, partitioned by the month of the check, so that
-- the retention job removes a whole month of patient data by dropping one partition, while the
-- non-personal rows in check_results (statistics, audit references) stay.

CREATE TABLE check_patient_data (
  check_id    uuid NOT NULL,
  checked_at  timestamptz NOT NULL,
  key_id      text NOT NULL,
  sealed      bytea NOT NULL,               -- AES-256-GCM (see server/storage/sealer.h)
  PRIMARY KEY (check_id, checked_at)
) PARTITION BY RANGE (checked_at);

-- Months are Japan's civil months (the re-view window 翌月末 is a Japanese date rule).
CREATE FUNCTION kakunin_patient_partition(at timestamptz) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  month_start date := date_trunc('month', at AT TIME ZONE 'Asia/Tokyo')::date;
  name text := format('check_patient_data_%s', to_char(month_start, 'YYYY_MM'));
BEGIN
  IF to_regclass(name) IS NULL THEN
    EXECUTE format(
      'CREATE TABLE IF NOT EXISTS %I PARTITION OF check_patient_data FOR VALUES FROM (%L) TO (%L)',
      name, (month_start::timestamp AT TIME ZONE 'Asia/Tokyo'),
      ((month_start + interval '1 month')::timestamp AT TIME ZONE 'Asia/Tokyo'));
  END IF;
  RETURN name;
END $$;

DO $$
DECLARE m timestamptz;
BEGIN
  FOR m IN SELECT DISTINCT checked_at FROM check_results WHERE patient_sealed IS NOT NULL LOOP
    PERFORM kakunin_patient_partition(m);
  END LOOP;
END $$;

INSERT INTO check_patient_data (check_id, checked_at, key_id, sealed)
  SELECT check_id, checked_at, patient_key_id, patient_sealed
    FROM check_results WHERE patient_sealed IS NOT NULL;

ALTER TABLE check_results DROP COLUMN patient_sealed, DROP COLUMN patient_key_id;

-- What retention removed, and when (the audit trail references these).
CREATE TABLE retention_runs (
  partition_name  text PRIMARY KEY,
  month           date NOT NULL,
  rows_removed    bigint NOT NULL,
  removed_at      timestamptz NOT NULL DEFAULT now()
);
