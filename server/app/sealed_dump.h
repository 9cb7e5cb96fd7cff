#pragma once
// The database's dump sealed as pg_dump writes it, and opened as pg_restore reads it. The dump
// holds the sites, the console's users and their password hashes, and the whole audit log: a
// backup folder with its keys sealed but its dump in the clear still gave those away. The tools
// meet us at a FIFO in a private temporary folder, so the dump's clear bytes never reach a disk.
//
// Sealed stream: the magic line "KAKUNIN-SEALED-DUMP-1\n", then records of u8 last (1 on the
// final record only), u32 length (big-endian) and a Sealer box (server/storage/sealer.h) of at
// most 1 MiB of the dump, sealed with "database.dump|<index>|<last>" as associated data: a
// record dropped, repeated, moved or cut off is refused, never restored in part.

#include <functional>
#include <string>

#include "common/core/result.h"
#include "server/storage/sealer.h"

namespace kakunin::server {

// Runs a tool (pg_dump, pg_restore) that reads or writes the file at the given path, to its end.
using DumpTool = std::function<Status(const std::string& path)>;

// `dump` writes the dump into the path it is given; the sealed stream goes to `out` (made 0600,
// must not exist).
Status DumpSealed(const DumpTool& dump, const Sealer& sealer, const std::string& out);

// Opens every record of `in` without keeping anything: what `backup` checks before it calls a
// backup made. Errors as RestoreSealed's.
Status CheckSealed(const Sealer& sealer, const std::string& in);

// `restore` reads the dump from the path it is given; it is fed the stream of `in`, opened. A
// stream that does not open (a wrong key, a damaged or cut-off file) stops the feed: `restore`
// sees a cut-off dump and must then write nothing (pg_restore --single-transaction).
// Errors: "restore.damaged", "restore.sealed_dump_unreadable", "backup.io" (reading `in`), and
// the tool's own.
Status RestoreSealed(const DumpTool& restore, const Sealer& sealer, const std::string& in);

}  // namespace kakunin::server
