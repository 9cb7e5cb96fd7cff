// The terminal-files route over real processes: kakunin-server on its own PostgreSQL, the
// emulator answering the 資格確認端末's req/res folders (and dropping face-reader files), and
// `kakunin-agent run` following the route HQ set with `kakunin-server site route`. What each test
// proves:
// - HQ's route reaches the running daemon at once; `kakunin-agent status` shows it and whether
//   the folders are usable;
// - N face files become exactly N results in PostgreSQL, with the fields of the files (外字
//   flagged), and the files stay untouched; a restart adds nothing;
// - kill -9 between reading a face file and committing its result: after the restart the file
//   is one result, not zero and not two;
// - files a second process deletes 50 ms after they appear are still recorded;
// - 再照会 with `kakunin-agent recheck --json` through the folders, for every answer case, with
//   the fields asserted; a late answer is recorded as late and moved to the agent's archive; a
//   too-large answer is refused and kept aside.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "agent/store/local_store.h"
#include "tests/harness/agent_daemon.h"
#include "tests/harness/server_rig.h"

namespace kakunin::testing {
namespace {
namespace fs = std::filesystem;

constexpr auto kLong = std::chrono::seconds(60);

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Japan's date today, as the CLI's consent window judges it.
std::string TodayInJapan() {
  std::time_t t = std::time(nullptr) + 9 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::vector<nlohmann::json> ReadManifest(const std::string& path) {
  std::vector<nlohmann::json> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  }
  return out;
}

// The scripted answers of the emulator, by insured number (sim/oqs/README.md).
constexpr char kCases[] = R"({
  "8001": {"kind": "error"},
  "8002": {"kind": "err_file"},
  "8003": {"kind": "truncated"},
  "8004": {"kind": "late", "delay_ms": 4000},
  "8005": {"kind": "too_large"},
  "8006": {"kind": "processing", "delay_ms": 500}
})";

class TerminalFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("kakunin-files");
    ::chmod(dir_.c_str(), 0755);
    auto rig = ServerRig::Start(dir_ + "/hq", "honcho", "本町薬局");
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = std::move(*rig);
    terminal_ = dir_ + "/terminal";  // the 資格確認端末's shared folder
    fs::create_directories(terminal_ + "/req");
    fs::create_directories(terminal_ + "/res");
    state_ = dir_ + "/agent/state";
    fs::create_directories(dir_ + "/agent");
    auto token = rig_->IssueToken("honcho");
    ASSERT_TRUE(token.ok());
    auto enrolled =
        AgentDaemon::Enroll(KAKUNIN_AGENT_BIN, state_, rig_->address(), *token, rig_->ca_path());
    ASSERT_TRUE(enrolled.ok()) << enrolled.error().ToString();
  }
  void TearDown() override {
    if (HasFailure() && agent_) std::cerr << "agent log:\n" << agent_->ReadLog();
    if (HasFailure() && oqs_) std::cerr << "emulator log:\n" << oqs_->ReadLog();
    agent_.reset();
    if (oqs_) oqs_->Stop();
    rig_.reset();
    if (!HasFailure() && !std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }

  std::string req() const { return terminal_ + "/req"; }
  std::string res() const { return terminal_ + "/res"; }

  void SetSiteRoute(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> opts = {"--id",      "honcho", "--route",   "terminal-files",
                                     "--req-dir", req(),    "--res-dir", res()};
    opts.insert(opts.end(), extra.begin(), extra.end());
    auto out = rig_->Cli({"site", "route"}, opts);
    ASSERT_TRUE(out.ok()) << out.error().ToString();
  }

  void StartAgent(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--backoff-base-ms", "100", "--backoff-cap-ms", "1000",
                                     "--heartbeat-ms",    "500"};
    args.insert(args.end(), extra.begin(), extra.end());
    agent_ = std::make_unique<AgentDaemon>(KAKUNIN_AGENT_BIN, state_, args);
    ASSERT_TRUE(agent_->Start().ok()) << agent_->ReadLog();
  }

  // The daemon follows terminal-files and has looked at every file already in `res`.
  void WaitFollowingFiles() {
    auto s = agent_->WaitStatus(
        [](const v1::AgentStatus& s) {
          return s.connected() && s.route().route() == v1::ELIGIBILITY_ROUTE_TERMINAL_FILES &&
                 s.route().first_scan_done();
        },
        kLong);
    ASSERT_TRUE(s.ok()) << s.error().ToString();
  }

  void StartResponder() {
    std::ofstream(dir_ + "/cases.json") << kCases;
    ProcessOptions o;
    o.argv = {KAKUNIN_OQS_BIN,      "--listen",     "127.0.0.1:0",     "--data-dir",
              dir_ + "/oqs",        "--xml-dir",    terminal_,         "--xml-cases",
              dir_ + "/cases.json", "--ready-file", dir_ + "/oqs.port"};
    o.log_path = dir_ + "/oqs.log";
    auto p = Process::Start(o);
    ASSERT_TRUE(p.ok());
    oqs_ = std::move(*p);
    ASSERT_TRUE(WaitFor([&] { return fs::exists(dir_ + "/oqs.port") || !oqs_->running(); },
                        std::chrono::seconds(30)));
    ASSERT_TRUE(oqs_->running()) << oqs_->ReadLog();
  }

  // `kakunin-oqs-sim face …`: drops face-reader files into res; the manifest of what it wrote.
  std::vector<nlohmann::json> DropFaceFiles(const std::vector<std::string>& extra) {
    const std::string manifest = dir_ + "/manifest-" + std::to_string(++drops_) + ".jsonl";
    std::vector<std::string> argv = {KAKUNIN_OQS_BIN, "face",       "--res",
                                     res(),           "--manifest", manifest};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto out = RunCommand(argv, {}, "", true);
    EXPECT_TRUE(out.ok());
    if (!out.ok()) return {};
    EXPECT_EQ(out->exit_code, 0) << out->output;
    return ReadManifest(manifest);
  }

  std::string Sql(const std::string& sql) {
    auto r = rig_->pg().Psql("kakunin", sql);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? Trim(*r) : "";
  }
  int FaceResultsAtHq() {
    return std::stoi(Sql("SELECT count(*) FROM check_results WHERE source = 4"));
  }
  bool WaitFaceResults(int n) {
    return WaitFor([&] { return FaceResultsAtHq() >= n; }, kLong);
  }
  Result<v1::AgentStatus> WaitDrained() {
    return agent_->WaitStatus([](const auto& s) { return s.connected() && s.outbox_depth() == 0; },
                              kLong);
  }

  // `kakunin-agent recheck --json` for an online consultation today (its consent window).
  nlohmann::json Recheck(const std::string& insurer, const std::string& symbol,
                         const std::string& number, const std::string& branch,
                         const std::string& birth) {
    const std::string today = TodayInJapan();
    auto out = RunCommand({KAKUNIN_AGENT_BIN,
                           "recheck",
                           "--state-dir",
                           state_,
                           "--insurer",
                           insurer,
                           "--symbol",
                           symbol,
                           "--number",
                           number,
                           "--branch",
                           branch,
                           "--birth",
                           birth,
                           "--route",
                           "online",
                           "--consent-at",
                           today + "T00:00",
                           "--consultation-date",
                           today,
                           "--json"});
    EXPECT_TRUE(out.ok());
    if (!out.ok()) return {};
    auto j = nlohmann::json::parse(out->output, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << out->output << out->error_output;
    return j;
  }

  std::string dir_, state_, terminal_;
  int drops_ = 0;
  std::unique_ptr<ServerRig> rig_;
  std::unique_ptr<AgentDaemon> agent_;
  std::optional<Process> oqs_;
};

