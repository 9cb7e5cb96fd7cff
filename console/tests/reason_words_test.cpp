// Every reason the server can refuse a console call with has words of its own in this console,
// in Japanese, or is on the list below of those a person's entry cannot cause (an internal
// fault, a request the console forms itself, a terminal's call): those read the general text
// on purpose. The reasons are read from the server's sources, so a new refusal cannot ship
// without a decision. (A newcomer's review found pages showing "（auth.no_login）".)
#include <gtest/gtest.h>

#include <QApplication>
#include <QTranslator>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "console/ui/error_text.h"
#include "console/ui/onboarding_stage_dialog.h"
#include "console/ui/site_dialog.h"
#include "console/ui/subsidies_page.h"

namespace kakunin::console {
namespace {

// The files behind the console's RPCs: its handlers and the stores they call.
bool ServesTheConsole(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  const std::string dir = path.parent_path().filename().string();
  if (path.extension() != ".cpp" || name.find("_test") != std::string::npos) return false;
  if (dir == "rpc") return name.starts_with("console_");
  if (dir == "subsidy" || dir == "auth") return true;
  if (dir == "storage") {
    for (const char* prefix :
         {"fleet_", "results_query", "cert_calendar", "onboarding", "dashboard", "route_rules"}) {
      if (name.starts_with(prefix)) return true;
    }
  }
  return false;
}

// The reason ids of the refusals made there: MakeError(code, "id", …), Invalid("id", …),
// Refuse("id: …") and grpc::Status(code, "id: …").
std::set<std::string> RefusalsOfConsoleCalls() {
  namespace fs = std::filesystem;
  const std::regex refusal(
      R"re((?:MakeError\(\s*ErrorCode::k\w+,\s*|Invalid\(\s*|Refuse\(\s*|grpc::Status\([^,()]+,\s*)"([a-z_]+\.[a-z_]+)[":])re");
  std::set<std::string> found;
  for (const auto& entry :
       fs::recursive_directory_iterator(fs::path(KAKUNIN_SOURCE_DIR) / "server")) {
    if (!entry.is_regular_file() || !ServesTheConsole(entry.path())) continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string source = text.str();
    for (std::sregex_iterator m(source.begin(), source.end(), refusal), end; m != end; ++m) {
      found.insert((*m)[1]);
    }
  }
  return found;
}

// Read the general text on purpose, each for the reason given.
const std::map<std::string, const char*>& Generic() {
  static const std::map<std::string, const char*> kGeneric = {
      // An internal fault or a part of the server that is not set up: no entry can fix it.
      {"auth.hash", "internal"},
      {"subsidy.receipt_lost", "internal"},
      {"subsidy.programme_lost", "internal"},
      {"subsidy.bad_stored_summary", "internal"},
      {"subsidy.stored_programme_unreadable", "internal"},
      {"subsidy.programme_file_unreadable", "the server's start"},
      {"subsidy.bad_programme_file", "the server's start"},
      {"subsidy.bad_summary_time", "the server's settings"},
      {"subsidy.bad_warning_days", "the server's settings"},
      {"subsidy.unavailable", "part not set up"},
      {"dashboard.unavailable", "part not set up"},
      {"cert.unavailable", "part not set up"},
      {"watch.unavailable", "part not set up"},
      {"onboarding.unavailable", "part not set up"},
      // Requests this console forms itself (fixed choices, ids from the server's own lists).
      {"auth.bad_update_mask", "formed by the console"},
      {"audit.bad_page_token", "formed by the console"},
      {"results.bad_check_id", "formed by the console"},
      {"results.too_many_ids", "formed by the console"},
      {"dashboard.bad_range", "formed by the console"},
      {"dashboard.bad_site_detail", "formed by the console"},
      {"dashboard.too_detailed", "formed by the console (it asks for totals, never per site)"},
      {"failures.bad_days", "formed by the console"},
      {"failures.bad_limit", "formed by the console"},
      {"failures.bad_query", "formed by the console"},
      {"subsidy.bad_claim_state", "formed by the console"},
      {"subsidy.bad_receipt_kind", "formed by the console"},
      {"subsidy.bad_submission_route", "formed by the console"},
      {"subsidy.program_id_mismatch", "formed by the console"},
      {"subsidy.bad_date", "formed by the console"},
      {"onboarding.bad_prefecture", "formed by the console"},
      {"onboarding.bad_region", "formed by the console"},
      {"subsidy.bad_programme", "no programme editor in this console (HQ's tools)"},
      {"enroll.bad_ttl", "the token dialog offers fixed periods"},
      // A terminal's call (enrollment), answered in the agent's words.
      {"enroll.bad_token", "terminal"},
      {"enroll.token_expired", "terminal"},
      {"enroll.token_used", "terminal"},
      {"device.not_active", "terminal (certificate renewal)"},
      // The live feed reconnects on these; nothing is shown.
      {"watch.behind", "live feed"},
      {"watch.resync", "live feed"},
      {"watch.scope_changed", "live feed"},
  };
  return kGeneric;
}

class ReasonWordsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static int argc = 1;
    static char name[] = "reason_words_test";
    static char* argv[] = {name, nullptr};
    app_ = new QApplication(argc, argv);
    auto* ja = new QTranslator(app_);
    ASSERT_TRUE(ja->load(QStringLiteral(":/i18n/kakunin_console_ja.qm")));
    app_->installTranslator(ja);
  }
  static void TearDownTestSuite() { delete app_; }

  // The words a page can give this reason, or "" when it only has the general text.
  static QString OwnWords(const std::string& reason) {
    const Error e = MakeError(ErrorCode::kInvalidArgument, reason, "the server's detail");
    const QString generic = ErrorText::For(
        MakeError(ErrorCode::kInvalidArgument, "nothing.known", "the server's detail"));
    for (const QString& text :
         {SubsidyErrorText(e), OnboardingStageDialog::ProblemText(reason),
          SiteDialog::ProblemText(SiteProblem{SiteProblem::Field::kSiteId, reason})}) {
      if (!text.isEmpty() && text != generic && text != QString::fromStdString(reason)) {
        return text;
      }
    }
    return {};
  }

  static inline QApplication* app_ = nullptr;
};

TEST_F(ReasonWordsTest, EveryRefusalOfAConsoleCallHasJapaneseWordsOrIsGenericOnPurpose) {
  const std::set<std::string> refusals = RefusalsOfConsoleCalls();
  ASSERT_GE(refusals.size(), 60u) << "the source scan found too few refusals";
  for (const auto& reason : refusals) {
    // Refusals the server words in Japanese itself (the certificate dialog shows them).
    if (reason.starts_with("cert.")) continue;
    const QString words = OwnWords(reason);
    if (Generic().count(reason)) {
      EXPECT_TRUE(words.isEmpty())
          << reason << " is listed as generic but has words: " << words.toStdString();
      continue;
    }
    EXPECT_FALSE(words.isEmpty()) << reason << " has no words of its own in the console";
    EXPECT_FALSE(words.contains(QString::fromStdString(reason))) << reason;
    EXPECT_FALSE(words.contains(QStringLiteral("the server's detail"))) << reason;
    EXPECT_TRUE(std::any_of(words.begin(), words.end(), [](QChar c) { return c.unicode() > 0x7f; }))
        << reason << " is not in Japanese: " << words.toStdString();
  }
  // Each listed one is still sent: the list does not keep names the server dropped.
  for (const auto& [reason, why] : Generic()) {
    EXPECT_TRUE(refusals.count(reason)) << reason << " (" << why << ") is no longer sent";
  }
}

}  // namespace
}  // namespace kakunin::console
