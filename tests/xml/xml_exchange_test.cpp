// The XML exchange adapter against fake terminals (temp folders) and against the emulator's
// folder responder running in a thread.
#include "agent/eligibility/xml_exchange.h"

#include <fcntl.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <random>
#include <thread>

#include "sim/oqs/xml_responder.h"

namespace kakunin::eligibility {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

constexpr char kInstitution[] = "1341234567";

// The shipped population's record for a card seed (its numbers may change; tests follow it).
v1::Eligibility Record(const std::string& seed) {
  auto population = sim::Population::Load(KAKUNIN_OQS_POPULATION);
  EXPECT_TRUE(population.ok());
  const sim::Person* person = population.ok() ? population->FindBySeed(seed) : nullptr;
  EXPECT_NE(person, nullptr) << seed;
  return person ? person->eligibility : v1::Eligibility();
}

InsuredQuery QueryFor(const v1::Eligibility& e) {
  InsuredQuery q;
  q.insurer_number = e.insurer_number();
  q.insured_symbol = e.insured_symbol();
  q.insured_number = e.insured_number();
  q.insured_branch_number = e.insured_branch_number();
  q.birth_date = e.birth_date();
  return q;
}

// What the XML carries of a record: everything but our display-only insurer_kind.
v1::Eligibility OverXml(v1::Eligibility e) {
  e.clear_insurer_kind();
  return e;
}

class XmlExchangeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    root_ = fs::temp_directory_path() / ("kakunin-xml-" + std::to_string(rd()));
    fs::create_directories(req());
    fs::create_directories(res());
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  fs::path req() const { return root_ / "req"; }
  fs::path res() const { return root_ / "res"; }

  static void WriteFile(const fs::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
  }
  // Waits for the adapter's request; returns its id ("" after 30 s: a failure bound, not pacing).
  std::string AwaitRequestId() const {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      std::error_code ec;
      for (const auto& entry : fs::directory_iterator(req(), ec)) {
        std::string name = entry.path().filename().string();
        if (name.rfind("OQSsiquc01req_", 0) == 0 && entry.path().extension() == ".xml") {
          return name.substr(14, name.size() - 18);
        }
      }
      std::this_thread::sleep_for(milliseconds(10));
    }
    return "";
  }
  std::string AnswerBytes(const std::string& id) const {
    xml::FileAnswer a;
    a.process_execution_time = "20261123103000";
    a.file_id = id;
    a.qualification_validity = 4;
    return *xml::WriteAnswer(a);
  }
  XmlExchange Exchange(milliseconds timeout) const {
    return XmlExchange(req().string(), res().string(), kInstitution, timeout);
  }
  static InsuredQuery YamadaQuery() {
    InsuredQuery q = QueryFor(Record("yamada-taro"));
    q.route = v1::CHECK_ROUTE_COUNTER;
    return q;
  }
  bool Empty(const fs::path& dir) const { return fs::is_empty(dir); }

  fs::path root_;
};

