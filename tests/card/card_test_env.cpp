#include "tests/card/card_test_env.h"

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#ifndef KAKUNIN_VCARD_BIN
#error "KAKUNIN_VCARD_BIN must name the kakunin-vcard binary"
#endif

namespace kakunin::card::itest {
namespace {

Result<CardFiles> MakeFiles() {
  CardFiles files;
  files.dir = testing::MakeTempDir("kakunin-card-itest");
  files.ca_dir = files.dir + "/ca";
  files.card_json = files.dir + "/card.json";
  KAKUNIN_RETURN_IF_ERROR(testing::VcardInstance::InitCa(KAKUNIN_VCARD_BIN, files.ca_dir));
  KAKUNIN_ASSIGN_OR_RETURN(
      files.serial, testing::VcardInstance::IssueCard(KAKUNIN_VCARD_BIN, files.ca_dir, "card-itest",
                                                      files.card_json, {"--pin", kPin}));
  static const std::string dir = files.dir;
  std::atexit([] {
    if (std::getenv("KAKUNIN_KEEP_TEST_DIRS") == nullptr) testing::RemoveTree(dir);
  });
  return files;
}

}  // namespace

Result<CardFiles> Files() {
  static const Result<CardFiles> files = MakeFiles();
  return files;
}

Result<std::string> CardCopy(const std::string& name, int tries_left) {
  KAKUNIN_ASSIGN_OR_RETURN(CardFiles files, Files());
  std::ifstream in(files.card_json);
  std::stringstream text;
  text << in.rdbuf();
  auto j = nlohmann::json::parse(text.str(), nullptr, false);
  if (j.is_discarded()) {
    return MakeError(ErrorCode::kInternal, "itest.card", "card profile is not JSON");
  }
  j["pin_tries_left"] = tries_left;
  const std::string path = files.dir + "/" + name + ".json";
  std::ofstream out(path);
  out << j.dump(2) << "\n";
  if (!out) return MakeError(ErrorCode::kInternal, "itest.card", "cannot write " + path);
  return path;
}

Result<Rig> StartRig(const std::string& card_json, bool extended_apdu) {
  Rig rig;
  KAKUNIN_ASSIGN_OR_RETURN(rig.pcscd, testing::PcscdInstance::Start());
  rig.reader = rig.pcscd->reader_name(0);
  if (card_json.empty()) return rig;
  testing::VcardOptions options;
  options.extended_apdu = extended_apdu;
  KAKUNIN_ASSIGN_OR_RETURN(rig.vcard, testing::VcardInstance::Start(KAKUNIN_VCARD_BIN, card_json,
                                                                    rig.pcscd->port(0), options));
  KAKUNIN_RETURN_IF_ERROR(rig.pcscd->WaitForCard(0, true));
  return rig;
}

std::vector<std::string> CommandsSent(const testing::VcardInstance& vcard) {
  std::vector<std::string> out;
  for (const testing::ApduLogEntry& e : vcard.ApduLog()) {
    if (e.dir == "in") out.push_back(e.hex);
  }
  return out;
}

int CountCommands(const testing::VcardInstance& vcard, const std::string& prefix) {
  int n = 0;
  for (const std::string& hex : CommandsSent(vcard)) n += hex.rfind(prefix, 0) == 0 ? 1 : 0;
  return n;
}

}  // namespace kakunin::card::itest
