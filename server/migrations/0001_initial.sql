-- 0001: organisation, terminals, check results, console users and sessions.
-- Patient fields of a result are stored only as ciphertext (AES-256-GCM) with the key id.

CREATE TABLE sites (
  site_id          text PRIMARY KEY,
  name             text NOT NULL,
  institution_code text NOT NULL DEFAULT '',   -- 医療機関等コード (10-digit form)
  prefecture       text NOT NULL DEFAULT '',
  facility_kind    text NOT NULL DEFAULT 'pharmacy',
  settings         jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE enrollment_tokens (
  token_hash   bytea PRIMARY KEY,                -- SHA-256 of the token; the token is shown once
  site_id      text NOT NULL REFERENCES sites,
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz,
  used_by      text,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE devices (
  device_id          text PRIMARY KEY,
  site_id            text NOT NULL REFERENCES sites,
  status             text NOT NULL CHECK (status IN ('pending', 'active', 'revoked')),
  public_key_sha256  bytea NOT NULL,
  verification_code  text NOT NULL,
  cert_serial        text NOT NULL,
  cert_not_after     timestamptz NOT NULL,
  hostname           text NOT NULL DEFAULT '',
  os                 text NOT NULL DEFAULT '',
  agent_version      text NOT NULL DEFAULT '',
  terminal_name      text NOT NULL DEFAULT '',
  reader_name        text NOT NULL DEFAULT '',
  extended_apdu      boolean NOT NULL DEFAULT false,
  acked_sequence     bigint NOT NULL DEFAULT 0,
  outbox_depth       bigint NOT NULL DEFAULT 0,
  last_seen          timestamptz,
  revoke_reason      text,
  created_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE check_results (
  device_id        text NOT NULL REFERENCES devices,
  sequence         bigint NOT NULL,
  check_id         uuid NOT NULL,
  site_id          text NOT NULL,
  checked_at       timestamptz NOT NULL,
  received_at      timestamptz NOT NULL DEFAULT now(),
  mode             smallint NOT NULL,
  route            smallint NOT NULL,
  source           smallint NOT NULL,
  outcome          smallint NOT NULL,
  reader_name      text NOT NULL DEFAULT '',
  extended_apdu    boolean NOT NULL DEFAULT false,
  error_reason     text NOT NULL DEFAULT '',
  apdu_count       integer NOT NULL DEFAULT 0,
  duration_ms      integer NOT NULL DEFAULT 0,
  patient_sealed   bytea,                       -- encrypted patient fields (NULL once purged)
  patient_key_id   text,
  PRIMARY KEY (device_id, sequence),
  UNIQUE (check_id)
);
CREATE INDEX check_results_site_time ON check_results (site_id, checked_at DESC, check_id);
CREATE INDEX check_results_time ON check_results (checked_at DESC, check_id);

CREATE TABLE users (
  user_id        text PRIMARY KEY,
  login          text NOT NULL UNIQUE,
  display_name   text NOT NULL DEFAULT '',
  password_hash  text NOT NULL,                 -- Argon2id encoded string
  role           text NOT NULL CHECK (role IN ('hq_admin', 'branch_manager', 'auditor', 'staff')),
  site_ids       text[] NOT NULL DEFAULT '{}',
  failed_logins  integer NOT NULL DEFAULT 0,
  locked_until   timestamptz,
  disabled       boolean NOT NULL DEFAULT false,
  last_login     timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  token_hash  bytea PRIMARY KEY,
  user_id     text NOT NULL REFERENCES users,
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
