-- 0016: a stranger who knows an administrator's login name could lock the account for everyone
-- with five wrong passwords every fifteen minutes. The lockout now holds a source off an
-- account (login_lockouts), and the account-wide lockout (users.locked_until) no longer holds
-- the sources the account last logged in from (login_known_sources): the administrator at their
-- usual address logs in while a stranger's address, and any address new to the account, waits.
CREATE TABLE login_lockouts (
  user_id       text NOT NULL REFERENCES users ON DELETE CASCADE,
  source        text NOT NULL CHECK (octet_length(source) <= 200),
  failed        integer NOT NULL DEFAULT 0,
  last_failed   timestamptz NOT NULL DEFAULT now(),
  locked_until  timestamptz,
  PRIMARY KEY (user_id, source)
);

CREATE TABLE login_known_sources (
  user_id     text NOT NULL REFERENCES users ON DELETE CASCADE,
  source      text NOT NULL CHECK (octet_length(source) <= 200),
  last_login  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, source)
);
