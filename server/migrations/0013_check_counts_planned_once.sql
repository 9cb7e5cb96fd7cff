-- 0013: the count triggers of 0011/0012 without dynamic SQL (issue 18). Their EXECUTE of a
-- generated five-table statement was parsed and planned on every insert into check_results:
-- at 1,000 results/s in transactions of a few results, that was 60 % of the trigger's time and
-- ≈ 10 % of PostgreSQL's CPU. Static statements in PL/pgSQL are planned once per connection.
--
-- Same counts, same slots, same bucket expressions: the trigger groups its transition table by
-- Japanese hour, site and mode (one static query per table it may see), and hands the groups, as
-- arrays, to kakunin_check_counts_add, whose one static statement adds them to all five tables
-- in key order. kakunin_check_counts_sql stays for anything that still calls it.

-- Parameters are prefixed: PL/pgSQL refuses a name that could be a column or a parameter.
CREATE FUNCTION kakunin_check_counts_add(p_hours timestamp[], p_sites text[], p_modes smallint[],
                                         p_checks bigint[], p_failures bigint[],
                                         p_fallbacks bigint[], p_unrep bigint[], p_slot smallint)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  WITH h AS (
    SELECT * FROM unnest(p_hours, p_sites, p_modes, p_checks, p_failures, p_fallbacks, p_unrep)
      AS g(local_hour, site_id, mode, n, f, fb, u)),
  hourly AS (
    INSERT INTO check_counts_hourly AS c
    SELECT local_hour AT TIME ZONE 'Asia/Tokyo', site_id, mode, p_slot, n, f, fb, u
      FROM h ORDER BY 1, 2, 3
    ON CONFLICT (hour_start, site_id, mode, slot) DO UPDATE SET
      checks = c.checks + EXCLUDED.checks, failures = c.failures + EXCLUDED.failures,
      fallbacks = c.fallbacks + EXCLUDED.fallbacks,
      unrepresentable = c.unrepresentable + EXCLUDED.unrepresentable),
  daily AS (
    INSERT INTO check_counts_daily AS c
    SELECT date_trunc('day', local_hour) AT TIME ZONE 'Asia/Tokyo', site_id, mode, p_slot,
           sum(n), sum(f), sum(fb), sum(u)
      FROM h GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (day_start, site_id, mode, slot) DO UPDATE SET
      checks = c.checks + EXCLUDED.checks, failures = c.failures + EXCLUDED.failures,
      fallbacks = c.fallbacks + EXCLUDED.fallbacks,
      unrepresentable = c.unrepresentable + EXCLUDED.unrepresentable),
  monthly AS (
    INSERT INTO check_counts_monthly AS c
    SELECT date_trunc('month', local_hour) AT TIME ZONE 'Asia/Tokyo', site_id, mode, p_slot,
           sum(n), sum(f), sum(fb), sum(u)
      FROM h GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (month_start, site_id, mode, slot) DO UPDATE SET
      checks = c.checks + EXCLUDED.checks, failures = c.failures + EXCLUDED.failures,
      fallbacks = c.fallbacks + EXCLUDED.fallbacks,
      unrepresentable = c.unrepresentable + EXCLUDED.unrepresentable),
  chain_hourly AS (
    INSERT INTO check_counts_chain_hourly AS c
    SELECT local_hour AT TIME ZONE 'Asia/Tokyo', mode, p_slot, sum(n), sum(f), sum(fb), sum(u)
      FROM h GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (hour_start, mode, slot) DO UPDATE SET
      checks = c.checks + EXCLUDED.checks, failures = c.failures + EXCLUDED.failures,
      fallbacks = c.fallbacks + EXCLUDED.fallbacks,
      unrepresentable = c.unrepresentable + EXCLUDED.unrepresentable)
  INSERT INTO check_counts_chain_daily AS c
  SELECT date_trunc('day', local_hour) AT TIME ZONE 'Asia/Tokyo', mode, p_slot,
         sum(n), sum(f), sum(fb), sum(u)
    FROM h GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (day_start, mode, slot) DO UPDATE SET
    checks = c.checks + EXCLUDED.checks, failures = c.failures + EXCLUDED.failures,
    fallbacks = c.fallbacks + EXCLUDED.fallbacks,
    unrepresentable = c.unrepresentable + EXCLUDED.unrepresentable;
END $$;

CREATE OR REPLACE FUNCTION kakunin_check_counts_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  s smallint := kakunin_check_counts_slot();
  hours timestamp[];
  sites text[];
  modes smallint[];
  checks bigint[];
  failures bigint[];
  fallbacks bigint[];
  unrep bigint[];
BEGIN
  -- A transition table exists only for the events its trigger names, so each gets its own query.
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT array_agg(local_hour), array_agg(site_id), array_agg(mode), array_agg(n),
           array_agg(f), array_agg(fb), array_agg(u)
      INTO hours, sites, modes, checks, failures, fallbacks, unrep
      FROM (SELECT date_trunc('hour', checked_at AT TIME ZONE 'Asia/Tokyo') AS local_hour,
                   site_id, mode, count(*) AS n,
                   count(*) FILTER (WHERE outcome = 9) AS f,
                   count(*) FILTER (WHERE source IN (2, 3)) AS fb,
                   count(*) FILTER (WHERE name_unrepresentable) AS u
              FROM kakunin_new_results GROUP BY 1, 2, 3) g;
    IF hours IS NOT NULL THEN
      PERFORM kakunin_check_counts_add(hours, sites, modes, checks, failures, fallbacks, unrep, s);
    END IF;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    SELECT array_agg(local_hour), array_agg(site_id), array_agg(mode), array_agg(-n),
           array_agg(-f), array_agg(-fb), array_agg(-u)
      INTO hours, sites, modes, checks, failures, fallbacks, unrep
      FROM (SELECT date_trunc('hour', checked_at AT TIME ZONE 'Asia/Tokyo') AS local_hour,
                   site_id, mode, count(*) AS n,
                   count(*) FILTER (WHERE outcome = 9) AS f,
                   count(*) FILTER (WHERE source IN (2, 3)) AS fb,
                   count(*) FILTER (WHERE name_unrepresentable) AS u
              FROM kakunin_old_results GROUP BY 1, 2, 3) g;
    IF hours IS NOT NULL THEN
      PERFORM kakunin_check_counts_add(hours, sites, modes, checks, failures, fallbacks, unrep, s);
    END IF;
  END IF;
  RETURN NULL;
END $$;