// A responder over the shipped population with "today" fixed at 2026-11-23 (JST).
class Responder {
 public:
  Responder(const fs::path& req, const fs::path& res, xml::Encoding encoding) {
    auto population = sim::Population::Load(KAKUNIN_OQS_POPULATION);
    EXPECT_TRUE(population.ok());
    sim::XmlResponderOptions options;
    options.req_dir = req.string();
    options.res_dir = res.string();
    options.population = std::move(*population);
    options.encoding = encoding;
    options.now = [] { return std::time_t{1795397400}; };  // 2026-11-23 10:30 JST
    responder_ = std::make_unique<sim::XmlResponder>(std::move(options));
    thread_ = std::thread([this] { responder_->Run(stop_); });
  }
  ~Responder() {
    stop_ = true;
    thread_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::unique_ptr<sim::XmlResponder> responder_;
  std::thread thread_;
};

TEST_F(XmlExchangeTest, CardQueriesAreUnsupported) {
  auto x = Exchange(milliseconds(100));
  EXPECT_EQ(x.IssueChallenge().error().reason(), "xml.card_query_unsupported");
  EXPECT_EQ(x.ConfirmByCard(CardQuery{}).error().code(), ErrorCode::kUnimplemented);
}

TEST_F(XmlExchangeTest, EndToEndWithResponderExactFields) {
  Responder responder(req(), res(), xml::Encoding::kUtf8);
  auto x = Exchange(milliseconds(30000));
  auto answer = x.Recheck(YamadaQuery());
  ASSERT_TRUE(answer.ok()) << answer.error().ToString();
  EXPECT_EQ(answer->outcome, v1::OUTCOME_ELIGIBLE);
  EXPECT_EQ(answer->processed_at, "20261123103000");
  ASSERT_EQ(answer->results.size(), 1u);
  const auto& e = answer->results[0];
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(e, OverXml(Record("yamada-taro"))))
      << e.ShortDebugString();
  EXPECT_EQ(e.insurer_number(), Record("yamada-taro").insurer_number());
  EXPECT_EQ(e.insurer_name(), "テスト商事健康保険組合");
  EXPECT_EQ(e.card_classification(), "01");
  EXPECT_EQ(e.insured_symbol(), "TEST1");
  EXPECT_EQ(e.insured_number(), "1001");
  EXPECT_EQ(e.insured_branch_number(), "00");
  EXPECT_EQ(e.personal_family(), 1);
  EXPECT_EQ(e.name(), "山田 太郎");
  EXPECT_EQ(e.name_kana(), "ヤマダ タロウ");
  EXPECT_EQ(e.sex(), v1::SEX_MALE);
  EXPECT_EQ(e.birth_date(), "1985-04-12");
  EXPECT_EQ(e.address(), "東京都千代田区試験町一丁目1番1号");
  EXPECT_EQ(e.post_number(), "100-0001");
  EXPECT_EQ(e.qualification_date(), "2010-04-01");
  EXPECT_EQ(e.valid_from(), "2010-04-01");
  EXPECT_EQ(e.copayment_percent(), 30);
  EXPECT_TRUE(Empty(req()));  // request consumed
  EXPECT_TRUE(Empty(res()));  // answer deleted after reading
}

TEST_F(XmlExchangeTest, EndToEndShiftJisKokuhoAndLoss) {
  Responder responder(req(), res(), xml::Encoding::kShiftJis);
  auto x = Exchange(milliseconds(30000));
  const v1::Eligibility tanaka = Record("tanaka-yoshiko");
  ASSERT_EQ(tanaka.insurer_number().size(), 6u);  // 6-digit 国保: padded in the file
  InsuredQuery q = QueryFor(tanaka);
  q.consent_id = "consent-1";
  auto answer = x.Recheck(q);
  ASSERT_TRUE(answer.ok()) << answer.error().ToString();
  EXPECT_EQ(answer->outcome, v1::OUTCOME_INELIGIBLE);  // lost 2026-03-31
  EXPECT_EQ(answer->consent_id, "consent-1");          // home visit passes it through
  const auto& e = answer->results.at(0);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(e, OverXml(tanaka)))
      << e.ShortDebugString();
  EXPECT_EQ(e.name(), "田中 良子");
  EXPECT_EQ(e.loss_reason(), "02");
  EXPECT_EQ(e.disqualification_date(), "2026-03-31");

  q.insured_number = "0000";
  auto none = x.Recheck(q);
  ASSERT_TRUE(none.ok()) << none.error().ToString();
  EXPECT_EQ(none->outcome, v1::OUTCOME_NOT_FOUND);
}

TEST_F(XmlExchangeTest, EndToEndMedicalAid) {
  Responder responder(req(), res(), xml::Encoding::kUtf8);
  const v1::Eligibility watanabe = Record("watanabe-midori");
  InsuredQuery q = QueryFor(watanabe);  // 医療扶助: no symbol, number or branch
  auto answer = Exchange(milliseconds(30000)).Recheck(q);
  ASSERT_TRUE(answer.ok()) << answer.error().ToString();
  EXPECT_EQ(answer->outcome, v1::OUTCOME_ELIGIBLE);
  const auto& e = answer->results.at(0);
  EXPECT_EQ(e.name(), "渡辺 みどり");
  EXPECT_EQ(e.copayment_percent(), 0);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(e, OverXml(watanabe)))
      << e.ShortDebugString();
  EXPECT_EQ(e.medical_aid().public_expense_number(),
            watanabe.medical_aid().public_expense_number());
  EXPECT_EQ(e.medical_aid().beneficiary_number(), "1234566");
  EXPECT_EQ(e.medical_aid().valid_from(), "2026-04-01");
  EXPECT_EQ(e.medical_aid().valid_to(), "2026-12-31");
  EXPECT_EQ(e.medical_aid().designated_institution(), "テスト薬局 本店");
}

