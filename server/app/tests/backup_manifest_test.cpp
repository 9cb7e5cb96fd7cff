// A backup's manifest is read before restore trusts anything in the folder: the manifests a
// backup writes (clear, sealed) are taken as they are, and every odd shape a damaged or forged
// one could have is the refusal restore.bad_backup, never an exception out of the restore (a
// sum that is not a string, a format that is a string, sealed_keys that are a list, ...).
#include "server/app/backup_manifest.h"

#include <gtest/gtest.h>

#include <string>

namespace kakunin::server {
namespace {

const std::string kSum(64, 'a');

nlohmann::json ClearManifest() {
  return {{"format", 1},
          {"schema_version", 42},
          {"created_at", 1700000000},
          {"files", {{"database.dump", kSum}, {"pki/ca.pem", kSum}}}};
}

nlohmann::json SealedManifest() {
  return {{"format", 3},
          {"schema_version", 42},
          {"created_at", 1700000000},
          {"files", {{"database.sealed-dump", kSum}, {"patient.keys.sealed", kSum}}},
          {"sealed_keys",
           {{"kdf", "argon2id"},
            {"salt", std::string(32, '0')},
            {"passes", 3},
            {"memory_kib", 65536},
            {"lanes", 1},
            {"modes", {{"patient.keys", 0600}}}}},
          {"authenticated", "00ff"}};
}

TEST(BackupManifestTest, WhatABackupWritesIsTaken) {
  for (const auto& m : {ClearManifest(), SealedManifest()}) {
    auto parsed = ParseBackupManifest(m.dump(2));
    ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
    EXPECT_EQ(*parsed, m);
  }
}

TEST(BackupManifestTest, EveryOddShapeIsABadBackupNotAnException) {
  using J = nlohmann::json;
  std::vector<std::string> bad = {"", "not json", "[1, 2]", "\"MANIFEST\"", "null", "{}"};
  auto changed = [&](J m, const std::function<void(J&)>& change) {
    change(m);
    bad.push_back(m.dump());
  };
  const J sealed = SealedManifest(), clear = ClearManifest();
  changed(clear, [](J& m) { m["format"] = "1"; });
  changed(clear, [](J& m) { m["format"] = 1.0; });
  changed(clear, [](J& m) { m["format"] = 4; });
  changed(clear, [](J& m) { m.erase("format"); });
  changed(clear, [](J& m) { m["files"] = J::array({"database.dump"}); });
  changed(clear, [](J& m) { m["files"] = J::object(); });
  changed(clear, [](J& m) { m["files"]["pki/ca.pem"] = 7; });
  changed(clear, [](J& m) { m["files"]["pki/ca.pem"] = nullptr; });
  changed(clear, [](J& m) { m["files"]["pki/ca.pem"] = "abc"; });
  changed(clear, [](J& m) { m["files"]["../etc/passwd"] = kSum; });
  changed(clear, [](J& m) { m["files"]["/etc/passwd"] = kSum; });
  changed(clear, [](J& m) { m["files"][std::string("pki\0x", 5)] = kSum; });
  changed(clear, [](J& m) { m["files"][""] = kSum; });
  changed(clear, [](J& m) { m["sealed_keys"] = J::array(); });
  changed(clear, [](J& m) { m["created_at"] = "yesterday"; });
  changed(clear, [](J& m) { m["schema_version"] = J::object(); });
  changed(clear, [](J& m) {
    J deep = 1;
    for (int i = 0; i < 20; ++i) deep = J::array({deep});
    m["extra"] = deep;
  });
  changed(sealed, [](J& m) { m.erase("sealed_keys"); });
  changed(sealed, [](J& m) { m["files"].erase("database.sealed-dump"); });
  changed(sealed, [](J& m) { m["sealed_keys"]["salt"] = 16; });
  changed(sealed, [](J& m) { m["sealed_keys"]["passes"] = -3; });
  changed(sealed, [](J& m) { m["sealed_keys"]["passes"] = "3"; });
  changed(sealed, [](J& m) { m["sealed_keys"]["lanes"] = 4294967297ULL; });  // 1 as uint32
  changed(sealed, [](J& m) { m["sealed_keys"].erase("memory_kib"); });
  changed(sealed, [](J& m) { m["sealed_keys"]["kdf"] = "pbkdf2"; });
  changed(sealed, [](J& m) { m["sealed_keys"]["modes"] = J::array({0600}); });
  changed(sealed, [](J& m) { m["sealed_keys"]["modes"]["patient.keys"] = "0600"; });
  changed(sealed, [](J& m) { m["authenticated"] = 12; });
  bad.push_back(std::string(kMaxBackupManifestBytes + 1, ' '));
  for (const auto& text : bad) {
    Result<nlohmann::json> parsed(MakeError(ErrorCode::kInternal, "unset", ""));
    ASSERT_NO_THROW(parsed = ParseBackupManifest(text)) << text.substr(0, 200);
    ASSERT_FALSE(parsed.ok()) << text.substr(0, 200);
    EXPECT_EQ(parsed.error().reason(), "restore.bad_backup") << text.substr(0, 200);
  }
}

}  // namespace
}  // namespace kakunin::server
