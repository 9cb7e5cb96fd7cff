-- 0011: the dashboard's counts kept as results are stored (issue 18), so that GetDashboard reads
-- a few thousand rows instead of aggregating every check of its range. Per Japanese hour and
-- per Japanese day (JST has no DST: a day is 24 whole hours), by site and identity mode: checks,
-- failures (outcome OUTCOME_ERROR = 9), fallbacks (source CHECK_SOURCE_RECHECK = 2 or
-- CHECK_SOURCE_DOCUMENT = 3) and names with 外字. The numbers are those of
-- proto/kakunin/v1/common.proto; dashboard_store.cpp asserts them at compile time.
--
-- Statement-level triggers with transition tables keep the counts in the same transaction as
-- any insert into (or delete from) check_results, whoever makes it: the ingest writer, its
-- refusal rows, a restore, a test. Rows that ON CONFLICT DO NOTHING skipped are not in the
-- transition table, so resends are not counted twice.
--
-- Concurrent ingest writers add to the same hot rows (this hour, every site). Rather than wait
-- for each other's row locks until commit (and risk deadlocks between batches that touch the
-- same rows in another order), each transaction adds to its own `slot`: the first of 8 whose
-- advisory lock it gets without waiting. Readers sum over slots.

CREATE TABLE check_counts_hourly (
  hour_start       timestamptz NOT NULL,   -- 00 minutes of a Japanese hour
  site_id          text NOT NULL,
  mode             smallint NOT NULL,
  slot             smallint NOT NULL,
  checks           integer NOT NULL,   -- integer: sums of integers add up in bigint, fast
  failures         integer NOT NULL,
  fallbacks        integer NOT NULL,
  unrepresentable  integer NOT NULL,
  PRIMARY KEY (hour_start, site_id, mode, slot)
);

CREATE TABLE check_counts_daily (
  day_start        timestamptz NOT NULL,   -- 00:00 Japan time
  site_id          text NOT NULL,
  mode             smallint NOT NULL,
  slot             smallint NOT NULL,
  checks           integer NOT NULL,   -- integer: sums of integers add up in bigint, fast
  failures         integer NOT NULL,
  fallbacks        integer NOT NULL,
  unrepresentable  integer NOT NULL,
  PRIMARY KEY (day_start, site_id, mode, slot)
);

-- Bucket, site and mode are (nearly) unique: told so, the planner reads a year by day in index
-- order instead of hashing and sorting 200,000 groups.
CREATE STATISTICS check_counts_hourly_groups (ndistinct) ON hour_start, site_id, mode
  FROM check_counts_hourly;
CREATE STATISTICS check_counts_daily_groups (ndistinct) ON day_start, site_id, mode
  FROM check_counts_daily;

CREATE FUNCTION kakunin_check_counts_slot() RETURNS smallint
LANGUAGE plpgsql AS $$
DECLARE
  key int := hashtext('kakunin_check_counts');
BEGIN
  FOR s IN 0..7 LOOP
    IF pg_try_advisory_xact_lock(key, s) THEN
      RETURN s;
    END IF;
  END LOOP;
  -- More concurrent writers than slots: wait for one (holding no slot, so no cycle).
  PERFORM pg_advisory_xact_lock(key, pg_backend_pid() % 8);
  RETURN pg_backend_pid() % 8;
END $$;