TEST_F(TerminalFiles, HqRouteReachesTheRunningDaemonAndStatusShowsTheFolders) {
  StartAgent({"--files-poll-ms", "200"});
  auto api = agent_->WaitStatus(
      [](const v1::AgentStatus& s) {
        return s.connected() && s.route().route() == v1::ELIGIBILITY_ROUTE_SERVICE_API;
      },
      kLong);
  ASSERT_TRUE(api.ok()) << api.error().ToString();

  SetSiteRoute({"--answer-timeout", "45", "--request-encoding", "sjis"});
  WaitFollowingFiles();
  auto out = RunCommand({KAKUNIN_AGENT_BIN, "status", "--json", "--state-dir", state_});
  ASSERT_TRUE(out.ok());
  auto j = nlohmann::json::parse(out->output, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << out->output;
  const auto& route = j["route"];
  EXPECT_EQ(route["route"], "terminal-files");
  EXPECT_EQ(route["req_dir"], req());
  EXPECT_EQ(route["res_dir"], res());
  EXPECT_TRUE(route["req_writable"].get<bool>());
  EXPECT_TRUE(route["res_readable"].get<bool>());
  EXPECT_TRUE(route["watching"].get<bool>());
  EXPECT_EQ(route["problem"], "");
  EXPECT_EQ(route["files_poll_ms"], 200);
  // The text says the interval in use, not the default's.
  auto text = RunCommand({KAKUNIN_AGENT_BIN, "status", "--state-dir", state_});
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->output.find("変更を監視中、200 ms ごとに一覧"), std::string::npos)
      << text->output;
  // Cards are the face reader's here: a card check is refused at once, before any card.
  v1::RunCheckRequest check;
  check.set_card_wait_seconds(1);
  v1::CheckResult refused;
  auto rpc = agent_->RunCheck(check, &refused);
  EXPECT_EQ(rpc.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(rpc.error_message().rfind("xml.card_query_unsupported", 0), 0u) << rpc.error_message();
  auto config = agent_->GetStatus();
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->config().route().answer_timeout_seconds(), 45u);
  EXPECT_EQ(config->config().route().request_encoding(), v1::FILE_ENCODING_SHIFT_JIS);
  EXPECT_TRUE(config->config().route().face_pickup());

  // A terminal of its own route: back to the API, the site's stays.
  auto device = agent_->GetStatus()->device_id();
  auto own = rig_->Cli({"terminal", "route"}, {"--device", device, "--route", "service-api",
                                               "--handoff-dir", dir_ + "/handoff"});
  ASSERT_TRUE(own.ok()) << own.error().ToString();
  fs::create_directories(dir_ + "/handoff");
  auto back = agent_->WaitStatus(
      [](const v1::AgentStatus& s) {
        return s.route().route() == v1::ELIGIBILITY_ROUTE_SERVICE_API;
      },
      kLong);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->config().route().handoff_dir(), dir_ + "/handoff");

  // Refusals are plain, at the edge: a relative folder and a 121 s timeout never reach a terminal.
  auto relative = rig_->Cli({"site", "route"}, {"--id", "honcho", "--route", "terminal-files",
                                                "--req-dir", "req", "--res-dir", res()});
  ASSERT_FALSE(relative.ok());
  EXPECT_NE(relative.error().message().find("absolute folder"), std::string::npos)
      << relative.error().message();
  auto slow =
      rig_->Cli({"site", "route"}, {"--id", "honcho", "--route", "terminal-files", "--req-dir",
                                    req(), "--res-dir", res(), "--answer-timeout", "121"});
  ASSERT_FALSE(slow.ok());
  EXPECT_NE(slow.error().message().find("1 to 120"), std::string::npos) << slow.error().message();
}

// What a terminal-files route archived (broken face files name patients in clear text) leaves
// after 7 days on any route: HQ switched this terminal to the service API, and before, nothing
// pruned the archive again (privacy review).
TEST_F(TerminalFiles, TheArchiveIsPrunedAfterSevenDaysWhateverTheRoute) {
  const fs::path broken = fs::path(state_) / "terminal-files" / "broken";
  fs::create_directories(broken);
  const fs::path week_old = broken / "OQSsiquc01res_face_old.xml";
  const fs::path fresh = broken / "OQSsiquc01res_face_new.xml";
  for (const auto& p : {week_old, fresh}) std::ofstream(p) << "<XmlMsg>山田</XmlMsg>";
  fs::last_write_time(week_old, fs::file_time_type::clock::now() - std::chrono::hours(24 * 8));
  StartAgent();  // no route set for the site: the service API
  ASSERT_TRUE(WaitFor([&] { return !fs::exists(week_old); }, kLong)) << agent_->ReadLog();
  EXPECT_TRUE(fs::exists(fresh));
  auto status = agent_->GetStatus();
  ASSERT_TRUE(status.ok());
  EXPECT_NE(status->route().route(), v1::ELIGIBILITY_ROUTE_TERMINAL_FILES);
}

