// Every reason the daemon can refuse a staff window's call with has words of its own at the
// counter, in Japanese, or is on the list below of those no counter action can cause: those read
// the general text on purpose. The reasons are read from the sources behind the local API (the
// daemon's core, the checks, the card, the eligibility adapters, the outbox, and the domain and
// text rules they include), so a new refusal cannot ship without a decision. The console has the
// same test for the server's refusals (console/tests/reason_words_test.cpp).
#include <gtest/gtest.h>

#include <QApplication>
#include <QTranslator>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "agent/station/models/error_text.h"

namespace kakunin::station {
namespace {
namespace fs = std::filesystem;

std::string Read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The files behind the local API's calls, and the domain and text rules they include.
std::vector<fs::path> SourcesBehindTheCounter() {
  const fs::path root = KAKUNIN_SOURCE_DIR;
  std::vector<fs::path> files = {
      root / "agent/daemon/agent_core.cpp", root / "agent/daemon/local_service.cpp",
      root / "agent/daemon/visual_allowance_slot.cpp", root / "agent/store/local_store.cpp"};
  for (const char* dir : {"agent/check", "agent/card", "agent/eligibility"}) {
    for (const auto& e : fs::directory_iterator(root / dir)) {
      const std::string name = e.path().filename().string();
      // The card's CLI is the operator's, not the counter's.
      if (e.path().extension() == ".cpp" && name.find("_cli") == std::string::npos) {
        files.push_back(e.path());
      }
    }
  }
  const std::regex include(R"re(#include "(common/(?:domain|text)/\w+)\.h")re");
  std::set<fs::path> rules;
  for (const auto& f : files) {
    const std::string source = Read(f);
    for (std::sregex_iterator m(source.begin(), source.end(), include), end; m != end; ++m) {
      const fs::path cpp = root / ((*m)[1].str() + ".cpp");
      if (fs::exists(cpp)) rules.insert(cpp);
    }
  }
  files.insert(files.end(), rules.begin(), rules.end());
  return files;
}

// The reason ids of the refusals made there: MakeError(code, "id", …) and grpc::Status(code,
// "id: …").
std::set<std::string> RefusalsAtTheCounter() {
  const std::regex refusal(
      R"re((?:MakeError\(\s*ErrorCode::k\w+,\s*|grpc::Status\([^,()]+,\s*)"([a-z_]+\.[a-z_]+)[":])re");
  std::set<std::string> found;
  for (const auto& f : SourcesBehindTheCounter()) {
    const std::string source = Read(f);
    for (std::sregex_iterator m(source.begin(), source.end(), refusal), end; m != end; ++m) {
      found.insert((*m)[1]);
    }
  }
  return found;
}

// Read the general text on purpose, each for the reason given.
const std::map<std::string, const char*>& Generic() {
  static const std::map<std::string, const char*> kGeneric = {
      // Requests the agent forms itself: only a fault of ours reaches them.
      {"card.bad_challenge", "internal (our own APDU)"},
      {"card.bad_command", "internal (our own APDU)"},
      {"card.pin_tries_invalid", "internal (a count we parsed ourselves)"},
      // The privacy guard: the agent never selects the 券面事項入力補助AP, so only a fault of
      // ours could trip it.
      {"card.forbidden_aid", "internal (privacy guard)"},
      // Choices the staff window makes from fixed lists (the CLI words them for operators).
      {"cli.bad_document", "formed by the staff window"},
      {"cli.bad_mode", "formed by the staff window"},
      {"cli.bad_route", "formed by the staff window"},
      {"mode.unknown", "formed by the staff window (an enum value it does not send)"},
      {"route.unknown", "formed by the staff window (an enum value it does not send)"},
      // Never a refusal of a call: a service answer's field left out when unreadable, a hand-off
      // failure counted in the status (handoff_failed).
      {"copayment.invalid", "a service answer's field"},
      {"route.handoff_failed", "counted in the status, not a refusal"},
  };
  return kGeneric;
}

class StationReasonWordsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static int argc = 1;
    static char name[] = "station_reason_words_test";
    static char* argv[] = {name, nullptr};
    app_ = new QApplication(argc, argv);
    auto* ja = new QTranslator(app_);
    ASSERT_TRUE(ja->load(QStringLiteral(":/i18n/kakunin_station_ja.qm")));
    app_->installTranslator(ja);
  }
  static void TearDownTestSuite() { delete app_; }

  // The words the counter gives this reason, or "" when it only has a general text. Checked
  // with two codes: the general texts differ by code, words of the reason's own do not.
  static QString OwnWords(const std::string& reason) {
    for (ErrorCode code :
         {ErrorCode::kInvalidArgument, ErrorCode::kFailedPrecondition, ErrorCode::kUnavailable}) {
      if (ErrorText::For(reason, code).text == ErrorText::For("nothing.known", code).text) {
        return {};
      }
    }
    return ErrorText::For(reason, ErrorCode::kFailedPrecondition).text;
  }

  static inline QApplication* app_ = nullptr;
};

TEST_F(StationReasonWordsTest, EveryRefusalAtTheCounterHasJapaneseWordsOrIsGenericOnPurpose) {
  const std::set<std::string> refusals = RefusalsAtTheCounter();
  ASSERT_GE(refusals.size(), 40u) << "the source scan found too few refusals";
  for (const auto& reason : refusals) {
    const QString words = OwnWords(reason);
    if (Generic().count(reason)) {
      EXPECT_TRUE(words.isEmpty())
          << reason << " is listed as generic but has words: " << words.toStdString();
      continue;
    }
    EXPECT_FALSE(words.isEmpty()) << reason << " has no words of its own at the counter";
    if (words.isEmpty()) continue;
    EXPECT_FALSE(words.contains(QString::fromStdString(reason))) << reason;
    EXPECT_TRUE(std::any_of(words.begin(), words.end(), [](QChar c) { return c.unicode() > 0x7f; }))
        << reason << " is not in Japanese: " << words.toStdString();
  }
  for (const auto& [reason, why] : Generic()) {
    EXPECT_TRUE(refusals.count(reason)) << reason << " (" << why << ") is no longer sent";
  }
}

}  // namespace
}  // namespace kakunin::station
