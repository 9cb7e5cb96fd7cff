// The certificate calendar (issue 19) against a real kakunin-server and PostgreSQL. Three
// stores — 本町 (honcho, A), 駅前 (ekimae, B), 西口 (nishiguchi, C) — and a terminal each for A
// and B on the agent's Connect stream. The test proves that:
// - HQ records a store's 資格確認端末 certificate (last day, or issue date + 3 years 3 months)
//   and its file's path; bad input is refused at the edge in Japanese, nothing stored; each
//   change is one audit event, the same values again none; the store's terminals get the
//   settings on their open stream;
// - what a terminal read from the file wins over HQ's record, a read of a path no longer named
//   does not count, and a read that failed shows its reason and falls back to HQ's record;
// - a device certificate past its last day turns the store red (on the day after; the last day
//   itself is 0 days left), and warnings reach the dashboard and the daily summary;
// - a refused device renewal is shown with when and why, a renewal with when;
// - branch managers see their stores only; staff nothing.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <ctime>
#include <functional>
#include <map>

#include "common/crypto/keys.h"
#include "common/crypto/x509.h"
#include "common/domain/cert_calendar.h"
#include "tests/server/hq_fixture.h"

namespace kakunin::testing::hq {
namespace {

using grpc::StatusCode;
constexpr char kA[] = "honcho";
constexpr char kB[] = "ekimae";
constexpr char kC[] = "nishiguchi";
constexpr char kPassword[] = "Kakunin2026";
constexpr char kPath[] = "/srv/oqs/terminal.pem";

domain::Date TodayInJapan() { return domain::JapanDateOf(std::time(nullptr)); }

// 23:59:59 Japan time on `day`: how a certificate valid through that day states its notAfter.
int64_t EndOfJapanDay(const domain::Date& day) {
  std::tm tm{};
  tm.tm_year = day.year - 1900;
  tm.tm_mon = day.month - 1;
  tm.tm_mday = day.day;
  return static_cast<int64_t>(timegm(&tm)) + 86399 - 9 * 3600;
}

class CertificateCalendarTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = MakeTempDir("kakunin-certcal");
    ::chmod(dir_.c_str(), 0755);
    auto rig = ServerRig::Start(dir_, kA, "本町薬局");
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = rig->release();
    for (auto [id, name] : {std::pair{kB, "駅前薬局"}, std::pair{kC, "西口薬局"}}) {
      ASSERT_TRUE(rig_->Cli({"site", "add"}, {"--id", id, "--name", name, "--auto-approve"}).ok());
    }
    for (auto [login, role] :
         {std::pair{"manager-a", "branch_manager"}, std::pair{"staff-a", "staff"}}) {
      auto r = AddUser(*rig_, login, role, kA, kPassword);
      ASSERT_TRUE(r.ok()) << r.error().ToString();
    }
    console_ = v1::ConsoleService::NewStub(HqChannel(*rig_)).release();
    for (const char* login : {"admin", "manager-a", "staff-a"}) {
      auto t = ConsoleLogin(*console_, login, kPassword);
      ASSERT_TRUE(t.ok()) << login << ": " << t.error().ToString();
      tokens_[login] = *t;
    }
    for (auto [site, terminal] : {std::pair{kA, &a_}, std::pair{kB, &b_}}) {
      auto t = EnrollTerminal(*rig_, site);
      ASSERT_TRUE(t.ok()) << t.error().ToString();
      *terminal = *t;
    }
    auto stream = TerminalStream::Open(*rig_, a_);
    ASSERT_TRUE(stream.ok()) << stream.error().ToString();
    a_stream_ = stream->release();
  }