TEST_F(TerminalFiles, EveryFaceFileBecomesExactlyOneResultAndStaysUntouched) {
  SetSiteRoute();
  // Left from before (a command killed while it waited, an answer nobody took): our own files,
  // 20 minutes old, go to the agent's archive; the receipt computer's answer stays where it is.
  const auto old = fs::file_time_type::clock::now() - std::chrono::minutes(20);
  const fs::path stray_answer = fs::path(res()) / "OQSsiquc01res_KKN00000000deadbeef.xml";
  const fs::path stray_request = fs::path(req()) / "OQSsiquc01req_KKN00000000deadbeef.xml";
  const fs::path theirs = fs::path(res()) / "OQSsiquc01res_RECE0001.xml";
  for (const auto& p : {stray_answer, stray_request, theirs}) {
    std::ofstream(p) << "<XmlMsg/>";
    fs::last_write_time(p, old);
  }
  StartAgent();
  WaitFollowingFiles();
  ASSERT_TRUE(
      WaitFor([&] { return !fs::exists(stray_answer) && !fs::exists(stray_request); }, kLong))
      << agent_->ReadLog();
  EXPECT_TRUE(fs::exists(state_ + "/terminal-files/stray/" + stray_answer.filename().string()));
  EXPECT_TRUE(fs::exists(state_ + "/terminal-files/stray/" + stray_request.filename().string()));
  EXPECT_TRUE(fs::exists(theirs));
  auto manifest = DropFaceFiles(
      {"--count", "24", "--interval-ms", "20", "--encoding", "mixed", "--gaiji", "some"});
  ASSERT_EQ(manifest.size(), 24u);
  ASSERT_TRUE(WaitFaceResults(24)) << FaceResultsAtHq();
  ASSERT_TRUE(WaitDrained().ok());
  EXPECT_EQ(FaceResultsAtHq(), 24);
  EXPECT_EQ(Sql("SELECT count(DISTINCT check_id) FROM check_results WHERE source = 4"), "24");
  // Random ids, as a card check's: not derived from the device id and the file's name, which
  // another terminal could compute and send first.
  EXPECT_EQ(Sql("SELECT count(*) FROM check_results WHERE source = 4 AND "
                "substr(check_id::text, 15, 1) <> '4'"),
            "0");
  // Face reader, at the counter, identity by the reader.
  EXPECT_EQ(Sql("SELECT DISTINCT route || '/' || mode FROM check_results WHERE source = 4"), "1/3");
  int gaiji = 0, invalid = 0;
  for (const auto& m : manifest) {
    gaiji += m["gaiji"].get<bool>() ? 1 : 0;
    invalid += m["qualification_validity"].get<int>() == 2 ? 1 : 0;
    // The receipt computer's file: still there, byte for byte as written.
    EXPECT_TRUE(fs::exists(fs::path(res()) / m["file"].get<std::string>())) << m["file"];
  }
  ASSERT_GT(gaiji, 0);
  EXPECT_EQ(Sql("SELECT count(*) FROM check_results WHERE source = 4 AND name_unrepresentable"),
            std::to_string(gaiji));
  EXPECT_EQ(Sql("SELECT count(*) FROM check_results WHERE source = 4 AND outcome = 2"),
            std::to_string(invalid));
  EXPECT_EQ(Sql("SELECT count(*) FROM check_results WHERE source = 4 AND outcome = 1"),
            std::to_string(24 - invalid));

  // The staff window's list shows them with the patient's fields as the file had them.
  v1::ListRecentRequest list;
  v1::ListRecentResponse recent;
  grpc::ClientContext ctx;
  ASSERT_TRUE(agent_->stub().ListRecent(&ctx, list, &recent).ok());
  std::multiset<std::string> names_seen, names_written;
  for (const auto& r : recent.results()) {
    if (r.source() == v1::CHECK_SOURCE_FACE_READER) names_seen.insert(r.eligibility().name());
  }
  for (const auto& m : manifest) names_written.insert(m["name"].get<std::string>());
  EXPECT_EQ(names_seen, names_written);

  // A restart looks at every file again and records none of them twice.
  agent_->Stop();
  StartAgent();
  WaitFollowingFiles();
  ASSERT_TRUE(WaitDrained().ok());
  EXPECT_EQ(FaceResultsAtHq(), 24);
  // A file rewritten with the same answer (a copy over it) is not a new check either.
  const auto first = fs::path(res()) / manifest[0]["file"].get<std::string>();
  const std::string bytes = Slurp(first);
  std::ofstream(first, std::ios::binary | std::ios::trunc) << bytes;
  auto more = DropFaceFiles({"--count", "1", "--seed", "7"});
  ASSERT_EQ(more.size(), 1u);
  ASSERT_TRUE(WaitFaceResults(25));
  ASSERT_TRUE(WaitDrained().ok());
  EXPECT_EQ(FaceResultsAtHq(), 25);
}

