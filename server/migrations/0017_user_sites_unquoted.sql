-- 0017: users.site_ids held each site id inside single quotes ('honcho'): the array literal was
-- built with SQL quoting, which an array literal does not use. The server read it back right only
-- because libpqxx 6.4's array parser drops single quotes; any SQL comparing site_ids with a site
-- id, a report tool, or another libpqxx would see no site at all (branch managers seeing
-- nothing). The ids are now written as a text array parameter; this takes the quotes off the
-- stored ones (SQL quoting doubled a quote inside: site ids have none, but it is undone too).
UPDATE users SET site_ids = ARRAY(
  SELECT CASE WHEN length(x) >= 2 AND left(x, 1) = '''' AND right(x, 1) = ''''
              THEN replace(substr(x, 2, length(x) - 2), '''''', '''')
              ELSE x END
  FROM unnest(site_ids) WITH ORDINALITY AS t(x, n) ORDER BY n)
WHERE EXISTS (SELECT 1 FROM unnest(site_ids) AS u(x) WHERE x LIKE '''%''');