  static void TearDownTestSuite() {
    delete a_stream_;
    delete console_;
    delete rig_;
    if (!std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }

  static grpc::Status Calendar(const std::string& who, v1::CertificateCalendar* out,
                               const std::string& site = "") {
    grpc::ClientContext ctx;
    Authorize(&ctx, tokens_[who]);
    v1::GetCertificateCalendarRequest req;
    req.set_site_id(site);
    return console_->GetCertificateCalendar(&ctx, req, out);
  }

  static grpc::Status Set(const v1::SetTerminalCertificateExpiryRequest& req,
                          v1::CertificateEntry* out = nullptr, const std::string& who = "admin") {
    grpc::ClientContext ctx;
    Authorize(&ctx, tokens_[who]);
    v1::CertificateEntry ignored;
    return console_->SetTerminalCertificateExpiry(&ctx, req, out ? out : &ignored);
  }

  static v1::CertificateEntry Entry(const v1::CertificateCalendar& cal, v1::CertificateKind kind,
                                    const std::string& site) {
    for (const auto& e : cal.entries()) {
      if (e.kind() == kind && e.site_id() == site) return e;
    }
    ADD_FAILURE() << "no entry for " << site;
    return {};
  }

  // Sends `m`, then a result: its acknowledgement means `m` was handled.
  static void WriteAndSync(const v1::AgentMessage& m) {
    ASSERT_TRUE(a_stream_->Write(m).ok());
    auto ack = a_stream_->Send(MakeResults(next_seq_, 1));
    ASSERT_TRUE(ack.ok()) << ack.error().ToString();
    ASSERT_EQ(*ack, next_seq_);
    ++next_seq_;
  }

  static std::string Psql(const std::string& sql) {
    auto out = rig_->pg().Psql("kakunin", sql);
    EXPECT_TRUE(out.ok()) << out.error().ToString();
    return out.ok() ? Trim(*out) : "";
  }

  static inline std::string dir_;
  static inline ServerRig* rig_ = nullptr;
  static inline v1::ConsoleService::Stub* console_ = nullptr;
  static inline std::map<std::string, std::string> tokens_;
  static inline Terminal a_, b_;
  static inline TerminalStream* a_stream_ = nullptr;
  static inline uint64_t next_seq_ = 1;
};

TEST_F(CertificateCalendarTest, HqRecordsTheTerminalCertificateValidatedAndAuditedOncePerChange) {
  const auto audits = [] {
    return Psql(
        "SELECT count(*) FROM audit_log WHERE event = 'site.terminal_cert_set' AND "
        "site_id = 'nishiguchi'");
  };
  // Refused at the edge, in Japanese, before anything is stored.
  struct Bad {
    const char* day;
    const char* issued;
    const char* path;
    const char* site;
    StatusCode code;
    const char* words;
  };
  for (const Bad& bad : {
           Bad{"2027/03/31", "", "", kC, StatusCode::INVALID_ARGUMENT, "年-月-日"},
           Bad{"2027-02-30", "", "", kC, StatusCode::INVALID_ARGUMENT, "年-月-日"},
           Bad{"2027-03-31", "2024-01-01", "", kC, StatusCode::INVALID_ARGUMENT, "どちらか一方"},
           Bad{"2099-03-31", "", "", kC, StatusCode::INVALID_ARGUMENT, "3年3か月"},
           Bad{"", "2099-01-01", "", kC, StatusCode::INVALID_ARGUMENT, "今日までの日付"},
           Bad{"", "", "terminal.pem", kC, StatusCode::INVALID_ARGUMENT, "絶対パス"},
           Bad{"", "", "/srv/../etc/shadow", kC, StatusCode::INVALID_ARGUMENT, "絶対パス"},
           Bad{"2027-03-31", "", "", "no-such-store", StatusCode::NOT_FOUND, "登録されていません"},
       }) {
    v1::SetTerminalCertificateExpiryRequest req;
    req.set_site_id(bad.site);
    req.set_last_valid_day(bad.day);
    req.set_issued_on(bad.issued);
    req.set_certificate_path(bad.path);
    auto s = Set(req);
    EXPECT_EQ(s.error_code(), bad.code) << bad.day << bad.issued << bad.path;
    EXPECT_NE(s.error_message().find(bad.words), std::string::npos) << s.error_message();
    EXPECT_EQ(s.error_message().find("SQL"), std::string::npos);
  }
  EXPECT_EQ(audits(), "0");
  EXPECT_EQ(Psql("SELECT count(*) FROM site_terminal_certificates"), "0");

  // By issue date: the last day is 3 years 3 months later, the day before.
  const domain::Date issued = domain::AddDays(TodayInJapan(), -400);
  const domain::Date last = domain::TerminalCertificateLastDay(issued);
  v1::SetTerminalCertificateExpiryRequest req;
  req.set_site_id(kC);
  req.set_issued_on(domain::FormatIso(issued));
  v1::CertificateEntry entry;
  auto s = Set(req, &entry);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(entry.kind(), v1::CERTIFICATE_KIND_TERMINAL);
  EXPECT_EQ(entry.site_name(), "西口薬局");
  EXPECT_EQ(entry.last_valid_day(), domain::FormatIso(last));
  EXPECT_EQ(entry.days_left(), domain::DaysBetween(TodayInJapan(), last));
  EXPECT_EQ(entry.source(), "hq");
  EXPECT_EQ(entry.recorded_by(), "user:admin");
  EXPECT_EQ(audits(), "1");
  // The same values again change nothing and leave no record.
  ASSERT_TRUE(Set(req).ok());
  EXPECT_EQ(audits(), "1");
  // Its last day, directly: one more change.
  req.clear_issued_on();
  req.set_last_valid_day(domain::FormatIso(TodayInJapan()));
  ASSERT_TRUE(Set(req, &entry).ok());
  EXPECT_EQ(entry.days_left(), 0);  // its last valid day still checks
  EXPECT_EQ(entry.urgency(), v1::CERTIFICATE_URGENCY_WARN_7);
  EXPECT_EQ(audits(), "2");
  EXPECT_NE(Psql("SELECT details FROM audit_log WHERE event = 'site.terminal_cert_set' ORDER BY "
                 "seq DESC LIMIT 1")
                .find(domain::FormatIso(last)),
            std::string::npos);  // the record says what it was before
}

TEST_F(CertificateCalendarTest, TheFileATerminalReadWinsOverHqsRecord) {
  const domain::Date today = TodayInJapan();
  v1::SetTerminalCertificateExpiryRequest req;
  req.set_site_id(kA);
  req.set_last_valid_day(domain::FormatIso(domain::AddDays(today, 200)));
  req.set_certificate_path(kPath);
  ASSERT_TRUE(Set(req).ok());
  // The open stream of A's terminal gets the path and HQ's day at once.
  auto config = a_stream_->ReadUntil([](const v1::ServerMessage& m) {
    return m.has_config() && m.config().has_terminal_certificate();
  });
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->config().terminal_certificate().path(), kPath);
  EXPECT_EQ(config->config().terminal_certificate().last_valid_day(), req.last_valid_day());