TEST_F(TerminalFiles, KillNineBetweenReadingAFaceFileAndCommittingItLosesNothing) {
  SetSiteRoute();
  StartAgent({"--test-pickup-delay-ms", "60000"});
  WaitFollowingFiles();
  auto manifest = DropFaceFiles({"--count", "1"});
  ASSERT_EQ(manifest.size(), 1u);
  const std::string name = manifest[0]["file"];
  // The daemon says it read the file and is about to commit: kill it inside that window.
  ASSERT_TRUE(WaitFor(
      [&] { return agent_->ReadLog().find(name + " read; committing") != std::string::npos; },
      kLong))
      << agent_->ReadLog();
  agent_->Kill();
  EXPECT_EQ(FaceResultsAtHq(), 0);
  StartAgent();
  WaitFollowingFiles();
  ASSERT_TRUE(WaitFaceResults(1));
  ASSERT_TRUE(WaitDrained().ok());
  EXPECT_EQ(FaceResultsAtHq(), 1);
  // Killed again after the commit: the file is known, nothing is added.
  agent_->Kill();
  StartAgent();
  WaitFollowingFiles();
  ASSERT_TRUE(WaitDrained().ok());
  EXPECT_EQ(FaceResultsAtHq(), 1);
}

TEST_F(TerminalFiles, FilesDeletedFiftyMillisecondsAfterTheyAppearAreStillRecorded) {
  SetSiteRoute();
  StartAgent();
  WaitFollowingFiles();
  auto manifest =
      DropFaceFiles({"--count", "20", "--interval-ms", "30", "--delete-after-ms", "50"});
  ASSERT_EQ(manifest.size(), 20u);
  for (const auto& m : manifest) {
    EXPECT_FALSE(fs::exists(fs::path(res()) / m["file"].get<std::string>()));
  }
  ASSERT_TRUE(WaitFaceResults(20)) << FaceResultsAtHq() << "\n" << agent_->ReadLog();
  ASSERT_TRUE(WaitDrained().ok());
  EXPECT_EQ(FaceResultsAtHq(), 20);
  auto status = agent_->GetStatus();
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->route().face_files_vanished(), 0u);
}

