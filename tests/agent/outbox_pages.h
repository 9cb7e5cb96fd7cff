#pragma once
// Damage as a disk does it, for the tests of a damaged outbox.db: its pages found through
// SQLite's dbstat (the file's own layout), the row ids a table leaf holds read from the page as it
// lies in the file, and a page overwritten with garbage at its offset. The file must be closed,
// its WAL written into it (Checkpoint).

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

namespace kakunin::testing::outbox_pages {

// Writes the WAL into the file and empties it; the page size.
inline int Checkpoint(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &q, nullptr);
  const int size = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : 0;
  sqlite3_finalize(q);
  sqlite3_close(db);
  return size;
}

// The leaf pages of `table`, in key order.
inline std::vector<int> Leaves(const std::string& path, const std::string& table) {
  std::vector<int> out;
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db,
                               "SELECT pageno FROM dbstat WHERE name = ?1 AND pagetype = 'leaf' "
                               "ORDER BY path",
                               -1, &q, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_bind_text(q, 1, table.c_str(), -1, SQLITE_TRANSIENT);
  while (sqlite3_step(q) == SQLITE_ROW) out.push_back(sqlite3_column_int(q, 0));
  sqlite3_finalize(q);
  sqlite3_close(db);
  return out;
}

inline std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// SQLite's varint (big-endian, 7 bits a byte, the ninth byte whole).
inline uint64_t Varint(const unsigned char* p, size_t* used) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) {
    v = (v << 7) | (p[i] & 0x7f);
    if (!(p[i] & 0x80)) {
      *used = i + 1;
      return v;
    }
  }
  *used = 9;
  return (v << 8) | p[8];
}

// The row ids a table leaf holds, read from the page as it lies in the file.
inline std::set<uint64_t> RowIds(const std::string& path, int page, int page_size) {
  const std::string file = Slurp(path);
  const auto* p = reinterpret_cast<const unsigned char*>(file.data()) +
                  static_cast<size_t>(page - 1) * static_cast<size_t>(page_size);
  EXPECT_EQ(p[0], 0x0d);  // a table leaf
  const int cells = (p[3] << 8) | p[4];
  std::set<uint64_t> ids;
  for (int i = 0; i < cells; ++i) {
    const int at = (p[8 + 2 * i] << 8) | p[9 + 2 * i];
    size_t used = 0, more = 0;
    (void)Varint(p + at, &used);  // the payload's size
    ids.insert(Varint(p + at + used, &more));
  }
  return ids;
}

// Garbage over the page, as a disk that lost it returns it.
inline void Wreck(const std::string& path, int page, int page_size) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(page - 1) * page_size);
  const std::string junk(static_cast<size_t>(page_size), '\xa5');
  f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
}

// A page of re-view copies in the middle of `recent`, and every outbox page sharing a result with
// it, wrecked: those results are readable in neither table. Their numbers.
inline std::set<uint64_t> WreckBothCopiesOfSome(const std::string& path, int page_size,
                                                std::set<uint64_t>* copies_lost = nullptr) {
  const std::vector<int> copies = Leaves(path, "recent");
  EXPECT_GT(copies.size(), 4u);
  if (copies.size() <= 4) return {};
  const int copy_page = copies[copies.size() * 2 / 3];
  const std::set<uint64_t> copy_ids = RowIds(path, copy_page, page_size);
  std::set<uint64_t> both;
  std::vector<int> wrecked = {copy_page};
  for (int page : Leaves(path, "outbox")) {
    const std::set<uint64_t> ids = RowIds(path, page, page_size);
    bool shared = false;
    for (uint64_t id : ids) shared |= copy_ids.count(id) > 0;
    if (!shared) continue;
    wrecked.push_back(page);
    for (uint64_t id : ids) {
      if (copy_ids.count(id)) both.insert(id);
    }
  }
  for (int page : wrecked) Wreck(path, page, page_size);
  if (copies_lost) *copies_lost = copy_ids;
  return both;
}

}  // namespace kakunin::testing::outbox_pages
