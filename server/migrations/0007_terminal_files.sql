-- The terminal-files route (issue 14). A terminal's own eligibility route, overriding its
-- site's (the site's lives in sites.settings with the rest of the Site message); '{}' = follow
-- the site. Results gain what the dashboard and the results list show without opening patient
-- data: a name with characters the system could not show (外字), and a late answer to a
-- 再照会 that had timed out (with the check it answers).
ALTER TABLE devices ADD COLUMN route_settings jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE check_results
  ADD COLUMN name_unrepresentable boolean NOT NULL DEFAULT false,
  ADD COLUMN answer_late boolean NOT NULL DEFAULT false,
  ADD COLUMN answers_check_id text NOT NULL DEFAULT '';