TEST_F(TerminalFiles, RecheckThroughTheFoldersForEveryAnswer) {
  SetSiteRoute({"--answer-timeout", "2"});
  StartResponder();
  StartAgent();
  WaitFollowingFiles();

  // Eligible: 山田 太郎 of the synthetic population, exactly as the emulator knows him.
  auto ok = Recheck("06139992", "TEST1", "1001", "00", "1985-04-12");
  EXPECT_EQ(ok["route"], "terminal-files");
  EXPECT_EQ(ok["outcome"], "eligible") << ok.dump();
  EXPECT_EQ(ok["eligibility"]["name"], "山田 太郎");
  EXPECT_EQ(ok["eligibility"]["insurer_number"], "06139992");
  EXPECT_EQ(ok["eligibility"]["insured_symbol"], "TEST1");
  EXPECT_EQ(ok["eligibility"]["birth_date"], "1985-04-12");
  EXPECT_FALSE(ok["eligibility"]["name_unrepresentable"].get<bool>());
  // Lost: 田中 良子 (国保, 6 digits) lost her coverage on 2026-03-31.
  auto lost = Recheck("139998", "テ国", "7788", "00", "1955-03-21");
  EXPECT_EQ(lost["outcome"], "ineligible") << lost.dump();
  EXPECT_EQ(lost["eligibility"]["disqualification_date"], "2026-03-31");
  EXPECT_EQ(lost["eligibility"]["insurer_number"], "139998");
  // Nobody: 該当資格なし.
  EXPECT_EQ(Recheck("06139992", "TEST1", "9999", "00", "1990-01-01")["outcome"], "not_found");
  // The terminal still processing (segment 2), then the final answer: waited for, not an error.
  EXPECT_EQ(Recheck("06139992", "TEST1", "8006", "00", "1990-01-01")["outcome"], "not_found");

  struct Case {
    const char* number;
    const char* reason;
  };
  for (const Case& c : {Case{"8001", "xml.terminal_error"}, Case{"8002", "xml.terminal_error"},
                        Case{"8003", "xml.malformed"}, Case{"8005", "xml.too_large"}}) {
    auto j = Recheck("06139992", "TEST1", c.number, "00", "1990-01-01");
    EXPECT_EQ(j["outcome"], "error") << c.number << " " << j.dump();
    EXPECT_EQ(j["error_reason"], c.reason) << c.number << " " << j.dump();
  }
  // Kept aside for inspection in the agent's archive, not left in res.
  std::vector<std::string> kept;
  for (const char* kind : {"too_large", "broken"}) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(state_ + "/terminal-files/" + kind, ec)) {
      kept.push_back(std::string(kind) + "/" + e.path().filename().string());
    }
  }
  EXPECT_EQ(kept.size(), 2u) << ::testing::PrintToString(kept);
  // Nothing of ours piles up in the terminal's folders (hidden names are writes in progress).
  for (const auto& folder : {req(), res()}) {
    for (const auto& e : fs::directory_iterator(folder)) {
      if (e.path().filename().string()[0] != '.') ADD_FAILURE() << "left behind: " << e.path();
    }
  }

  // The staff window's 再照会 (the daemon's Recheck, a regular home visit whose first visit
  // checked the card with consent) takes the same route.
  {
    // Beside the running daemon, as a second front-end would (its store key, its hashing).
    auto store = agent::LocalStore::Open(state_ + "/outbox.db");
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    auto today = domain::ParseIsoDate(TodayInJapan());
    ASSERT_TRUE(today.ok());
    ASSERT_TRUE(
        (*store)->RecordFirstVisit("06139992|TEST1|1001|00|1985-04-12", *today, "consent-1").ok());
    store->reset();
    v1::RecheckRequest request;
    request.set_insurer_number("06139992");
    request.set_insured_symbol("TEST1");
    request.set_insured_number("1001");
    request.set_insured_branch_number("00");
    request.set_birth_date("1985-04-12");
    request.set_route(v1::CHECK_ROUTE_HOME_VISIT);
    grpc::ClientContext ctx;
    v1::CheckResult result;
    auto rpc = agent_->stub().Recheck(&ctx, request, &result);
    ASSERT_TRUE(rpc.ok()) << rpc.error_message();
    EXPECT_EQ(result.outcome(), v1::OUTCOME_ELIGIBLE);
    EXPECT_EQ(result.eligibility().name(), "山田 太郎");
    EXPECT_EQ(result.source(), v1::CHECK_SOURCE_RECHECK);
  }

  // Late: the answer comes 4 s after a 2 s timeout; the daemon records it as late, with the
  // timed-out check it answers, and deletes it from res.
  auto late = Recheck("06139992", "TEST1", "8004", "00", "1990-01-01");
  EXPECT_EQ(late["outcome"], "error");
  EXPECT_EQ(late["error_reason"], "xml.timeout");
  const std::string timed_out = late["check_id"];
  ASSERT_TRUE(WaitFor(
      [&] {
        return Sql("SELECT count(*) FROM check_results WHERE answer_late AND answers_check_id = '" +
                   timed_out + "'") == "1";
      },
      kLong))
      << agent_->ReadLog();
  EXPECT_EQ(Sql("SELECT outcome || '/' || source || '/' || route FROM check_results WHERE "
                "answer_late"),
            "3/2/4");  // not found, 再照会, online: the route of the request it answers
  // Saved, the answer is deleted, not archived: it names the patient in clear text (privacy
  // review: the archive outlived the re-view window on a terminal whose route changed).
  ASSERT_TRUE(WaitFor([&] { return fs::is_empty(res()); }, kLong));
  std::error_code ec;
  EXPECT_FALSE(fs::exists(state_ + "/terminal-files/late", ec));
  auto status = agent_->GetStatus();
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->route().late_answers(), 1u);
}