-- The statement adding the counts of `source` (a query over a transition table yielding
-- checked_at, site_id, mode, outcome, source, name_unrepresentable and n = +1 or -1) to both
-- tables in slot `s`, rows in key order. The bucket expressions are the dashboard's own. It is
-- run by the trigger function itself: transition tables are visible only there.
CREATE FUNCTION kakunin_check_counts_sql(source text, s smallint) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT format(
    'WITH d AS (%s), '
    'h AS (SELECT date_trunc(''hour'', checked_at AT TIME ZONE ''Asia/Tokyo'') AS local_hour, '
    '  site_id, mode, sum(n) AS checks, coalesce(sum(n) FILTER (WHERE outcome = 9), 0) AS f, '
    '  coalesce(sum(n) FILTER (WHERE source IN (2, 3)), 0) AS fb, '
    '  coalesce(sum(n) FILTER (WHERE name_unrepresentable), 0) AS u '
    '  FROM d GROUP BY 1, 2, 3), '
    'hourly AS (INSERT INTO check_counts_hourly AS c SELECT local_hour AT TIME ZONE '
    '  ''Asia/Tokyo'', site_id, mode, %s, checks, f, fb, u FROM h ORDER BY 1, 2, 3 '
    '  ON CONFLICT (hour_start, site_id, mode, slot) DO UPDATE SET '
    '  checks = c.checks + EXCLUDED.checks, failures = c.failures + EXCLUDED.failures, '
    '  fallbacks = c.fallbacks + EXCLUDED.fallbacks, '
    '  unrepresentable = c.unrepresentable + EXCLUDED.unrepresentable) '
    'INSERT INTO check_counts_daily AS c SELECT date_trunc(''day'', local_hour) '
    '  AT TIME ZONE ''Asia/Tokyo'', site_id, mode, %s, sum(checks), sum(f), sum(fb), sum(u) '
    '  FROM h GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 '
    '  ON CONFLICT (day_start, site_id, mode, slot) DO UPDATE SET '
    '  checks = c.checks + EXCLUDED.checks, failures = c.failures + EXCLUDED.failures, '
    '  fallbacks = c.fallbacks + EXCLUDED.fallbacks, '
    '  unrepresentable = c.unrepresentable + EXCLUDED.unrepresentable',
    source, s, s)
$$;

CREATE FUNCTION kakunin_check_counts_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  s smallint := kakunin_check_counts_slot();
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    EXECUTE kakunin_check_counts_sql(
      'SELECT checked_at, site_id, mode, outcome, source, name_unrepresentable, 1 AS n '
      'FROM kakunin_new_results', s);
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    EXECUTE kakunin_check_counts_sql(
      'SELECT checked_at, site_id, mode, outcome, source, name_unrepresentable, -1 AS n '
      'FROM kakunin_old_results', s);
  END IF;
  RETURN NULL;
END $$;

-- No insert may land between the backfill and the triggers (another replica may be ingesting).
LOCK TABLE check_results IN SHARE ROW EXCLUSIVE MODE;

INSERT INTO check_counts_hourly
  SELECT date_trunc('hour', checked_at AT TIME ZONE 'Asia/Tokyo') AT TIME ZONE 'Asia/Tokyo',
         site_id, mode, 0, count(*), count(*) FILTER (WHERE outcome = 9),
         count(*) FILTER (WHERE source IN (2, 3)), count(*) FILTER (WHERE name_unrepresentable)
    FROM check_results GROUP BY 1, 2, 3;
INSERT INTO check_counts_daily
  SELECT date_trunc('day', hour_start AT TIME ZONE 'Asia/Tokyo') AT TIME ZONE 'Asia/Tokyo',
         site_id, mode, 0, sum(checks), sum(failures), sum(fallbacks), sum(unrepresentable)
    FROM check_counts_hourly GROUP BY 1, 2, 3;

CREATE TRIGGER check_results_counts_insert AFTER INSERT ON check_results
  REFERENCING NEW TABLE AS kakunin_new_results
  FOR EACH STATEMENT EXECUTE FUNCTION kakunin_check_counts_trigger();
CREATE TRIGGER check_results_counts_delete AFTER DELETE ON check_results
  REFERENCING OLD TABLE AS kakunin_old_results
  FOR EACH STATEMENT EXECUTE FUNCTION kakunin_check_counts_trigger();
CREATE TRIGGER check_results_counts_update AFTER UPDATE ON check_results
  REFERENCING OLD TABLE AS kakunin_old_results NEW TABLE AS kakunin_new_results
  FOR EACH STATEMENT EXECUTE FUNCTION kakunin_check_counts_trigger();