  // The terminal read the file: 20 days left.
  v1::AgentMessage hb;
  auto* report = hb.mutable_heartbeat()->mutable_terminal_certificate();
  report->set_path(kPath);
  report->mutable_not_after()->set_seconds(EndOfJapanDay(domain::AddDays(today, 20)));
  report->mutable_not_before()->set_seconds(EndOfJapanDay(domain::AddDays(today, -1000)));
  report->set_subject("CN=1341234566-01,O=本町薬局,C=JP");
  report->set_serial_hex("0a1b2c3d");
  WriteAndSync(hb);
  v1::CertificateCalendar cal;
  ASSERT_TRUE(Calendar("admin", &cal).ok());
  auto a = Entry(cal, v1::CERTIFICATE_KIND_TERMINAL, kA);
  EXPECT_EQ(a.source(), "file");
  EXPECT_EQ(a.days_left(), 20);
  EXPECT_EQ(a.urgency(), v1::CERTIFICATE_URGENCY_WARN_30);
  EXPECT_EQ(a.warning_threshold(), 30);
  EXPECT_TRUE(a.renewal_open());
  EXPECT_EQ(a.subject(), "CN=1341234566-01,O=本町薬局,C=JP");
  EXPECT_EQ(a.serial_hex(), "0a1b2c3d");
  EXPECT_EQ(a.device_id(), a_.device_id);
  EXPECT_EQ(a.certificate_path(), kPath);
  EXPECT_TRUE(a.file_problem().empty());
  // Heartbeats repeat the same facts: stored once, not rewritten every 30 s.
  const std::string read_at =
      Psql("SELECT reported_at FROM terminal_certificate_reports WHERE device_id = '" +
           a_.device_id + "'");
  WriteAndSync(hb);
  EXPECT_EQ(Psql("SELECT reported_at FROM terminal_certificate_reports WHERE device_id = '" +
                 a_.device_id + "'"),
            read_at);

