-- HQ's daily subsidy summary (server/subsidy/daily_summary.h): one per Japanese date, the first
-- replica to store it wins. `summary` is the kakunin.v1.DailySummary message; `text` the same
-- lines as written to the log, for readers with psql.
CREATE TABLE subsidy_daily_summaries (
  summary_date date PRIMARY KEY,
  generated_at timestamptz NOT NULL DEFAULT now(),
  summary      bytea NOT NULL,
  text         text NOT NULL
);
