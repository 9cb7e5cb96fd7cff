-- 0018: migration 0015's function again, as 0015 reads now. 0015 was corrected in place after it
-- had shipped (two writers meeting a new month: the second's to_regclass answered from a stale
-- catalog cache and its CREATE TABLE failed the group commit); a database that applied the first
-- text keeps that function, since a migration runs once. Replacing it is harmless where the
-- corrected text is already in place. A shipped migration is never edited again: a new one
-- follows.
CREATE OR REPLACE FUNCTION kakunin_patient_partition(at timestamptz) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  month_start date := date_trunc('month', at AT TIME ZONE 'Asia/Tokyo')::date;
  name text := format('check_patient_data_%s', to_char(month_start, 'YYYY_MM'));
BEGIN
  IF to_regclass(name) IS NULL THEN
    -- Two ingest writers may meet a new month at once: the second finds the first's table.
    -- After the wait, to_regclass may still answer from this session's stale catalog cache
    -- (an advisory lock does not refresh it), so the table is made IF NOT EXISTS and its
    -- attachment read from pg_inherits, which this statement's snapshot sees.
    PERFORM pg_advisory_xact_lock(hashtext('kakunin_patient_partition'));
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I (LIKE check_patient_data INCLUDING ALL)', name);
    IF NOT EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                   WHERE c.relname = name AND i.inhparent = 'check_patient_data'::regclass) THEN
      EXECUTE format(
        'ALTER TABLE check_patient_data ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
        name, (month_start::timestamp AT TIME ZONE 'Asia/Tokyo'),
        ((month_start + interval '1 month')::timestamp AT TIME ZONE 'Asia/Tokyo'));
    END IF;
  END IF;
  RETURN name;
END $$;
