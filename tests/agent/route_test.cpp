// The terminal-files route's pieces without processes: HQ's route with its defaults, the hand-off
// file a receipt computer reads (element names and encoding declaration byte for byte, read back
// by our own reader), a face file as the result it becomes, the 外字 rule, and the outbox's
// once-only pickup.

#include "agent/check/route.h"

#include <gtest/gtest.h>

#ifndef _WIN32
#include <sys/stat.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <vector>

#include "agent/daemon/agent_core.h"
#include "agent/daemon/terminal_files.h"
#include "agent/eligibility/xml_codec.h"
#include "agent/eligibility/xml_exchange.h"
#include "agent/store/local_store.h"
#include "common/os/files.h"
#include "common/os/process.h"

namespace kakunin::agent {
namespace {
namespace fs = std::filesystem;
namespace xml = eligibility::xml;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

v1::CheckResult CardResult() {
  v1::CheckResult r;
  r.set_check_id("1b4e28ba-2fa1-11d2-883f-0016d3cca427");
  r.mutable_checked_at()->set_seconds(1796256000);  // 2026-12-03 09:00 JST
  r.set_source(v1::CHECK_SOURCE_CARD);
  r.set_outcome(v1::OUTCOME_ELIGIBLE);
  auto* e = r.mutable_eligibility();
  e->set_insurer_number("06139992");
  e->set_insured_symbol("TEST1");
  e->set_insured_number("1001");
  e->set_insured_branch_number("00");
  e->set_personal_family(1);
  e->set_name("山田 太郎");
  e->set_name_kana("ヤマダ タロウ");
  e->set_sex(v1::SEX_MALE);
  e->set_birth_date("1985-04-12");
  e->set_copayment_percent(30);
  e->set_insurer_name("テスト健康保険組合");
  return r;
}

class HandOff : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = os::MakeTempDir("kakunin-handoff"); }
  void TearDown() override { os::RemoveTree(dir_); }
  v1::RouteSettings Route(v1::FileEncoding encoding) {
    v1::RouteSettings r;
    r.set_route(v1::ELIGIBILITY_ROUTE_SERVICE_API);
    r.set_handoff_dir(dir_);
    r.set_handoff_encoding(encoding);
    return r;
  }
  std::vector<fs::path> Files() {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir_)) out.push_back(e.path());
    return out;
  }
  std::string dir_;
};

