-- 0015: a new month's partition of check_patient_data no longer blocks every branch's ingest.
-- `CREATE TABLE … PARTITION OF` takes ACCESS EXCLUSIVE on check_patient_data until the ingest
-- transaction that makes it commits; behind a reader that holds the table (a pg_dump backup
-- takes ACCESS SHARE on every table for its whole run) it waits, and every writer's insert of
-- patient rows queues behind it. A table made on its own and then attached takes only SHARE
-- UPDATE EXCLUSIVE on the parent, which neither readers nor inserts conflict with (measured on
-- PostgreSQL 15: the attach went through at once while a reader held the table). Retention
-- detaches CONCURRENTLY for the same reason (server/storage/retention.cpp).
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
