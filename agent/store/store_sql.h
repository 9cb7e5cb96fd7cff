#pragma once
// SQLite helpers shared by the store's files (local_store.cpp, local_store_notes.cpp). Internal.

#include <sqlite3.h>

#include <string>

#include "common/core/result.h"

namespace kakunin::agent::store_sql {

// A prepared statement, finalized when it goes out of scope.
struct Stmt {
  sqlite3_stmt* s = nullptr;
  ~Stmt() { sqlite3_finalize(s); }
};

// `what` failed: the reason tells the cause apart (outbox.full, outbox.busy, outbox.damaged, else
// outbox.sqlite), from SQLite's error code.
Error SqlError(sqlite3* db, const std::string& what);

// True when `sql` returns a row.
bool AnyRow(sqlite3* db, const char* sql);
// PRAGMA user_version: the schema version the file was last written with (0 when unset); an
// error when it cannot be read (a damaged file).
Result<int> ReadUserVersion(sqlite3* db);
// Whether `sql` returns a row; an error when the read fails.
Result<bool> HasRow(sqlite3* db, const char* sql);

}  // namespace kakunin::agent::store_sql