TEST_F(XmlExchangeTest, TimeoutWhenNoAnswerComes) {
  auto answer = Exchange(milliseconds(300)).Recheck(YamadaQuery());
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error().code(), ErrorCode::kDeadlineExceeded);
  EXPECT_EQ(answer.error().reason(), "xml.timeout");
  EXPECT_TRUE(Empty(req()));  // abandoned request removed
}

// A request holds a patient's insured number and birth date: the terminal's group may read it
// (the req folder setgid to it), not every account of the PC.
TEST_F(XmlExchangeTest, RequestFilesAreNotWorldReadable) {
  auto pending = std::async(std::launch::async,
                            [&] { return Exchange(milliseconds(3000)).Recheck(YamadaQuery()); });
  mode_t mode = 0;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (mode == 0 && std::chrono::steady_clock::now() < give_up) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(req(), ec)) {
      struct stat st {};
      const std::string name = e.path().filename().string();
      if (name.front() != '.' && ::stat(e.path().c_str(), &st) == 0) mode = st.st_mode & 0777;
    }
    std::this_thread::yield();
  }
  EXPECT_EQ(mode, 0640u);
  EXPECT_EQ(pending.get().error().reason(), "xml.timeout");
}

// A FIFO in res (anyone who can write there can make one) is not an answer: reading it must not
// hold the wait past its timeout, nor leave the request behind in req (review-local #7).
TEST_F(XmlExchangeTest, AFifoInTheAnswerFolderDoesNotHoldTheWait) {
  const fs::path fifo = res() / "OQSsiquc01res_zz.xml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto pending = std::async(std::launch::async,
                            [&] { return Exchange(milliseconds(300)).Recheck(YamadaQuery()); });
  const bool answered = pending.wait_for(std::chrono::seconds(20)) == std::future_status::ready;
  if (!answered) {
    // Let the stuck read go (a writer opens the FIFO), so the test ends with its failure.
    const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
    if (fd >= 0) ::close(fd);
  }
  auto answer = pending.get();
  EXPECT_TRUE(answered) << "the wait was held by a FIFO";
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error().reason(), "xml.timeout");
  EXPECT_TRUE(Empty(req()));
  EXPECT_TRUE(fs::exists(fs::symlink_status(fifo)));  // not ours to remove
}

TEST_F(XmlExchangeTest, FolderMissingOrDisappearing) {
  auto missing =
      XmlExchange((root_ / "nope").string(), res().string(), kInstitution, milliseconds(300))
          .Recheck(YamadaQuery());
  EXPECT_EQ(missing.error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(missing.error().reason(), "xml.folder_missing");

  std::thread remover([&] {
    AwaitRequestId();
    fs::remove_all(res());
  });
  auto gone = Exchange(milliseconds(30000)).Recheck(YamadaQuery());
  remover.join();
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().reason(), "xml.folder_missing");
}

TEST_F(XmlExchangeTest, ErrFileIsTerminalError) {
  std::thread terminal([&] {
    std::string id = AwaitRequestId();
    WriteFile(res() / ("OQSsiquc01req_" + id + ".xml"), "<XmlMsg/>");
    WriteFile(res() / ("OQSsiquc01req_" + id + ".err"), "E0001 bad request");
  });
  auto answer = Exchange(milliseconds(30000)).Recheck(YamadaQuery());
  terminal.join();
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error().reason(), "xml.terminal_error");
  EXPECT_NE(answer.error().message().find("E0001"), std::string::npos);
  EXPECT_TRUE(Empty(res()));
}

TEST_F(XmlExchangeTest, AnswerOverOneMebibyteIsRefusedAndKeptAside) {
  std::string id_seen;
  std::thread terminal([&] {
    id_seen = AwaitRequestId();
    std::string answer = AnswerBytes(id_seen);
    answer += std::string(kMaxAnswerBytes, ' ');  // trailing white space is still XML
    WriteFile(res() / ("OQSsiquc01res_" + id_seen + ".xml"), answer);
  });
  auto answer = Exchange(milliseconds(10000)).Recheck(YamadaQuery());
  terminal.join();
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error().reason(), "xml.too_large");
  EXPECT_FALSE(fs::exists(res() / ("OQSsiquc01res_" + id_seen + ".xml")));
  EXPECT_TRUE(fs::exists(res() / ("OQSsiquc01res_" + id_seen + ".xml.too_large")));
}

