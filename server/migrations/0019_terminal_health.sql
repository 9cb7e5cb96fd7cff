-- 0019: what each terminal's heartbeat says of its own health, so that HQ tells a branch whose
-- card reader is unplugged, or whose outbox cannot be written or read, from one that merely
-- checks nobody. Written by the ingest writer's coalesced heartbeat flush: only ids HQ knows,
-- '' (nothing said: no heartbeat yet, or an older agent) or 'unknown'
-- (common/domain/terminal_health.h); the length check is a second fence behind that rule.
-- Each *_since is when HQ first heard the present value (NULL before any), moved only when the
-- value changes. Constant defaults: adding the columns rewrites no row.
ALTER TABLE devices
  ADD COLUMN reader_status        text NOT NULL DEFAULT '' CHECK (octet_length(reader_status) <= 32),
  ADD COLUMN reader_status_since  timestamptz,
  ADD COLUMN store_status         text NOT NULL DEFAULT '' CHECK (octet_length(store_status) <= 32),
  ADD COLUMN store_status_since   timestamptz,
  ADD COLUMN unsaved_results      bigint NOT NULL DEFAULT 0 CHECK (unsaved_results >= 0);
