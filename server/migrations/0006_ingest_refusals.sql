-- Results a terminal sent that have no slot of their own in check_results: a sequence that
-- cannot be stored (0, or beyond bigint), or a resend of a stored sequence with another
-- check_id. They are refused (the terminal gets a Reject with the reason) and kept here as
-- evidence, with an audit record; nothing of the patient is kept. `sequence` is text because it
-- may be beyond what bigint holds.
CREATE TABLE ingest_refusals (
  refusal_id   bigserial PRIMARY KEY,
  device_id    text NOT NULL REFERENCES devices,
  site_id      text NOT NULL,
  sequence     text NOT NULL,
  check_id     text NOT NULL DEFAULT '',
  reason       text NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ingest_refusals_device ON ingest_refusals (device_id, received_at);
