// The XML responder's scripted cases (--xml-cases) and their file format. The responder runs in
// the test's thread with a hand-stepped monotonic clock, so "not yet" and "now" are exact; one
// test runs it on its own thread with the real clock to show Run() writes delayed answers too.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>
#include <tuple>

#include "common/os/process.h"
#include "sim/oqs/xml_cases.h"
#include "sim/oqs/xml_responder.h"

namespace kakunin::sim {
namespace {

namespace fs = std::filesystem;
namespace xml = eligibility::xml;
using std::chrono::milliseconds;
using SteadyTime = std::chrono::steady_clock::time_point;

constexpr std::time_t kNow = 1795397400;  // 2026-11-23 10:30 JST

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class XmlCasesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    root_ = fs::temp_directory_path() / ("kakunin-xml-cases-" + std::to_string(rd()));
    fs::create_directories(req());
    fs::create_directories(res());
    auto population = Population::Load(KAKUNIN_OQS_POPULATION);
    ASSERT_TRUE(population.ok());
    population_ = *population;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  fs::path req() const { return root_ / "req"; }
  fs::path res() const { return root_ / "res"; }
  fs::path AnswerPath(const std::string& id) const { return res() / xml::AnswerFileName(id); }

  // A responder with `cases`, the fixed wall clock and the test's monotonic clock.
  XmlResponder MakeResponder(XmlCases cases, xml::Encoding encoding = xml::Encoding::kUtf8) {
    XmlResponderOptions o;
    o.req_dir = req().string();
    o.res_dir = res().string();
    o.population = population_;
    o.encoding = encoding;
    o.now = [] { return kNow; };
    o.cases = std::move(cases);
    o.monotonic_now = [this] { return start_ + elapsed_; };
    return XmlResponder(std::move(o));
  }
  // Puts a request for the population person `seed` into req; returns its bytes.
  std::string PutRequest(const std::string& seed, const std::string& id) {
    const Person* p = population_.FindBySeed(seed);
    EXPECT_NE(p, nullptr) << seed;
    xml::Request q;
    q.confirmation_date = "2026-11-23";
    q.medical_institution_code = "1341234567";
    q.file_id = id;
    q.insurer_number = p->eligibility.insurer_number();
    q.insured_symbol = p->eligibility.insured_symbol();
    q.insured_number = p->eligibility.insured_number();
    q.insured_branch_number = p->eligibility.insured_branch_number();
    q.birth_date = p->eligibility.birth_date();
    auto bytes = xml::WriteRequest(q);
    EXPECT_TRUE(bytes.ok());
    // Temp name, then rename, as a real client writes: a responder running beside the test must
    // never read half a request.
    const fs::path final_path = req() / xml::RequestFileName(id);
    const fs::path temp = req() / ("." + final_path.filename().string() + ".tmp");
    std::ofstream(temp, std::ios::binary) << *bytes;
    fs::rename(temp, final_path);
    return *bytes;
  }
  static int Poll(XmlResponder& r) {
    auto handled = r.PollOnce();
    EXPECT_TRUE(handled.ok()) << handled.error().ToString();
    return handled.ok() ? *handled : -1;
  }
  bool NoTempFilesIn(const fs::path& dir) const {
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().filename().string().front() == '.') return false;
    }
    return true;
  }

  fs::path root_;
  Population population_;
  SteadyTime start_ = std::chrono::steady_clock::now();
  milliseconds elapsed_{0};
};

// yamada-taro's insured number is 1001 (so is his family member sato-hanako's).
XmlCase Case(XmlCaseKind kind, std::optional<milliseconds> delay = std::nullopt) {
  return XmlCase{kind, delay};
}