  // The file now holds a private key too: refused by the agent; HQ's record is used again and
  // the reason is shown.
  report->clear_not_after();
  report->clear_not_before();
  report->clear_subject();
  report->clear_serial_hex();
  report->set_problem("cert_file.private_key");
  WriteAndSync(hb);
  ASSERT_TRUE(Calendar("admin", &cal).ok());
  a = Entry(cal, v1::CERTIFICATE_KIND_TERMINAL, kA);
  EXPECT_EQ(a.source(), "hq");
  EXPECT_EQ(a.days_left(), 200);
  EXPECT_EQ(a.urgency(), v1::CERTIFICATE_URGENCY_FINE);
  EXPECT_EQ(a.file_problem(), "cert_file.private_key");

  // A read of a path HQ no longer names does not count.
  report->set_path("/old/place.pem");
  report->clear_problem();
  report->mutable_not_after()->set_seconds(EndOfJapanDay(domain::AddDays(today, 3)));
  WriteAndSync(hb);
  ASSERT_TRUE(Calendar("admin", &cal).ok());
  a = Entry(cal, v1::CERTIFICATE_KIND_TERMINAL, kA);
  EXPECT_EQ(a.source(), "hq");
  EXPECT_EQ(a.days_left(), 200);
  EXPECT_TRUE(a.file_problem().empty());
}

TEST_F(CertificateCalendarTest, RenewalsShowWhenTheyHappenedAndWhenAndWhyTheyFailed) {
  v1::AgentMessage renew;
  renew.mutable_renew()->set_csr_pem("not a CSR");
  ASSERT_TRUE(a_stream_->Write(renew).ok());
  auto answer = a_stream_->ReadUntil([](const v1::ServerMessage& m) { return m.has_renewed(); });
  ASSERT_TRUE(answer.ok()) << answer.error().ToString();
  EXPECT_TRUE(answer->renewed().certificate_pem().empty());
  v1::CertificateCalendar cal;
  ASSERT_TRUE(Calendar("admin", &cal).ok());
  auto dev = Entry(cal, v1::CERTIFICATE_KIND_DEVICE, kA);
  EXPECT_EQ(dev.device_id(), a_.device_id);
  EXPECT_EQ(dev.source(), "device");
  EXPECT_TRUE(dev.has_last_renewal_failed_at());
  EXPECT_LE(std::abs(dev.last_renewal_failed_at().seconds() - std::time(nullptr)), 300);
  EXPECT_FALSE(dev.last_renewal_failure().empty());
  EXPECT_FALSE(dev.has_last_renewed_at());
  // The same refusal again and again (a broken terminal in a loop) is answered each time but
  // written to the database once in ten minutes.
  const std::string failed_at =
      "SELECT cert_renew_failed_at::text FROM devices WHERE device_id = '" + a_.device_id + "'";
  const std::string first_failure = Psql(failed_at);
  ASSERT_FALSE(first_failure.empty());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(a_stream_->Write(renew).ok());
    answer = a_stream_->ReadUntil([](const v1::ServerMessage& m) { return m.has_renewed(); });
    ASSERT_TRUE(answer.ok()) << answer.error().ToString();
    EXPECT_TRUE(answer->renewed().certificate_pem().empty());
  }
  EXPECT_EQ(Psql(failed_at), first_failure);

  // A P-256 key, as terminals enrolled before Ed25519 make at their renewal: still accepted.
  auto key = crypto::GenerateEcP256Key();
  ASSERT_TRUE(key.ok());
  auto csr = crypto::MakeCsr(key->get(), {{"CN", a_.device_id}});
  ASSERT_TRUE(csr.ok());
  renew.mutable_renew()->set_csr_pem(*crypto::CsrToPem(csr->get()));
  ASSERT_TRUE(a_stream_->Write(renew).ok());
  answer = a_stream_->ReadUntil([](const v1::ServerMessage& m) { return m.has_renewed(); });
  ASSERT_TRUE(answer.ok()) << answer.error().ToString();
  EXPECT_FALSE(answer->renewed().certificate_pem().empty());
  ASSERT_TRUE(Calendar("admin", &cal).ok());
  dev = Entry(cal, v1::CERTIFICATE_KIND_DEVICE, kA);
  EXPECT_TRUE(dev.has_last_renewed_at());
  EXPECT_TRUE(dev.has_last_renewal_failed_at());  // the last failure stays visible

  // Renewing again minutes later is answered "keep yours" without signing or auditing: a
  // terminal cannot grow the audit chain every other terminal shares by repeating it.
  const std::string renewals =
      "SELECT count(*) FROM audit_log WHERE event = "
      "'device.cert_renewed' AND device_id = '" +
      a_.device_id + "'";
  ASSERT_EQ(Psql(renewals), "1");
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(a_stream_->Write(renew).ok());
    answer = a_stream_->ReadUntil([](const v1::ServerMessage& m) { return m.has_renewed(); });
    ASSERT_TRUE(answer.ok()) << answer.error().ToString();
    EXPECT_TRUE(answer->renewed().certificate_pem().empty());
  }
  EXPECT_EQ(Psql(renewals), "1");
}