TEST_F(HandOff, ShiftJisFileInTheFaceReaderLayoutByteForByte) {
  auto written = HandOffResult(Route(v1::FILE_ENCODING_SHIFT_JIS), CardResult());
  ASSERT_TRUE(written.ok()) << written.error().ToString();
  EXPECT_TRUE(*written);
  auto files = Files();
  ASSERT_EQ(files.size(), 1u);  // no temp file left behind
  const std::string name = files[0].filename().string();
  EXPECT_TRUE(
      std::regex_match(name, std::regex(R"(OQSsiquc01res_face_20261203090000_KKN\w+\.xml)")))
      << name;
  EXPECT_TRUE(xml::IsFaceFileName(name));
  const std::string bytes = Slurp(files[0]);
  const std::string decl = "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n";
  ASSERT_EQ(bytes.substr(0, decl.size()), decl);
  // 山田 in CP932, not UTF-8.
  EXPECT_NE(bytes.find("\x8e\x52\x93\x63"), std::string::npos);
  EXPECT_EQ(bytes.find("山田"), std::string::npos);
  // The element names a receipt computer looks for, in order.
  auto utf8 = xml::ShiftJisToUtf8(bytes);
  ASSERT_TRUE(utf8.ok());
  std::vector<std::string> tags;
  std::regex open_tag(R"(<([A-Za-z0-9]+)[ />])");
  for (auto it = std::sregex_iterator(utf8->begin(), utf8->end(), open_tag);
       it != std::sregex_iterator(); ++it) {
    tags.push_back((*it)[1]);
  }
  const std::vector<std::string> head = {"XmlMsg",
                                         "MessageHeader",
                                         "ProcessExecutionTime",
                                         "QualificationConfirmationDate",
                                         "ArbitraryFileIdentifier",
                                         "ReferenceClassification",
                                         "SegmentOfResult",
                                         "ErrorCode",
                                         "ErrorMessage",
                                         "CharacterCodeIdentifier",
                                         "MessageBody",
                                         "ProcessingResultStatus",
                                         "ProcessingResultCode",
                                         "ProcessingResultMessage",
                                         "QualificationValidity",
                                         "ResultList",
                                         "ResultOfQualificationConfirmation",
                                         "InsuredCardClassification",
                                         "InsurerNumber",
                                         "InsuredCardSymbol",
                                         "InsuredIdentificationNumber",
                                         "InsuredBranchNumber",
                                         "PersonalFamilyClassification",
                                         "Name",
                                         "NameKana",
                                         "Sex1",
                                         "Birthdate"};
  ASSERT_GE(tags.size(), head.size());
  EXPECT_EQ(std::vector<std::string>(tags.begin(), tags.begin() + head.size()), head);
  EXPECT_NE(utf8->find("<CharacterCodeIdentifier>1</CharacterCodeIdentifier>"), std::string::npos);
  EXPECT_NE(utf8->find("<ReferenceClassification>1</ReferenceClassification>"), std::string::npos);

  // Our own reader takes it back as it was.
  auto parsed = xml::ParseAnswer(bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->encoding, xml::Encoding::kShiftJis);
  EXPECT_EQ(parsed->qualification_validity, 1);
  EXPECT_EQ(parsed->process_execution_time, "20261203090000");
  ASSERT_EQ(parsed->results.size(), 1u);
  EXPECT_EQ(parsed->results[0].name(), "山田 太郎");
  EXPECT_EQ(parsed->results[0].insurer_number(), "06139992");
  EXPECT_EQ(parsed->results[0].copayment_percent(), 30);
  EXPECT_EQ(parsed->results[0].birth_date(), "1985-04-12");
}

TEST_F(HandOff, Utf8DeclarationWhenConfigured) {
  ASSERT_TRUE(HandOffResult(Route(v1::FILE_ENCODING_UTF8), CardResult()).ok());
  auto files = Files();
  ASSERT_EQ(files.size(), 1u);
  const std::string bytes = Slurp(files[0]);
  EXPECT_EQ(bytes.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0), 0u);
  EXPECT_NE(bytes.find("<Name>山田 太郎</Name>"), std::string::npos);
}

TEST_F(HandOff, OnlyCardChecksTheServiceAnsweredAreHandedOff) {
  auto error = CardResult();
  error.set_outcome(v1::OUTCOME_ERROR);
  auto document = CardResult();
  document.set_source(v1::CHECK_SOURCE_DOCUMENT);
  auto files_route = Route(v1::FILE_ENCODING_UTF8);
  files_route.set_route(v1::ELIGIBILITY_ROUTE_TERMINAL_FILES);
  auto none = Route(v1::FILE_ENCODING_UTF8);
  none.clear_handoff_dir();
  for (const auto& [route, result] :
       {std::pair{Route(v1::FILE_ENCODING_UTF8), error},
        std::pair{Route(v1::FILE_ENCODING_UTF8), document}, std::pair{files_route, CardResult()},
        std::pair{none, CardResult()}}) {
    auto written = HandOffResult(route, result);
    ASSERT_TRUE(written.ok());
    EXPECT_FALSE(*written);
  }
  EXPECT_TRUE(Files().empty());
  // Not found: a file with QualificationValidity 4 and no result, as the reader writes one.
  auto nobody = CardResult();
  nobody.set_outcome(v1::OUTCOME_NOT_FOUND);
  nobody.clear_eligibility();
  ASSERT_TRUE(*HandOffResult(Route(v1::FILE_ENCODING_UTF8), nobody));
  auto parsed = xml::ParseAnswer(Slurp(Files().at(0)));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->qualification_validity, 4);
  EXPECT_TRUE(parsed->results.empty());
}

TEST_F(HandOff, MissingFolderIsAClearError) {
  auto route = Route(v1::FILE_ENCODING_UTF8);
  route.set_handoff_dir(dir_ + "/gone");
  auto written = HandOffResult(route, CardResult());
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().reason(), "route.handoff_failed");
}

