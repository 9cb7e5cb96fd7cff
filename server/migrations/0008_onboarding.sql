-- 0008: onboarding stages per store (issue 19). One row per store × stage that HQ has recorded
-- something for; a stage without a row has no plan, no done date, no owner. Deadlines are not
-- stored: they follow from the site's 経過措置 and the subsidy programmes on the day they are
-- read (common/domain/onboarding.h). Every change is audited in the same transaction
-- ("onboarding.stage_saved", server/storage/onboarding_store.cpp).
CREATE TABLE onboarding_stages (
  site_id     text NOT NULL REFERENCES sites,
  stage       text NOT NULL CHECK (stage IN ('application', 'review', 'user_settings_received',
                                             'terminal_installed', 'activation',
                                             'operation_start', 'subsidy_claimed')),
  planned_on  date,                          -- HQ's plan
  done_on     date,                          -- when it was done; NULL while not
  owner       text NOT NULL DEFAULT '' CHECK (char_length(owner) <= 64),
  note        text NOT NULL DEFAULT '' CHECK (char_length(note) <= 500),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text NOT NULL,
  PRIMARY KEY (site_id, stage)
);
