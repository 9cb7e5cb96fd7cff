-- 0020: the backups `kakunin-server backup` took of this database, so that the running server
-- can say when the newest succeeded (/metrics kakunin_last_backup_timestamp_seconds, and the
-- console's dashboard for HQ administrators). A row is written by the backup command, with the
-- server's own role (it owns every table; no grant is needed), only after the dump was checked
-- and the keys and the manifest were written: a row is a backup that restores. The rows never
-- travel in a backup (pg_dump --exclude-table-data=backups): a database restored elsewhere has
-- not been backed up there, and says so until its own first backup.
CREATE TABLE backups (
  backup_id      bigserial PRIMARY KEY,
  finished_at    timestamptz NOT NULL DEFAULT now(),
  folder         text NOT NULL CHECK (octet_length(folder) <= 4096),
  host           text NOT NULL CHECK (octet_length(host) <= 255),
  os_user        text NOT NULL CHECK (octet_length(os_user) <= 255),
  bytes          bigint NOT NULL CHECK (bytes >= 0),
  sealed         boolean NOT NULL,
  schema_version integer NOT NULL
);
CREATE INDEX backups_finished_at ON backups (finished_at);
