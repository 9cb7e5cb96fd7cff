-- The certificate calendar (issue 19). Device certificates: when automatic renewal last
-- happened and last failed (and why). The on-site 資格確認端末's certificate: HQ's record per
-- store (its last valid day, the path of its file on the store's PCs), and what each terminal
-- last read from that file (the certificate's facts only; never key material).
ALTER TABLE devices
  ADD COLUMN cert_renewed_at timestamptz,
  ADD COLUMN cert_renew_failed_at timestamptz,
  ADD COLUMN cert_renew_failure text NOT NULL DEFAULT '';

CREATE TABLE site_terminal_certificates (
  site_id         text PRIMARY KEY REFERENCES sites ON DELETE CASCADE,
  last_valid_day  date,                          -- NULL: not recorded (only a path)
  cert_path       text NOT NULL DEFAULT '',
  updated_by      text NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE terminal_certificate_reports (
  device_id    text PRIMARY KEY REFERENCES devices ON DELETE CASCADE,
  site_id      text NOT NULL,
  cert_path    text NOT NULL,
  not_before   timestamptz,
  not_after    timestamptz,                      -- NULL when the file could not be read
  subject      text NOT NULL DEFAULT '',
  serial_hex   text NOT NULL DEFAULT '',
  problem      text NOT NULL DEFAULT '',         -- cert_file.* reason id; '' = read
  reported_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX terminal_certificate_reports_site ON terminal_certificate_reports (site_id);