// A file the receipt computer never took leaves after a day; nothing else of the folder does
// (the face reader's answers, the receipt computer's own files), however old.
TEST_F(HandOff, FilesNotTakenInADayAreRemovedAndNothingElse) {
  auto route = Route(v1::FILE_ENCODING_UTF8);
  ASSERT_TRUE(*HandOffResult(route, CardResult()));
  auto second = CardResult();
  second.set_check_id("2c5f39cb-3fb2-12e3-994f-1127e4ddb538");
  ASSERT_TRUE(*HandOffResult(route, second));
  auto files = Files();
  ASSERT_EQ(files.size(), 2u);
  for (const auto& f : files) {
    EXPECT_TRUE(IsOwnHandOffName(f.filename().string())) << f;
#ifndef _WIN32  // the folder's access list decides there
    // Patient data: the folder's group (the receipt computer's) may read it, not every account.
    struct stat st {};
    ASSERT_EQ(::stat(f.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0640u) << f;
#endif
  }
  const fs::path old_own = files[0], recent_own = files[1];
  const fs::path face = fs::path(dir_) / "OQSsiquc01res_face_20261203090000_FACE0001.xml";
  const fs::path other = fs::path(dir_) / "receipt-computer.log";
  std::ofstream(face) << "<XmlMsg/>";
  std::ofstream(other) << "log";
  const auto two_days_ago = fs::file_time_type::clock::now() - std::chrono::hours(48);
  for (const auto& p : {old_own, face, other}) fs::last_write_time(p, two_days_ago);

  EXPECT_EQ(PruneHandOffs(dir_, fs::file_time_type::clock::now() - kHandOffKeep), 1);
  EXPECT_FALSE(fs::exists(old_own));
  EXPECT_TRUE(fs::exists(recent_own));
  EXPECT_TRUE(fs::exists(face));
  EXPECT_TRUE(fs::exists(other));
  EXPECT_EQ(PruneHandOffs(dir_ + "/gone", fs::file_time_type::clock::now()), 0);

  EXPECT_FALSE(IsOwnHandOffName("OQSsiquc01res_face_20261203090000_KKN.xml"));  // no id
  EXPECT_FALSE(IsOwnHandOffName("OQSsiquc01res_face_2026120309000x_KKN1b4e.xml"));
  EXPECT_FALSE(IsOwnHandOffName("OQSsiquc01res_KKN1b4e28ba2fa111d2883f.xml"));  // 再照会 answer
  EXPECT_FALSE(IsOwnHandOffName("OQSsiquc01res_face_20261203090000_KKN1b4e.xml.tmp"));
}

TEST(EffectiveRoute, DefaultsAndBounds) {
  v1::TerminalConfig config;
  config.set_institution_code("1341234566");
  auto r = EffectiveRoute(config);
  EXPECT_EQ(r.route(), v1::ELIGIBILITY_ROUTE_SERVICE_API);
  EXPECT_EQ(r.answer_timeout_seconds(), 30u);
  EXPECT_EQ(r.header_institution_code(), "1341234566");
  config.mutable_route()->set_route(v1::ELIGIBILITY_ROUTE_TERMINAL_FILES);
  config.mutable_route()->set_answer_timeout_seconds(500);
  config.mutable_route()->set_header_institution_code("1349999999");
  r = EffectiveRoute(config);
  EXPECT_EQ(r.answer_timeout_seconds(), 120u);
  EXPECT_EQ(r.header_institution_code(), "1349999999");
  EXPECT_STREQ(RouteId(r.route()), "terminal-files");
}

// YYYYMMDDHHmmss in Japan time (UTC+9, no daylight saving), as the face reader writes it.
std::string JapanCompactTime(std::time_t utc) {
  const std::time_t jst = utc + 9 * 3600;
  std::tm tm = *std::gmtime(&jst);
  char out[16];
  std::strftime(out, sizeof out, "%Y%m%d%H%M%S", &tm);
  return out;
}

TEST(FaceFileResult, AnswerBecomesACounterCheckByTheFaceReader) {
  // The reader's ProcessExecutionTime is Japan time; one an hour ago is kept to the second.
  const std::time_t hour_ago = std::time(nullptr) - 3600;
  xml::FileAnswer a;
  a.process_execution_time = JapanCompactTime(hour_ago);
  a.reference_classification = 1;
  a.file_id = "FACE1";
  a.qualification_validity = 1;
  a.results.push_back(CardResult().eligibility());
  auto r = FaceFileResult(a, "id-1");
  EXPECT_EQ(r.check_id(), "id-1");
  EXPECT_EQ(r.source(), v1::CHECK_SOURCE_FACE_READER);
  EXPECT_EQ(r.mode(), v1::IDENTITY_MODE_FACE_READER);
  EXPECT_EQ(r.route(), v1::CHECK_ROUTE_COUNTER);
  EXPECT_EQ(r.outcome(), v1::OUTCOME_ELIGIBLE);
  EXPECT_EQ(r.eligibility().name(), "山田 太郎");
  EXPECT_EQ(r.checked_at().seconds(), hour_ago);
  // A time more than two days old (a reader's clock gone wrong) becomes the pickup time.
  xml::FileAnswer old = a;
  old.process_execution_time = JapanCompactTime(hour_ago - 3 * 86400);
  EXPECT_LE(std::llabs(FaceFileResult(old, "id-old").checked_at().seconds() - std::time(nullptr)),
            5);
  a.segment_of_result = 9;
  a.error_code = "EQ0001";
  auto error = FaceFileResult(a, "id-2");
  EXPECT_EQ(error.outcome(), v1::OUTCOME_ERROR);
  EXPECT_EQ(error.error_reason(), "xml.terminal_error");
  EXPECT_EQ(error.source(), v1::CHECK_SOURCE_FACE_READER);
}

TEST(Gaiji, SubstitutesAndPrivateUseAreFlagged) {
  EXPECT_TRUE(xml::HasUnrepresentable("●田 太郎"));
  EXPECT_TRUE(xml::HasUnrepresentable("山〓 花子"));
  EXPECT_TRUE(xml::HasUnrepresentable("山田 \xEF\xBF\xBD"));    // U+FFFD
  EXPECT_TRUE(xml::HasUnrepresentable("\xEE\x80\x80中 良子"));  // U+E000, CP932 F040
  EXPECT_TRUE(xml::HasUnrepresentable("\xEF\xA3\xBF"));         // U+F8FF
  EXPECT_FALSE(xml::HasUnrepresentable("髙橋 次郎"));
  EXPECT_FALSE(xml::HasUnrepresentable("ヤマダ タロー－"));
  EXPECT_FALSE(xml::HasUnrepresentable("\xEF\xBC\x8D"));  // U+FF0D, full-width hyphen
}

TEST(Pickup, AFileBecomesAtMostOneResult) {
  const std::string dir = os::MakeTempDir("kakunin-pickup");
  auto store = LocalStore::Open(dir + "/outbox.db");
  ASSERT_TRUE(store.ok());
  v1::CheckResult r = CardResult();
  auto first = (*store)->SaveOnce(r, {2026, 12, 3}, "face|a.xml|F1|20261203090000");
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(*first);
  EXPECT_EQ(r.sequence(), 1u);
  v1::CheckResult again = CardResult();
  auto second = (*store)->SaveOnce(again, {2026, 12, 3}, "face|a.xml|F1|20261203090000");
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(*second);
  EXPECT_EQ(*(*store)->Depth(), 1u);
  EXPECT_TRUE(*(*store)->PickedUp("face|a.xml|F1|20261203090000"));
  EXPECT_FALSE(*(*store)->PickedUp("face|b.xml|F2|20261203090000"));
  ASSERT_TRUE((*store)->RememberLateRequest("KKN1", {"check-1", v1::CHECK_ROUTE_ONLINE}).ok());
  auto late = (*store)->LateRequest("KKN1");
  ASSERT_TRUE(late.ok() && late->has_value());
  EXPECT_EQ((*late)->check_id, "check-1");
  EXPECT_EQ((*late)->route, v1::CHECK_ROUTE_ONLINE);
  ASSERT_TRUE((*store)->DropLateRequest("KKN1").ok());
  EXPECT_FALSE((*store)->LateRequest("KKN1")->has_value());
  store->reset();
  os::RemoveTree(dir);
}

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// On the service API's route with no address for the service (agent.toml's [eligibility] oqs
// empty, none from HQ), every card check fails: `status` says so before the first patient (a
// newcomer's review: nothing warned).
TEST(ProbeRoute, TheServiceRouteWithoutAnAddressIsAProblem) {
  v1::RouteSettings api;
  api.set_route(v1::ELIGIBILITY_ROUTE_SERVICE_API);
  v1::RouteStatus status;
  ProbeRoute(api, &status, /*service_configured=*/false);
  EXPECT_EQ(status.problem(), "route.no_service");
  ProbeRoute(api, &status, /*service_configured=*/true);
  EXPECT_EQ(status.problem(), "");
  // A site on the 資格確認端末's folders needs no address.
  const std::string dir = os::MakeTempDir("kakunin-probe-files");
  v1::RouteSettings files;
  files.set_route(v1::ELIGIBILITY_ROUTE_TERMINAL_FILES);
  files.set_req_dir(os::PathToUtf8(fs::path(dir) / "req"));
  files.set_res_dir(os::PathToUtf8(fs::path(dir) / "res"));
  fs::create_directories(fs::path(dir) / "req");
  fs::create_directories(fs::path(dir) / "res");
  ProbeRoute(files, &status, /*service_configured=*/false);
  EXPECT_EQ(status.problem(), "");
  os::RemoveTree(dir);
}

#ifndef _WIN32  // links need a privilege on Windows; the probe's create is CREATE_NEW there
// The 資格確認端末's folders and the hand-off folder are written by other programs. Whoever can
// write there may plant a link at a name the agent would use: the probe for "can I create a file
// here" must not write through it (it truncated the outbox's key, review-local #1).
TEST(ProbeRoute, ALinkPlantedInASharedFolderIsNeverWrittenThrough) {
  const std::string dir = os::MakeTempDir("kakunin-probe");
  const fs::path victim = fs::path(dir) / "store.key";
  std::ofstream(victim) << "the outbox's key";
  v1::RouteSettings route;
  route.set_route(v1::ELIGIBILITY_ROUTE_TERMINAL_FILES);
  for (const char* sub : {"req", "res", "handoff"}) {
    const fs::path folder = fs::path(dir) / sub;
    fs::create_directories(folder);
    // The name the probe used to take, and a few of its neighbours.
    for (int64_t pid = os::ProcessId() - 2; pid <= os::ProcessId() + 2; ++pid) {
      fs::create_symlink(victim, folder / (".kakunin-probe-" + std::to_string(pid)));
    }
  }
  route.set_req_dir(dir + "/req");
  route.set_res_dir(dir + "/res");
  route.set_handoff_dir(dir + "/handoff");
  v1::RouteStatus status;
  ProbeRoute(route, &status);
  EXPECT_TRUE(status.req_writable());
  EXPECT_TRUE(status.res_writable());
  EXPECT_TRUE(status.handoff_writable());
  EXPECT_EQ(ReadText(victim), "the outbox's key");
  // The planted links are someone else's: left where they are; the probe left nothing behind.
  size_t left = 0;
  for (const char* sub : {"req", "res", "handoff"}) {
    for (const auto& e : fs::directory_iterator(fs::path(dir) / sub)) {
      EXPECT_TRUE(fs::is_symlink(e.symlink_status())) << e.path();
      ++left;
    }
  }
  EXPECT_EQ(left, 15u);
  os::RemoveTree(dir);
}

#endif

// The local API's card-check request is checked before the reader or the card is used.
TEST(RunCheckRequest, WhatHqWouldRefuseIsRefusedBeforeTheCard) {
  v1::RunCheckRequest ok;
  ok.set_mode(v1::IDENTITY_MODE_PIN);
  ok.set_route(v1::CHECK_ROUTE_HOME_VISIT);
  ok.set_contract_insurer_number("06139992");
  EXPECT_TRUE(CheckRunRequest(ok).ok());
  EXPECT_TRUE(CheckRunRequest(v1::RunCheckRequest()).ok());  // HQ's mode, the counter
  v1::RunCheckRequest r = ok;
  r.set_mode(v1::IDENTITY_MODE_FACE_READER);
  EXPECT_EQ(CheckRunRequest(r).error().reason(), "mode.unknown");
  r = ok;
  r.set_mode(static_cast<v1::IdentityMode>(42));
  EXPECT_EQ(CheckRunRequest(r).error().reason(), "mode.unknown");
  r = ok;
  r.set_route(static_cast<v1::CheckRoute>(99));
  EXPECT_EQ(CheckRunRequest(r).error().reason(), "route.unknown");
  for (const char* bad : {"0613999", "061399921", "0613999X", "123456789012345678"}) {
    r = ok;
    r.set_contract_insurer_number(bad);
    EXPECT_EQ(CheckRunRequest(r).error().reason(), "insurer_number.invalid_format") << bad;
  }
  r.set_contract_insurer_number("139998");
  EXPECT_TRUE(CheckRunRequest(r).ok());
}

TEST(WriteNewFile, NeverOpensWhatIsAlreadyThere) {
  const std::string dir = os::MakeTempDir("kakunin-new-file");
  const fs::path victim = fs::path(dir) / "device.key";
  std::ofstream(victim) << "key";
  auto over_file = os::WriteNewFile(victim.string(), "x", os::FileAccess::kOwnerOnly);
  ASSERT_FALSE(over_file.ok());
  EXPECT_EQ(over_file.error().reason(), "file.exists");
  EXPECT_EQ(ReadText(victim), "key");
  ASSERT_TRUE(os::WriteNewFile(dir + "/new", "made", os::FileAccess::kReadable).ok());
  EXPECT_EQ(ReadText(fs::path(dir) / "new"), "made");
  // A temp file left at a durable write's name is replaced, not reopened with what it had.
  std::ofstream(fs::path(dir) / "state.json.tmp") << "left by a crash, or planted";
  ASSERT_TRUE(os::WriteFileDurable(dir + "/state.json", "{}", os::FileAccess::kOwnerOnly).ok());
  EXPECT_EQ(ReadText(fs::path(dir) / "state.json"), "{}");
#ifndef _WIN32
  fs::create_symlink(victim, fs::path(dir) / "link");
  auto through_link = os::WriteNewFile(dir + "/link", "x", os::FileAccess::kOwnerOnly);
  ASSERT_FALSE(through_link.ok());
  EXPECT_EQ(through_link.error().reason(), "file.exists");
  fs::create_symlink(victim, fs::path(dir) / "keys.json.tmp");
  ASSERT_TRUE(os::WriteFileDurable(dir + "/keys.json", "{}", os::FileAccess::kOwnerOnly).ok());
  EXPECT_EQ(ReadText(victim), "key");
#endif
  os::RemoveTree(dir);
}

#ifndef _WIN32  // links, FIFOs and /dev/shm
// Stray files are archived: a link is removed, never followed into a copy; a FIFO is left alone;
// across devices (res is usually a share) nothing larger than an answer is copied.
TEST(MoveInto, KeepsOnlyRegularFilesAndCopiesNothingHuge) {
  const std::string dir = os::MakeTempDir("kakunin-move-into");
  const fs::path secret = fs::path(dir) / "device.key";
  std::ofstream(secret) << "key";
  const fs::path link = fs::path(dir) / "OQSsiquc01res_KKN1.xml";
  fs::create_symlink(secret, link);
  EXPECT_EQ(eligibility::MoveInto(link.string(), dir + "/stray"), "");
  EXPECT_FALSE(fs::exists(fs::symlink_status(link)));
  EXPECT_FALSE(fs::exists(fs::path(dir) / "stray" / link.filename()));
  EXPECT_EQ(ReadText(secret), "key");
  const fs::path fifo = fs::path(dir) / "OQSsiquc01res_KKN2.xml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(eligibility::MoveInto(fifo.string(), dir + "/stray"), "");
  EXPECT_TRUE(fs::exists(fs::symlink_status(fifo)));

  // Another device: /dev/shm is a tmpfs of its own on Debian.
  struct stat shm {
  }, tmp{};
  ASSERT_EQ(::stat("/dev/shm", &shm), 0);
  ASSERT_EQ(::stat(dir.c_str(), &tmp), 0);
  ASSERT_NE(shm.st_dev, tmp.st_dev) << "needs /dev/shm on another file system than " << dir;
  char share_template[] = "/dev/shm/kakunin-move-into-XXXXXX";
  ASSERT_NE(::mkdtemp(share_template), nullptr);
  const std::string share = share_template;
  const std::string huge = share + "/OQSsiquc01res_KKN3.xml";
  {
    std::ofstream out(huge, std::ios::binary);
    out << std::string(eligibility::kMaxAnswerBytes + 1, 'x');
  }
  const std::string small = share + "/OQSsiquc01res_KKN4.xml";
  std::ofstream(small) << "<XmlMsg/>";
  EXPECT_EQ(eligibility::MoveInto(huge, dir + "/stray"), "");  // not archived: renamed in place
  EXPECT_FALSE(fs::exists(fs::path(dir) / "stray" / "OQSsiquc01res_KKN3.xml"));
  EXPECT_EQ(fs::file_size(huge + ".too_large"), eligibility::kMaxAnswerBytes + 1);
  const std::string moved = eligibility::MoveInto(small, dir + "/stray");
  EXPECT_EQ(moved, dir + "/stray/OQSsiquc01res_KKN4.xml");
  EXPECT_EQ(ReadText(moved), "<XmlMsg/>");
  EXPECT_FALSE(fs::exists(small));
  os::RemoveTree(share);
  os::RemoveTree(dir);
}
#endif

// A terminal that keeps dropping files fills one archive folder up to its budget, no further:
// the oldest files go first, so what someone may still ask about stays.
TEST(MoveInto, AFullArchiveLetsItsOldestFilesGo) {
  const std::string dir = os::MakeTempDir("kakunin-archive-budget");
  const auto base = fs::file_time_type::clock::now() - std::chrono::hours(1);
  auto drop = [&](int n, size_t bytes) {
    const fs::path file = fs::path(dir) / ("OQSsiquc01res_KKN" + std::to_string(n) + ".xml");
    std::ofstream(file, std::ios::binary) << std::string(bytes, 'x');
    fs::last_write_time(file, base + std::chrono::minutes(n));  // a rename keeps it
    return file.string();
  };
  auto archived = [&]() {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(fs::path(dir) / "stray")) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  };
  const eligibility::ArchiveBudget by_count{.bytes = 1 << 20, .files = 3};
  for (int n = 1; n <= 5; ++n) {
    EXPECT_NE(eligibility::MoveInto(drop(n, 10), dir + "/stray", by_count), "");
  }
  EXPECT_EQ(archived(),
            (std::vector<std::string>{"OQSsiquc01res_KKN3.xml", "OQSsiquc01res_KKN4.xml",
                                      "OQSsiquc01res_KKN5.xml"}));

  // By size: 250 bytes hold the three small ones and two of 100, not a third of 100.
  const eligibility::ArchiveBudget by_bytes{.bytes = 250, .files = 100};
  EXPECT_NE(eligibility::MoveInto(drop(6, 100), dir + "/stray", by_bytes), "");
  EXPECT_NE(eligibility::MoveInto(drop(7, 100), dir + "/stray", by_bytes), "");
  EXPECT_EQ(archived().size(), 5u);
  EXPECT_NE(eligibility::MoveInto(drop(8, 100), dir + "/stray", by_bytes), "");
  EXPECT_EQ(archived(),
            (std::vector<std::string>{"OQSsiquc01res_KKN7.xml", "OQSsiquc01res_KKN8.xml"}));
  os::RemoveTree(dir);
}

}  // namespace
}  // namespace kakunin::agent
