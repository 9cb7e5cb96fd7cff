-- The branch manager's one-time 目視確認 (issue 19): where HQ does not let staff switch a
-- terminal to the visual check, a branch manager of its site (or HQ) allows ONE check on ONE
-- terminal, with a reason, for 15 minutes. The check result that uses it consumes it
-- (used_check_id); a newer grant for the terminal replaces an unused one. Who and why are also
-- in the audit trail (visual_allowance.granted / check.result / visual_allowance.refused).
CREATE TABLE visual_allowances (
  allowance_id     uuid PRIMARY KEY,
  device_id        text NOT NULL REFERENCES devices ON DELETE CASCADE,
  site_id          text NOT NULL,
  reason           text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  granted_by       text NOT NULL,                 -- 'user:<login>'
  granted_by_name  text NOT NULL DEFAULT '',
  granted_at       timestamptz NOT NULL DEFAULT now(),
  expires_at       timestamptz NOT NULL,
  replaced_at      timestamptz,                   -- a newer grant took its place unused
  used_check_id    uuid UNIQUE,                   -- the one check that used it
  used_at          timestamptz,
  CHECK (expires_at > granted_at),
  CHECK ((used_check_id IS NULL) = (used_at IS NULL))
);
CREATE INDEX visual_allowances_device ON visual_allowances (device_id, granted_at DESC);
CREATE INDEX visual_allowances_site ON visual_allowances (site_id, granted_at DESC);