// Renewal tries are bounded whatever their outcome: six at once, then one every two minutes.
// Each refused CSR was worked on by the opening threads every terminal's stream shares, so one
// terminal sending them in a loop held the others' openings back. An over-long CSR is not
// worked on at all.
TEST_F(CertificateCalendarTest, RenewalTriesPastTheirBudgetAreNotWorkedOn) {
  auto stream = TerminalStream::Open(*rig_, b_);
  ASSERT_TRUE(stream.ok()) << stream.error().ToString();
  const std::string failed_at =
      "SELECT coalesce(cert_renew_failed_at::text, 'never') FROM devices WHERE device_id = '" +
      b_.device_id + "'";
  auto ask = [&](const std::string& csr_pem) {
    v1::AgentMessage renew;
    renew.mutable_renew()->set_csr_pem(csr_pem);
    EXPECT_TRUE((*stream)->Write(renew).ok());
    auto answer = (*stream)->ReadUntil([](const v1::ServerMessage& m) { return m.has_renewed(); });
    EXPECT_TRUE(answer.ok()) << answer.error().ToString();
    return answer.ok() ? answer->renewed().certificate_pem() : std::string("no answer");
  };
  // Over the CSR's 8,192 bytes: answered "keep yours", nothing recorded.
  EXPECT_EQ(ask(std::string(9000, 'A')), "");
  EXPECT_EQ(Psql(failed_at), "never");
  for (int i = 0; i < 6; ++i) EXPECT_EQ(ask("not a CSR"), "") << i;
  EXPECT_NE(Psql(failed_at), "never");
  // A good CSR now is not signed: the budget is spent.
  auto key = crypto::GenerateEcP256Key();
  ASSERT_TRUE(key.ok());
  auto csr = crypto::MakeCsr(key->get(), {{"CN", b_.device_id}});
  ASSERT_TRUE(csr.ok());
  EXPECT_EQ(ask(*crypto::CsrToPem(csr->get())), "");
  EXPECT_EQ(Psql("SELECT count(*) FROM audit_log WHERE event = 'device.cert_renewed' AND "
                 "device_id = '" +
                 b_.device_id + "'"),
            "0");
  EXPECT_NE(rig_->ServerLog().find("device " + b_.device_id + ": renewal refused: "),
            std::string::npos)
      << rig_->ServerLog();
}