TEST_F(XmlCasesTest, ErrorCaseIsAWellFormedSegmentNineAnswer) {
  XmlResponder r = MakeResponder({{"1001", Case(XmlCaseKind::kError)}}, xml::Encoding::kShiftJis);
  PutRequest("yamada-taro", "err1");
  EXPECT_EQ(Poll(r), 1);
  const std::string bytes = Slurp(AnswerPath("err1"));
  auto answer = xml::ParseAnswer(bytes);
  ASSERT_TRUE(answer.ok()) << answer.error().ToString();
  EXPECT_EQ(answer->segment_of_result, 9);
  EXPECT_EQ(answer->error_code, "EQ0001");
  EXPECT_NE(answer->error_message.find("エラー"), std::string::npos) << answer->error_message;
  EXPECT_EQ(answer->encoding, xml::Encoding::kShiftJis);
  EXPECT_EQ(answer->file_id, "err1");
  // ParseAnswer stops reading at segment 9; the body's status is checked in the bytes.
  EXPECT_NE(bytes.find("<ProcessingResultStatus>2</ProcessingResultStatus>"), std::string::npos);
  EXPECT_EQ(xml::ToAnswer(*answer).error().reason(), "xml.terminal_error");
}

TEST_F(XmlCasesTest, ErrFileCaseReturnsTheRequestWithAnErrFile) {
  XmlResponder r = MakeResponder({{"1001", Case(XmlCaseKind::kErrFile)}});
  const std::string request = PutRequest("yamada-taro", "ef1");
  EXPECT_EQ(Poll(r), 1);
  EXPECT_EQ(Slurp(res() / xml::RequestFileName("ef1")), request);
  EXPECT_NE(Slurp(res() / xml::ErrorFileName("ef1")).find("oqs.scripted_err_file"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(AnswerPath("ef1")));
  EXPECT_TRUE(fs::is_empty(req()));
}

// The terminal answers every record of a person, in the population's order, with the validity
// the service gives: 3 for a lost qualification with a new one, 5 for two at once.
TEST_F(XmlCasesTest, PeopleWithSeveralRecordsGetThemAll) {
  XmlResponder r = MakeResponder({});
  for (const auto& [seed, validity, second] :
       {std::tuple{"ishii-akemi", 3, "6150"}, std::tuple{"mori-kazuo", 5, "5120"}}) {
    SCOPED_TRACE(seed);
    auto answer = xml::ParseAnswer(*r.Answer(PutRequest(seed, std::string("sev-") + seed)));
    ASSERT_TRUE(answer.ok()) << answer.error().ToString();
    EXPECT_EQ(answer->qualification_validity, validity);
    ASSERT_EQ(answer->results.size(), 2u);
    EXPECT_EQ(answer->results[0].insured_number(),
              population_.FindBySeed(seed)->eligibility.insured_number());
    EXPECT_EQ(answer->results[1].insured_number(), second);
  }
}

TEST_F(XmlCasesTest, TruncatedCaseLeavesHalfTheAnswerForever) {
  XmlResponder r = MakeResponder({{"1001", Case(XmlCaseKind::kTruncated)}});
  const std::string request = PutRequest("yamada-taro", "tr1");
  const std::string full = *r.Answer(request);
  EXPECT_EQ(Poll(r), 1);
  elapsed_ = std::chrono::hours(1);
  EXPECT_EQ(Poll(r), 0);
  EXPECT_EQ(r.pending_writes(), 0u);  // nothing will complete it
  const std::string bytes = Slurp(AnswerPath("tr1"));
  EXPECT_EQ(bytes, full.substr(0, full.size() / 2));
  EXPECT_EQ(xml::ParseAnswer(bytes).error().reason(), "xml.malformed");
}

TEST_F(XmlCasesTest, TooLargeCaseIsValidXmlPastOneMiB) {
  XmlResponder r = MakeResponder({{"1001", Case(XmlCaseKind::kTooLarge)}});
  PutRequest("yamada-taro", "big1");
  EXPECT_EQ(Poll(r), 1);
  const std::string bytes = Slurp(AnswerPath("big1"));
  EXPECT_GT(bytes.size(), 1'100'000u);
  EXPECT_GT(bytes.size(), size_t{1} << 20);
  auto answer = xml::ParseAnswer(bytes);
  ASSERT_TRUE(answer.ok()) << answer.error().ToString();
  EXPECT_EQ(answer->qualification_validity, 1);
  ASSERT_EQ(answer->results.size(), 1u);
  EXPECT_EQ(answer->results[0].name(), "山田 太郎");
}

TEST_F(XmlCasesTest, LateAnswerWaitsWhileOtherRequestsAreAnswered) {
  XmlResponder r = MakeResponder({{"1001", Case(XmlCaseKind::kLate)}});  // default 5000 ms
  PutRequest("yamada-taro", "late1");
  PutRequest("suzuki-ichiro", "now1");
  EXPECT_EQ(Poll(r), 2);
  EXPECT_TRUE(fs::exists(AnswerPath("now1")));
  EXPECT_FALSE(fs::exists(AnswerPath("late1")));
  elapsed_ = milliseconds(4999);
  PutRequest("takahashi-jiro", "now2");
  EXPECT_EQ(Poll(r), 1);
  EXPECT_TRUE(fs::exists(AnswerPath("now2")));
  EXPECT_FALSE(fs::exists(AnswerPath("late1")));
  elapsed_ = milliseconds(5000);
  EXPECT_EQ(Poll(r), 0);
  auto answer = xml::ParseAnswer(Slurp(AnswerPath("late1")));
  ASSERT_TRUE(answer.ok()) << answer.error().ToString();
  EXPECT_EQ(answer->segment_of_result, 1);
  EXPECT_EQ(answer->qualification_validity, 1);
  EXPECT_EQ(r.pending_writes(), 0u);
}

TEST_F(XmlCasesTest, ProcessingAnswerIsReplacedAtomicallyByTheFinalOne) {
  XmlResponder r = MakeResponder({{"1001", Case(XmlCaseKind::kProcessing)}});  // 500 ms
  PutRequest("yamada-taro", "pr1");
  EXPECT_EQ(Poll(r), 1);
  auto first = xml::ParseAnswer(Slurp(AnswerPath("pr1")));
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  EXPECT_EQ(first->segment_of_result, 2);
  EXPECT_EQ(xml::ToAnswer(*first).error().reason(), "xml.processing");
  struct stat before {};
  ASSERT_EQ(::stat(AnswerPath("pr1").c_str(), &before), 0);
  elapsed_ = milliseconds(499);
  EXPECT_EQ(Poll(r), 0);
  EXPECT_EQ(xml::ParseAnswer(Slurp(AnswerPath("pr1")))->segment_of_result, 2);
  elapsed_ = milliseconds(500);
  EXPECT_EQ(Poll(r), 0);
  auto final_answer = xml::ParseAnswer(Slurp(AnswerPath("pr1")));
  ASSERT_TRUE(final_answer.ok()) << final_answer.error().ToString();
  EXPECT_EQ(final_answer->segment_of_result, 1);
  EXPECT_EQ(final_answer->qualification_validity, 1);
  // Renamed over, not rewritten in place: a new inode, and no temporary file left behind.
  struct stat after {};
  ASSERT_EQ(::stat(AnswerPath("pr1").c_str(), &after), 0);
  EXPECT_NE(before.st_ino, after.st_ino);
  EXPECT_TRUE(NoTempFilesIn(res()));
}

TEST_F(XmlCasesTest, DelayMsDelaysTheOtherKindsToo) {
  XmlResponder r = MakeResponder({{"1001", Case(XmlCaseKind::kError, milliseconds(200))},
                                  {"00000123", Case(XmlCaseKind::kErrFile, milliseconds(300))}});
  PutRequest("yamada-taro", "d1");
  PutRequest("suzuki-ichiro", "d2");
  EXPECT_EQ(Poll(r), 2);
  EXPECT_TRUE(fs::is_empty(res()));
  elapsed_ = milliseconds(200);
  EXPECT_EQ(Poll(r), 0);
  EXPECT_EQ(xml::ParseAnswer(Slurp(AnswerPath("d1")))->segment_of_result, 9);
  EXPECT_FALSE(fs::exists(res() / xml::ErrorFileName("d2")));
  elapsed_ = milliseconds(300);
  EXPECT_EQ(Poll(r), 0);
  EXPECT_TRUE(fs::exists(res() / xml::ErrorFileName("d2")));
  EXPECT_TRUE(fs::exists(res() / xml::RequestFileName("d2")));
}

// Run() on its own thread with the real clock: the late answer comes after its delay, and a
// request put in meanwhile is answered first.
TEST_F(XmlCasesTest, RunWritesDelayedAnswersWithoutBlockingOthers) {
  XmlResponderOptions o;
  o.req_dir = req().string();
  o.res_dir = res().string();
  o.population = population_;
  // Long enough that even a loaded machine answers the other request well before it.
  o.cases = {{"1001", Case(XmlCaseKind::kLate, milliseconds(5000))}};
  XmlResponder r(std::move(o));
  std::atomic<bool> stop{false};
  std::thread runner([&] { r.Run(stop); });
  const auto put_at = std::chrono::steady_clock::now();
  PutRequest("yamada-taro", "late2");
  PutRequest("suzuki-ichiro", "now3");
  EXPECT_TRUE(os::WaitFor([&] { return fs::exists(AnswerPath("now3")); }, milliseconds(10000)));
  const bool late_already = fs::exists(AnswerPath("late2"));
  EXPECT_TRUE(os::WaitFor([&] { return fs::exists(AnswerPath("late2")); }, milliseconds(20000)));
  const auto waited = std::chrono::steady_clock::now() - put_at;
  stop = true;
  runner.join();
  EXPECT_FALSE(late_already);
  EXPECT_GE(waited, milliseconds(5000));
}

TEST(XmlCaseFileTest, ReadsEveryKindAndItsDelay) {
  auto cases = ParseXmlCases(R"({
    "1": {"kind": "error"}, "2": {"kind": "err_file", "delay_ms": 10},
    "3": {"kind": "truncated"}, "4": {"kind": "late"}, "5": {"kind": "too_large"},
    "6": {"kind": "processing", "delay_ms": 0}})");
  ASSERT_TRUE(cases.ok()) << cases.error().ToString();
  ASSERT_EQ(cases->size(), 6u);
  EXPECT_EQ(cases->at("2").kind, XmlCaseKind::kErrFile);
  EXPECT_EQ(EffectiveDelay(cases->at("2")), milliseconds(10));
  EXPECT_EQ(EffectiveDelay(cases->at("4")), milliseconds(5000));
  EXPECT_EQ(EffectiveDelay(cases->at("6")), milliseconds(0));
  EXPECT_EQ(EffectiveDelay(cases->at("1")), milliseconds(0));
  EXPECT_EQ(EffectiveDelay(XmlCase{XmlCaseKind::kProcessing, std::nullopt}), milliseconds(500));
  for (const auto& [key, c] : *cases) {
    EXPECT_EQ(ParseXmlCaseKind(XmlCaseKindName(c.kind)), c.kind) << key;
  }
}

