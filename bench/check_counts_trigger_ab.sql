-- A/B of the count trigger (migration 0013, issue 18): 1,000 statements inserting 5 results
-- each (the size of a writer's transaction at 1,000 results/s), with 0013's trigger, then with
-- 0011/0012's dynamic-SQL trigger (in a transaction rolled back), then 0013's again; the counts
-- must equal the rows. Run it on a scratch database only (it adds 10,000 results), e.g. the one
-- `kakunin-ingest-bench --keep` leaves behind, started again with pg_ctl:
--   psql -h <run dir> -p <port> -U kakunin -d kakunin -f bench/check_counts_trigger_ab.sql
-- The timed load: 1,000 statements of 5 results, after the device's last sequence.
CREATE FUNCTION pg_temp.insert_1000_statements() RETURNS void LANGUAGE plpgsql AS $$
DECLARE base bigint; dev text; site text;
BEGIN
  SELECT device_id, site_id INTO dev, site FROM devices LIMIT 1;
  SELECT coalesce(max(sequence),0) INTO base FROM check_results WHERE device_id = dev;
  FOR i IN 1..1000 LOOP
    INSERT INTO check_results(device_id, sequence, check_id, site_id, checked_at, mode, route, source, outcome)
      SELECT dev, base + i*5 + g, gen_random_uuid(), site, now(), 1, 0, 0, 1 FROM generate_series(1,5) g;
  END LOOP;
END $$;
\timing on
SELECT pg_temp.insert_1000_statements();
BEGIN;
CREATE FUNCTION kakunin_check_counts_trigger_old() RETURNS trigger
LANGUAGE plpgsql AS $f$
DECLARE
  s smallint := kakunin_check_counts_slot();
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    EXECUTE kakunin_check_counts_sql(
      'SELECT checked_at, site_id, mode, outcome, source, name_unrepresentable, 1 AS n '
      'FROM kakunin_new_results', s);
  END IF;
  RETURN NULL;
END $f$;
DROP TRIGGER check_results_counts_insert ON check_results;
CREATE TRIGGER check_results_counts_insert AFTER INSERT ON check_results
  REFERENCING NEW TABLE AS kakunin_new_results
  FOR EACH STATEMENT EXECUTE FUNCTION kakunin_check_counts_trigger_old();
SELECT pg_temp.insert_1000_statements();
ROLLBACK;
SELECT pg_temp.insert_1000_statements();
SELECT (SELECT sum(checks) FROM check_counts_hourly) AS hourly, (SELECT sum(checks) FROM check_counts_chain_daily) AS chain_daily, (SELECT sum(checks) FROM check_counts_monthly) AS monthly, (SELECT count(*) FROM check_results) AS rows;