TEST_F(CertificateCalendarTest, AnExpiredCertificateTurnsTheStoreRedOnDashboardAndSummary) {
  const domain::Date today = TodayInJapan();
  // B's device certificate ended yesterday: today is the day after, checks stop.
  Psql("UPDATE devices SET cert_not_after = to_timestamp(" +
       std::to_string(EndOfJapanDay(domain::AddDays(today, -1))) + ") WHERE device_id = '" +
       b_.device_id + "'");
  v1::CertificateCalendar cal;
  ASSERT_TRUE(Calendar("admin", &cal).ok());
  EXPECT_EQ(cal.today(), domain::FormatIso(today));
  EXPECT_EQ(std::vector<int>(cal.warning_days().begin(), cal.warning_days().end()),
            (std::vector<int>{90, 60, 30, 7}));
  EXPECT_EQ(cal.sites(), 3u);
  EXPECT_EQ(cal.sites_expired(), 1u);
  EXPECT_GE(cal.expired(), 1u);
  const auto& first = cal.entries(0);  // most urgent first
  EXPECT_EQ(first.site_id(), kB);
  EXPECT_EQ(first.kind(), v1::CERTIFICATE_KIND_DEVICE);
  EXPECT_EQ(first.urgency(), v1::CERTIFICATE_URGENCY_EXPIRED);
  EXPECT_EQ(first.days_left(), -1);
  // B has no 資格確認端末 date yet: unknown, listed for HQ to fill in.
  EXPECT_EQ(Entry(cal, v1::CERTIFICATE_KIND_TERMINAL, kB).urgency(),
            v1::CERTIFICATE_URGENCY_UNKNOWN);

  // Dashboard: the expired certificate among the warnings; a device certificate with a year
  // left (A's) is not one.
  grpc::ClientContext ctx;
  Authorize(&ctx, tokens_["admin"]);
  v1::Dashboard dash;
  ASSERT_TRUE(console_->GetDashboard(&ctx, v1::GetDashboardRequest(), &dash).ok());
  ASSERT_GE(dash.certificate_warnings_size(), 1);
  EXPECT_EQ(dash.certificate_warnings(0).site_id(), kB);
  EXPECT_EQ(dash.certificate_warnings(0).urgency(), v1::CERTIFICATE_URGENCY_EXPIRED);
  for (const auto& w : dash.certificate_warnings()) {
    EXPECT_FALSE(w.kind() == v1::CERTIFICATE_KIND_DEVICE && w.site_id() == kA) << w.DebugString();
  }
  // A branch manager of A does not see B's.
  grpc::ClientContext mctx;
  Authorize(&mctx, tokens_["manager-a"]);
  v1::Dashboard mdash;
  ASSERT_TRUE(console_->GetDashboard(&mctx, v1::GetDashboardRequest(), &mdash).ok());
  for (const auto& w : mdash.certificate_warnings()) EXPECT_EQ(w.site_id(), kA);

  // The daily summary lists it, in its lines too.
  grpc::ClientContext sctx;
  Authorize(&sctx, tokens_["admin"]);
  v1::GetDailySummaryRequest sreq;
  sreq.set_compute_now(true);
  v1::DailySummary summary;
  auto s = console_->GetDailySummary(&sctx, sreq, &summary);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_GE(summary.certificate_warnings_size(), 1);
  EXPECT_EQ(summary.certificate_warnings(0).site_id(), kB);
  bool line = false;
  for (const auto& l : summary.lines()) {
    line |= l.starts_with("CERTIFICATE EXPIRED ekimae (駅前薬局): device certificate");
  }
  EXPECT_TRUE(line);
}

TEST_F(CertificateCalendarTest, BranchManagersSeeTheirStoresOnlyAndStaffNothing) {
  v1::CertificateCalendar cal;
  ASSERT_TRUE(Calendar("manager-a", &cal).ok());
  EXPECT_EQ(cal.sites(), 1u);
  ASSERT_GT(cal.entries_size(), 0);
  for (const auto& e : cal.entries()) EXPECT_EQ(e.site_id(), kA);
  EXPECT_EQ(Calendar("manager-a", &cal, kB).error_code(), StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Calendar("staff-a", &cal).error_code(), StatusCode::PERMISSION_DENIED);
  v1::SetTerminalCertificateExpiryRequest req;
  req.set_site_id(kA);
  req.set_last_valid_day("2027-03-31");
  EXPECT_EQ(Set(req, nullptr, "manager-a").error_code(), StatusCode::PERMISSION_DENIED);
}