TEST(XmlCaseFileTest, RejectsWhatItDoesNotUnderstand) {
  struct Bad {
    const char* json;
    const char* says;
  };
  for (const Bad& bad :
       {Bad{R"({"1001": {"kind": "slow"}})", "unknown kind 'slow'"},
        Bad{R"({"1001": {"kind": "late", "delay": 5}})", "unknown key 'delay'"},
        Bad{R"({"1001": {"kind": "late", "delay_ms": -1}})", "delay_ms"},
        Bad{R"({"1001": {"delay_ms": 5}})", "no \"kind\""},
        Bad{R"({"1001": "late"})", "not an object"}, Bad{R"(["late"])", "not a JSON object"}}) {
    auto cases = ParseXmlCases(bad.json);
    ASSERT_FALSE(cases.ok()) << bad.json;
    EXPECT_EQ(cases.error().reason(), "oqs.bad_xml_cases");
    EXPECT_NE(cases.error().message().find(bad.says), std::string::npos) << cases.error().message();
  }
  // The unknown-kind message lists what is known.
  auto unknown = ParseXmlCases(R"({"1001": {"kind": "slow"}})");
  EXPECT_NE(unknown.error().message().find("too_large"), std::string::npos);
  EXPECT_EQ(LoadXmlCases("/nonexistent/cases.json").error().reason(), "oqs.io");
}

}  // namespace
}  // namespace kakunin::sim
