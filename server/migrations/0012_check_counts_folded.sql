-- 0012: counts with sites folded, and per site by month (issue 18), so that GetDashboard's
-- folded answer (one bucket per Japanese hour or day and identity mode, plus one total per site
-- for the whole range) reads about as many rows as it answers: a year by day summed from
-- check_counts_daily is 220,000 rows at 200 sites (≈ 100 ms before anything is sent), from
-- check_counts_chain_daily 1,100; per-site totals for a year read 12 months instead of 365 days.
--
-- Kept by 0011's triggers: kakunin_check_counts_sql is replaced so that the same statement adds
-- to every count table, in the same slot (see 0011 for slots), from the same per-hour groups.
-- Chain-wide rows are few and hot (one per hour and mode), which is what slots are for.

CREATE TABLE check_counts_chain_hourly (
  hour_start       timestamptz NOT NULL,   -- 00 minutes of a Japanese hour
  mode             smallint NOT NULL,
  slot             smallint NOT NULL,
  checks           integer NOT NULL,
  failures         integer NOT NULL,
  fallbacks        integer NOT NULL,
  unrepresentable  integer NOT NULL,
  PRIMARY KEY (hour_start, mode, slot)
);

CREATE TABLE check_counts_chain_daily (
  day_start        timestamptz NOT NULL,   -- 00:00 Japan time
  mode             smallint NOT NULL,
  slot             smallint NOT NULL,
  checks           integer NOT NULL,
  failures         integer NOT NULL,
  fallbacks        integer NOT NULL,
  unrepresentable  integer NOT NULL,
  PRIMARY KEY (day_start, mode, slot)
);

CREATE TABLE check_counts_monthly (
  month_start      timestamptz NOT NULL,   -- 00:00 Japan time on the 1st
  site_id          text NOT NULL,
  mode             smallint NOT NULL,
  slot             smallint NOT NULL,
  checks           integer NOT NULL,   -- a site's month stays far below 2^31 checks
  failures         integer NOT NULL,
  fallbacks        integer NOT NULL,
  unrepresentable  integer NOT NULL,
  PRIMARY KEY (month_start, site_id, mode, slot)
);

-- As 0011's, with three more tables; the statement's shape is unchanged (one data-modifying CTE
-- per table, rows in key order).
CREATE OR REPLACE FUNCTION kakunin_check_counts_sql(source text, s smallint) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT format(
    'WITH d AS (%1$s), '
    'h AS (SELECT date_trunc(''hour'', checked_at AT TIME ZONE ''Asia/Tokyo'') AS local_hour, '
    '  site_id, mode, sum(n) AS checks, coalesce(sum(n) FILTER (WHERE outcome = 9), 0) AS f, '
    '  coalesce(sum(n) FILTER (WHERE source IN (2, 3)), 0) AS fb, '
    '  coalesce(sum(n) FILTER (WHERE name_unrepresentable), 0) AS u '
    '  FROM d GROUP BY 1, 2, 3), '
    'hourly AS (INSERT INTO check_counts_hourly AS c SELECT local_hour AT TIME ZONE '
    '  ''Asia/Tokyo'', site_id, mode, %2$s, checks, f, fb, u FROM h ORDER BY 1, 2, 3 '
    '  ON CONFLICT (hour_start, site_id, mode, slot) DO UPDATE SET '
    '  checks = c.checks + EXCLUDED.checks, failures = c.failures + EXCLUDED.failures, '
    '  fallbacks = c.fallbacks + EXCLUDED.fallbacks, '
    '  unrepresentable = c.unrepresentable + EXCLUDED.unrepresentable), '
    'daily AS (INSERT INTO check_counts_daily AS c SELECT date_trunc(''day'', local_hour) '
    '  AT TIME ZONE ''Asia/Tokyo'', site_id, mode, %2$s, sum(checks), sum(f), sum(fb), sum(u) '
    '  FROM h GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 '
    '  ON CONFLICT (day_start, site_id, mode, slot) DO UPDATE SET '
    '  checks = c.checks + EXCLUDED.checks, failures = c.failures + EXCLUDED.failures, '
    '  fallbacks = c.fallbacks + EXCLUDED.fallbacks, '
    '  unrepresentable = c.unrepresentable + EXCLUDED.unrepresentable), '
    'monthly AS (INSERT INTO check_counts_monthly AS c SELECT date_trunc(''month'', local_hour) '
    '  AT TIME ZONE ''Asia/Tokyo'', site_id, mode, %2$s, sum(checks), sum(f), sum(fb), sum(u) '
    '  FROM h GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 '
    '  ON CONFLICT (month_start, site_id, mode, slot) DO UPDATE SET '
    '  checks = c.checks + EXCLUDED.checks, failures = c.failures + EXCLUDED.failures, '
    '  fallbacks = c.fallbacks + EXCLUDED.fallbacks, '
    '  unrepresentable = c.unrepresentable + EXCLUDED.unrepresentable), '
    'chain_hourly AS (INSERT INTO check_counts_chain_hourly AS c SELECT local_hour AT TIME ZONE '
    '  ''Asia/Tokyo'', mode, %2$s, sum(checks), sum(f), sum(fb), sum(u) '
    '  FROM h GROUP BY 1, 2 ORDER BY 1, 2 '
    '  ON CONFLICT (hour_start, mode, slot) DO UPDATE SET '
    '  checks = c.checks + EXCLUDED.checks, failures = c.failures + EXCLUDED.failures, '
    '  fallbacks = c.fallbacks + EXCLUDED.fallbacks, '
    '  unrepresentable = c.unrepresentable + EXCLUDED.unrepresentable) '
    'INSERT INTO check_counts_chain_daily AS c SELECT date_trunc(''day'', local_hour) '
    '  AT TIME ZONE ''Asia/Tokyo'', mode, %2$s, sum(checks), sum(f), sum(fb), sum(u) '
    '  FROM h GROUP BY 1, 2 ORDER BY 1, 2 '
    '  ON CONFLICT (day_start, mode, slot) DO UPDATE SET '
    '  checks = c.checks + EXCLUDED.checks, failures = c.failures + EXCLUDED.failures, '
    '  fallbacks = c.fallbacks + EXCLUDED.fallbacks, '
    '  unrepresentable = c.unrepresentable + EXCLUDED.unrepresentable',
    source, s)
$$;

-- No insert may land between the backfill and the new statement (another replica may be
-- ingesting); 0011's tables already hold every check, summed over their slots here.
LOCK TABLE check_results IN SHARE ROW EXCLUSIVE MODE;

INSERT INTO check_counts_chain_hourly
  SELECT hour_start, mode, 0, sum(checks), sum(failures), sum(fallbacks), sum(unrepresentable)
    FROM check_counts_hourly GROUP BY 1, 2;
INSERT INTO check_counts_chain_daily
  SELECT day_start, mode, 0, sum(checks), sum(failures), sum(fallbacks), sum(unrepresentable)
    FROM check_counts_daily GROUP BY 1, 2;
INSERT INTO check_counts_monthly
  SELECT date_trunc('month', day_start AT TIME ZONE 'Asia/Tokyo') AT TIME ZONE 'Asia/Tokyo',
         site_id, mode, 0, sum(checks), sum(failures), sum(fallbacks), sum(unrepresentable)
    FROM check_counts_daily GROUP BY 1, 2, 3;