// What a terminal reports of its certificate reaches HQ's calendar: a report with a field out of
// bounds is not stored (the last good one stays), and the stream goes on.
TEST_F(CertificateCalendarTest, BrokenCertificateFactsFromATerminalAreNotStored) {
  v1::AgentMessage hb;
  auto* report = hb.mutable_heartbeat()->mutable_terminal_certificate();
  report->set_path(kPath);
  report->mutable_not_after()->set_seconds(EndOfJapanDay(domain::AddDays(TodayInJapan(), 90)));
  report->set_subject("CN=good");
  report->set_serial_hex("0a1b");
  WriteAndSync(hb);
  const std::string row_sql =
      "SELECT subject || '|' || serial_hex || '|' || problem || '|' || cert_path FROM "
      "terminal_certificate_reports WHERE device_id = '" +
      a_.device_id + "'";
  ASSERT_EQ(Psql(row_sql), "CN=good|0a1b||" + std::string(kPath));

  std::vector<std::pair<std::string, std::function<void(v1::TerminalCertificateReport*)>>> broken =
      {
          {"a control character in the subject", [](auto* r) { r->set_subject("CN=bad\x1b[2J"); }},
          {"a subject over 256 bytes", [](auto* r) { r->set_subject(std::string(257, 'x')); }},
          {"a serial that is not hex", [](auto* r) { r->set_serial_hex("0a1b;DROP"); }},
          {"a problem that is not a reason id",
           [](auto* r) { r->set_problem("<b>cert_file.private_key</b>"); }},
          {"a path over 260 bytes", [](auto* r) { r->set_path(std::string(261, 'p')); }},
          {"a date beyond year 9999",
           [](auto* r) { r->mutable_not_after()->set_seconds(253402300800); }},
      };
  for (const auto& [what, breaks] : broken) {
    v1::AgentMessage bad = hb;
    breaks(bad.mutable_heartbeat()->mutable_terminal_certificate());
    WriteAndSync(bad);  // the stream is still answered
    EXPECT_EQ(Psql(row_sql), "CN=good|0a1b||" + std::string(kPath)) << what;
  }
}

// A terminal whose report keeps changing (two alternating, heartbeat after heartbeat) gets ten
// writes, then one every 6 minutes: before, each heartbeat was a committed write on the threads
// that open every terminal's stream. One whose report is refused is logged once per stream, not
// once per heartbeat (journald drops every line of a program past its rate).
TEST_F(CertificateCalendarTest,
       AReportThatKeepsChangingIsWrittenAFewTimesAndRefusedOnesLoggedOnce) {
  ASSERT_TRUE(
      rig_->Cli({"site", "add"}, {"--id", "flood", "--name", "検証薬局", "--auto-approve"}).ok());
  auto t = EnrollTerminal(*rig_, "flood");
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  auto stream = TerminalStream::Open(*rig_, *t);
  ASSERT_TRUE(stream.ok()) << stream.error().ToString();
  uint64_t seq = 1;
  auto sync = [&] {
    auto ack = (*stream)->Send(MakeResults(seq, 1));
    ASSERT_TRUE(ack.ok()) << ack.error().ToString();
    ASSERT_EQ(*ack, seq);
    ++seq;
  };
  // Every write of a report row, counted inside the server's own transactions.
  Psql(
      "CREATE TABLE test_report_writes(device_id text); CREATE FUNCTION test_count_report() "
      "RETURNS trigger LANGUAGE plpgsql AS $$BEGIN INSERT INTO test_report_writes "
      "VALUES (NEW.device_id); RETURN NULL; END$$; CREATE TRIGGER test_count_report AFTER INSERT "
      "OR UPDATE ON terminal_certificate_reports FOR EACH ROW EXECUTE FUNCTION "
      "test_count_report()");
  v1::AgentMessage hb;
  auto* report = hb.mutable_heartbeat()->mutable_terminal_certificate();
  report->set_path(kPath);
  report->mutable_not_after()->set_seconds(EndOfJapanDay(domain::AddDays(TodayInJapan(), 90)));
  for (int i = 0; i < 40; ++i) {
    report->set_serial_hex(i % 2 == 0 ? "0a" : "0b");
    ASSERT_TRUE((*stream)->Write(hb).ok());
  }
  sync();
  EXPECT_EQ(
      Psql("SELECT count(*) FROM test_report_writes WHERE device_id = '" + t->device_id + "'"),
      "10");
  Psql("DROP TRIGGER test_count_report ON terminal_certificate_reports");

  report->set_serial_hex("not hex");
  for (int i = 0; i < 40; ++i) ASSERT_TRUE((*stream)->Write(hb).ok());
  sync();
  const std::string log = rig_->ServerLog(),
                    line = "device " + t->device_id + ": terminal certificate facts refused";
  size_t lines = 0;
  for (size_t at = log.find(line); at != std::string::npos; at = log.find(line, at + 1)) ++lines;
  EXPECT_EQ(lines, 1u);
}

}  // namespace
}  // namespace kakunin::testing::hq