TEST_F(XmlExchangeTest, StrayFilesAreIgnored) {
  WriteFile(res() / "OQSsiquc01res_stray.xml", "<?xml version=\"1.0\"?><XmlMsg><broken");
  WriteFile(res() / "OQSsiquc01res_other.xml", AnswerBytes("someone-else"));
  WriteFile(res() / "notes.txt", "hello");
  WriteFile(res() / "OQSsiquc01res_face_1.xml", "");
  Responder responder(req(), res(), xml::Encoding::kUtf8);
  auto answer = Exchange(milliseconds(30000)).Recheck(YamadaQuery());
  ASSERT_TRUE(answer.ok()) << answer.error().ToString();
  EXPECT_EQ(answer->results.at(0).name(), "山田 太郎");
  EXPECT_TRUE(fs::exists(res() / "OQSsiquc01res_stray.xml"));
  EXPECT_TRUE(fs::exists(res() / "OQSsiquc01res_other.xml"));
  EXPECT_TRUE(fs::exists(res() / "notes.txt"));
}

TEST_F(XmlExchangeTest, AnswerUnderAnotherNameMatchedByIdentifier) {
  std::thread terminal([&] {
    std::string id = AwaitRequestId();
    WriteFile(res() / "OQSsiquc01res_renamed.xml", AnswerBytes(id));
  });
  auto answer = Exchange(milliseconds(30000)).Recheck(YamadaQuery());
  terminal.join();
  ASSERT_TRUE(answer.ok()) << answer.error().ToString();
  EXPECT_EQ(answer->outcome, v1::OUTCOME_NOT_FOUND);
  EXPECT_TRUE(Empty(res()));
}

TEST_F(XmlExchangeTest, SlowWriterIsWaitedFor) {
  std::thread terminal([&] {
    std::string id = AwaitRequestId();
    std::string bytes = AnswerBytes(id);
    std::ofstream out(res() / ("OQSsiquc01res_" + id + ".xml"), std::ios::binary);
    out << bytes.substr(0, bytes.size() / 2) << std::flush;
    std::this_thread::sleep_for(milliseconds(150));
    out << bytes.substr(bytes.size() / 2) << std::flush;
  });
  auto answer = Exchange(milliseconds(30000)).Recheck(YamadaQuery());
  terminal.join();
  ASSERT_TRUE(answer.ok()) << answer.error().ToString();
  EXPECT_EQ(answer->outcome, v1::OUTCOME_NOT_FOUND);
}

TEST_F(XmlExchangeTest, TruncatedAnswerThatStopsGrowingIsMalformed) {
  std::thread terminal([&] {
    std::string id = AwaitRequestId();
    std::string bytes = AnswerBytes(id);
    WriteFile(res() / ("OQSsiquc01res_" + id + ".xml"), bytes.substr(0, bytes.size() - 20));
  });
  auto answer = Exchange(milliseconds(30000)).Recheck(YamadaQuery());
  terminal.join();
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error().reason(), "xml.malformed");
  EXPECT_TRUE(Empty(res()));
}

TEST_F(XmlExchangeTest, ResponderAnswersMalformedRequestWithErrFile) {
  WriteFile(req() / "OQSsiquc01req_bad.xml", "<?xml version=\"1.0\"?><XmlMsg><Mess");
  WriteFile(req() / ".OQSsiquc01req_tmp.xml.tmp", "half");
  auto population = sim::Population::Load(KAKUNIN_OQS_POPULATION);
  ASSERT_TRUE(population.ok());
  sim::XmlResponderOptions options;
  options.req_dir = req().string();
  options.res_dir = res().string();
  options.population = std::move(*population);
  sim::XmlResponder responder(std::move(options));
  auto handled = responder.PollOnce();
  ASSERT_TRUE(handled.ok());
  EXPECT_EQ(*handled, 1);
  EXPECT_TRUE(fs::exists(res() / "OQSsiquc01req_bad.err"));
  EXPECT_TRUE(fs::exists(res() / "OQSsiquc01req_bad.xml"));
  EXPECT_TRUE(fs::exists(req() / ".OQSsiquc01req_tmp.xml.tmp"));  // not ours to touch
}

}  // namespace
}  // namespace kakunin::eligibility