// A face file read while the outbox will not take it (another program holds its lock, the disk
// filled for a moment) is held in memory and saved later, even when the receipt computer has
// deleted the file meanwhile: it was read, it is not "vanished" (review-local #4).
TEST_F(TerminalFiles, AFaceFileReadWhileTheOutboxIsLockedIsHeldNotLost) {
  SetSiteRoute();
  StartAgent();
  WaitFollowingFiles();
  sqlite3* lock = nullptr;
  ASSERT_EQ(sqlite3_open((state_ + "/outbox.db").c_str(), &lock), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(lock, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  auto manifest = DropFaceFiles({"--count", "1", "--delete-after-ms", "1000"});
  ASSERT_EQ(manifest.size(), 1u);
  const bool held = WaitFor(
      [&] {
        return agent_->ReadLog().find("could not be saved (outbox.busy); held in memory") !=
               std::string::npos;
      },
      kLong);
  EXPECT_FALSE(fs::exists(fs::path(res()) / manifest[0]["file"].get<std::string>()));
  sqlite3_exec(lock, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(lock);
  ASSERT_TRUE(held) << agent_->ReadLog();
  ASSERT_TRUE(WaitFaceResults(1)) << agent_->ReadLog();
  ASSERT_TRUE(WaitDrained().ok());
  EXPECT_EQ(FaceResultsAtHq(), 1);
  auto status = agent_->GetStatus();
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->route().face_files_vanished(), 0u);
  EXPECT_EQ(status->route().face_files_picked(), 1u);
}

// A face file written slowly, in parts, is one result once it is whole: the settle time counts
// from its last change, not from the first look that could not parse it (review-local #6).
TEST_F(TerminalFiles, AFaceFileWrittenInPartsIsOneResult) {
  SetSiteRoute();
  StartAgent();
  WaitFollowingFiles();
  const std::string elsewhere = dir_ + "/written-elsewhere";
  fs::create_directories(elsewhere);
  auto out =
      RunCommand({KAKUNIN_OQS_BIN, "face", "--res", elsewhere, "--count", "1"}, {}, "", true);
  ASSERT_TRUE(out.ok() && out->exit_code == 0);
  fs::path written;
  for (const auto& e : fs::directory_iterator(elsewhere)) written = e.path();
  const std::string bytes = Slurp(written);
  ASSERT_GT(bytes.size(), 600u);
  // Six parts, 300 ms apart (1.5 s in all, longer than the 1 s settle): a writer that does not
  // write under a temporary name, as some receipt computers do.
  const fs::path target = fs::path(res()) / written.filename();
  const size_t part = bytes.size() / 6 + 1;
  for (size_t at = 0; at < bytes.size(); at += part) {
    std::ofstream(target, std::ios::binary | std::ios::app) << bytes.substr(at, part);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  ASSERT_TRUE(WaitFaceResults(1)) << agent_->ReadLog();
  ASSERT_TRUE(WaitDrained().ok());
  EXPECT_EQ(FaceResultsAtHq(), 1) << agent_->ReadLog();
  EXPECT_EQ(Sql("SELECT count(*) FROM check_results WHERE source = 4 AND outcome IN (1, 2)"), "1");
  EXPECT_FALSE(fs::exists(state_ + "/terminal-files/broken")) << agent_->ReadLog();
}

}  // namespace
}  // namespace kakunin::testing
