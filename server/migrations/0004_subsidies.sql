-- 0004: subsidy programmes (data, seeded from server/subsidy/programmes.json), claims with their
-- cost items, receipts and state history. Every change is audited in the same transaction
-- (server/subsidy/claim_store.cpp). Claims and receipts are never deleted: they are evidence.

CREATE TABLE subsidy_categories (
  category_id  text PRIMARY KEY,            -- e.g. receipt_computer_change
  name_ja      text NOT NULL,
  name_en      text NOT NULL
);

CREATE TABLE subsidy_programmes (
  programme_id  text PRIMARY KEY,
  name_ja       text NOT NULL,
  name_en       text NOT NULL,
  legal_basis   text NOT NULL,
  opens         date,                       -- NULL: the source gives no opening date
  deadline      date NOT NULL,              -- last day a claim may be filed (…まで)
  data_json     text NOT NULL,              -- the programme object, canonical programmes.json form
  origin        text NOT NULL CHECK (origin IN ('file', 'console')),
  file_sha256   text NOT NULL DEFAULT '',   -- the file it last came from (origin 'file')
  updated_at    timestamptz NOT NULL DEFAULT now(),
  updated_by    text NOT NULL
);

-- Programme files applied, by content: a file is applied once, when its SHA-256 is new.
CREATE TABLE subsidy_programme_files (
  file_sha256  text PRIMARY KEY,
  path         text NOT NULL,
  programmes   integer NOT NULL,
  applied_at   timestamptz NOT NULL DEFAULT now()
);

-- Claims leave draft in this order; the earlier one keeps a category that sibling programmes
-- may not both pay (exclusion groups).
CREATE SEQUENCE subsidy_claim_commit_seq;

CREATE TABLE subsidy_claims (
  claim_id            text PRIMARY KEY,
  site_id             text NOT NULL REFERENCES sites,
  programme_id        text NOT NULL REFERENCES subsidy_programmes,
  state               text NOT NULL
                      CHECK (state IN ('draft', 'ready', 'submitted', 'granted', 'refused')),
  commit_seq          bigint,                -- set when it leaves draft, cleared when back
  submitted_via       text NOT NULL DEFAULT '' CHECK (submitted_via IN ('', 'portal', 'post')),
  submitted_on        date,
  decided_on          date,
  granted_amount_yen  bigint,
  created_at          timestamptz NOT NULL DEFAULT now(),
  created_by          text NOT NULL,
  updated_at          timestamptz NOT NULL DEFAULT now(),
  updated_by          text NOT NULL
);
CREATE INDEX subsidy_claims_site ON subsidy_claims (site_id, programme_id);

CREATE TABLE subsidy_claim_items (
  claim_id     text NOT NULL REFERENCES subsidy_claims,
  position     integer NOT NULL,
  category     text NOT NULL REFERENCES subsidy_categories,
  amount_yen   bigint NOT NULL CHECK (amount_yen > 0),
  device_id    text REFERENCES devices,     -- the terminal it paid for; NULL for e.g. レセコン改修
  description  text NOT NULL DEFAULT '',
  PRIMARY KEY (claim_id, position)
);
CREATE INDEX subsidy_claim_items_device ON subsidy_claim_items (device_id)
  WHERE device_id IS NOT NULL;

CREATE TABLE subsidy_receipts (
  receipt_id    text PRIMARY KEY,
  claim_id      text NOT NULL REFERENCES subsidy_claims,
  kind          text NOT NULL CHECK (kind IN ('receipt', 'itemisation')),
  filename      text NOT NULL,
  content_type  text NOT NULL,              -- detected from the content
  sha256        text NOT NULL,              -- lower-case hex
  size          bigint NOT NULL,
  content       bytea NOT NULL,
  uploaded_at   timestamptz NOT NULL DEFAULT now(),
  uploaded_by   text NOT NULL,
  UNIQUE (claim_id, sha256)
);
-- The same file attached to another claim is found by its hash.
CREATE INDEX subsidy_receipts_sha256 ON subsidy_receipts (sha256);

CREATE TABLE subsidy_claim_history (
  claim_id      text NOT NULL REFERENCES subsidy_claims,
  seq           integer NOT NULL,
  from_state    text NOT NULL,
  to_state      text NOT NULL,
  at            timestamptz NOT NULL DEFAULT now(),
  by_user       text NOT NULL,
  submitted_via text NOT NULL DEFAULT '',
  effective_on  date NOT NULL,
  amount_yen    bigint NOT NULL DEFAULT 0,
  note          text NOT NULL DEFAULT '',
  PRIMARY KEY (claim_id, seq)
);
