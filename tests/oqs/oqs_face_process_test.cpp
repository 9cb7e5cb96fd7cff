// kakunin-oqs-sim as a real process in its file-exchange roles: `face` dropping face-reader
// answers (with its `face-delete` child), `face-delete` alone, and `--xml-dir` with scripted
// cases. Waits are on files and exits with bounded deadlines.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "agent/eligibility/xml_codec.h"
#include "sim/oqs/population.h"
#include "tests/harness/process.h"

namespace kakunin::sim {
namespace {

namespace fs = std::filesystem;
namespace xml = eligibility::xml;
using namespace std::chrono_literals;

constexpr char kPrivateUse[] = "\xEE\x80\x80";  // U+E000, a raw CP932 0xF0 0x40 decoded

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<nlohmann::json> ReadManifest(const fs::path& path) {
  std::vector<nlohmann::json> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

bool HasSubstitute(const std::string& name) {
  return name.find("●") != std::string::npos || name.find("〓") != std::string::npos ||
         name.find(kPrivateUse) != std::string::npos;
}

class OqsFileModesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir("kakunin-oqs-face");
    fs::create_directories(res());
  }
  void TearDown() override { testing::RemoveTree(dir_); }
  fs::path res() const { return fs::path(dir_) / "res"; }
  fs::path manifest() const { return fs::path(dir_) / "manifest.jsonl"; }

  testing::CommandOutput Sim(std::vector<std::string> args) {
    args.insert(args.begin(), KAKUNIN_OQS_SIM_BIN);
    auto out = testing::RunCommand(args, {}, "", /*merge_stderr=*/true, 60s);
    EXPECT_TRUE(out.ok());
    return out.ok() ? *out : testing::CommandOutput{};
  }
  // Face answers in a folder (not the "." temporary names).
  std::vector<std::string> FaceFiles(const fs::path& dir) const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) {
      const std::string name = e.path().filename().string();
      if (name.rfind("OQSsiquc01res_face_", 0) == 0) names.push_back(name);
    }
    return names;
  }

  std::string dir_;
};

// Checks one dropped file against its manifest line.
void ExpectFileMatches(const fs::path& res, const nlohmann::json& line) {
  const std::string bytes = Slurp(res / line["file"].get<std::string>());
  ASSERT_FALSE(bytes.empty()) << line["file"];
  auto answer = xml::ParseAnswer(bytes);
  ASSERT_TRUE(answer.ok()) << line["file"] << ": " << answer.error().ToString();
  const bool sjis = line["encoding"] == "sjis";
  EXPECT_EQ(answer->encoding, sjis ? xml::Encoding::kShiftJis : xml::Encoding::kUtf8);
  EXPECT_EQ(answer->reference_classification, 1);
  EXPECT_EQ(answer->segment_of_result, 1);
  EXPECT_EQ(answer->file_id, line["file_id"]);
  EXPECT_EQ(answer->qualification_validity, line["qualification_validity"]);
  ASSERT_EQ(answer->results.size(), 1u);
  const v1::Eligibility& e = answer->results[0];
  EXPECT_EQ(e.insurer_number(), line["insurer_number"]);
  EXPECT_EQ(e.insured_symbol(), line["insured_symbol"]);
  EXPECT_EQ(e.insured_number(), line["insured_number"]);
  EXPECT_EQ(e.insured_branch_number(), line["insured_branch_number"]);
  EXPECT_EQ(e.birth_date(), line["birth_date"]);
  EXPECT_EQ(e.name(), line["name"]);
  EXPECT_EQ(HasSubstitute(e.name()), line["gaiji"].get<bool>()) << e.name();
  // A raw user-defined character exists only as Shift_JIS bytes.
  const bool raw = e.name().find(kPrivateUse) != std::string::npos;
  EXPECT_EQ(raw, bytes.find("\xF0\x40") != std::string::npos && sjis) << line["file"];
}

TEST_F(OqsFileModesTest, FaceDropsMixedFilesMatchingTheManifest) {
  auto out = Sim({"face", "--res", res().string(), "--count", "12", "--encoding", "mixed",
                  "--gaiji", "some", "--interval-ms", "5", "--manifest", manifest().string()});
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(out.output.find("face-reader results written: 10/12"), std::string::npos) << out.output;
  const auto lines = ReadManifest(manifest());
  ASSERT_EQ(lines.size(), 12u);
  std::set<std::string> encodings, names;
  std::set<int> validity;
  int gaiji = 0;
  bool raw = false;
  for (const auto& line : lines) {
    ExpectFileMatches(res(), line);
    encodings.insert(line["encoding"].get<std::string>());
    validity.insert(line["qualification_validity"].get<int>());
    names.insert(line["file"].get<std::string>());
    gaiji += line["gaiji"].get<bool>() ? 1 : 0;
    raw = raw || line["name"].get<std::string>().find(kPrivateUse) != std::string::npos;
  }
  EXPECT_EQ(encodings, (std::set<std::string>{"utf8", "sjis"}));
  EXPECT_EQ(validity, (std::set<int>{1, 2}));
  EXPECT_EQ(gaiji, 4);  // every third of 12
  EXPECT_TRUE(raw);
  EXPECT_EQ(names.size(), 12u);
  EXPECT_EQ(FaceFiles(res()).size(), 12u);  // and nothing else, no temporary names left
  EXPECT_EQ(std::distance(fs::directory_iterator(res()), fs::directory_iterator()), 12);
}

TEST_F(OqsFileModesTest, FaceDeleterTakesEveryFileBeforeTheCommandExits) {
  auto out = Sim({"face", "--res", res().string(), "--count", "12", "--interval-ms", "5",
                  "--delete-after-ms", "50", "--manifest", manifest().string()});
  ASSERT_EQ(out.exit_code, 0) << out.output;
  std::set<std::string> listed;
  for (const auto& line : ReadManifest(manifest())) listed.insert(line["file"].get<std::string>());
  EXPECT_EQ(listed.size(), 12u);
  EXPECT_TRUE(FaceFiles(res()).empty());
  // The deleter process (not something else) took all twelve.
  EXPECT_NE(out.output.find("face-delete: deleted 12 files"), std::string::npos) << out.output;
}

TEST_F(OqsFileModesTest, FaceUsageErrorsExitTwoOtherErrorsOne) {
  auto help = Sim({"face", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("--delete-after-ms"), std::string::npos) << help.output;
  EXPECT_EQ(Sim({"face"}).exit_code, 2);  // no --res
  EXPECT_EQ(Sim({"face", "--res", res().string(), "--gaiji", "many"}).exit_code, 2);
  EXPECT_EQ(Sim({"face", "--res", res().string(), "--count", "0"}).exit_code, 2);
  EXPECT_EQ(Sim({"face", "--res", res().string(), "--bogus"}).exit_code, 2);
  auto missing = Sim({"face", "--res", (fs::path(dir_) / "nowhere").string()});
  EXPECT_EQ(missing.exit_code, 1) << missing.output;
  EXPECT_EQ(Sim({"face-delete", "--dir", res().string()}).exit_code, 2);  // no --after-ms
  EXPECT_TRUE(FaceFiles(res()).empty());
}

TEST_F(OqsFileModesTest, FaceDeleteWaitsItsDelayAndFinishesOnSigterm) {
  const fs::path pid_file = fs::path(dir_) / "deleter.pid";
  auto p =
      testing::Process::Start({.argv = {KAKUNIN_OQS_SIM_BIN, "face-delete", "--dir", res().string(),
                                        "--after-ms", "300", "--pid-file", pid_file.string()},
                               .log_path = dir_ + "/deleter.log"});
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(testing::WaitFor([&] { return fs::exists(pid_file); }, 10s)) << p->ReadLog();
  EXPECT_EQ(std::stoi(Slurp(pid_file)), p->pid());
  const fs::path face = res() / "OQSsiquc01res_face_20261123103000_0001.xml";
  const fs::path other = res() / "OQSsiquc01res_other.xml";
  std::ofstream(other) << "not a face answer";
  const auto put_at = std::chrono::steady_clock::now();
  std::ofstream(face) << "<XmlMsg/>";
  ASSERT_TRUE(testing::WaitFor([&] { return !fs::exists(face); }, 10s)) << p->ReadLog();
  EXPECT_GE(std::chrono::steady_clock::now() - put_at, 300ms);
  // One more, then SIGTERM at once: the deleter still takes it before it exits.
  const fs::path last = res() / "OQSsiquc01res_face_20261123103000_0002.xml";
  std::ofstream(last) << "<XmlMsg/>";
  EXPECT_EQ(p->Stop(), 0) << p->ReadLog();
  EXPECT_FALSE(fs::exists(last));
  EXPECT_TRUE(fs::exists(other));
}

// The responder behind --xml-dir with --xml-cases and --xml-encoding.
TEST_F(OqsFileModesTest, XmlDirAnswersScriptedCasesInShiftJis) {
  std::ofstream(dir_ + "/cases.json") << R"({"1001": {"kind": "error"}})";
  auto p = testing::Process::Start(
      {.argv = {KAKUNIN_OQS_SIM_BIN, "--listen", "127.0.0.1:0", "--data-dir", dir_ + "/oqs",
                "--ready-file", dir_ + "/ready", "--xml-dir", dir_ + "/xml", "--xml-cases",
                dir_ + "/cases.json", "--xml-encoding", "sjis"},
       .log_path = dir_ + "/oqs.log"});
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(testing::WaitFor([&] { return fs::exists(dir_ + "/ready"); }, 20s)) << p->ReadLog();
  auto population = Population::Load(KAKUNIN_OQS_POPULATION);
  ASSERT_TRUE(population.ok());
  for (const auto& [seed, id] :
       {std::pair{"yamada-taro", "scripted"}, {"suzuki-ichiro", "plain"}}) {
    const v1::Eligibility& e = population->FindBySeed(seed)->eligibility;
    auto bytes =
        xml::WriteRequest({"2026-11-23", "1341234567", id, e.insurer_number(), e.insured_symbol(),
                           e.insured_number(), e.insured_branch_number(), e.birth_date()});
    ASSERT_TRUE(bytes.ok());
    std::ofstream(dir_ + "/xml/req/" + xml::RequestFileName(id), std::ios::binary) << *bytes;
  }
  const fs::path scripted = dir_ + "/xml/res/" + xml::AnswerFileName("scripted");
  const fs::path plain = dir_ + "/xml/res/" + xml::AnswerFileName("plain");
  ASSERT_TRUE(testing::WaitFor([&] { return fs::exists(scripted) && fs::exists(plain); }, 20s))
      << p->ReadLog();
  auto error = xml::ParseAnswer(Slurp(scripted));
  auto normal = xml::ParseAnswer(Slurp(plain));
  ASSERT_TRUE(error.ok() && normal.ok());
  EXPECT_EQ(error->segment_of_result, 9);
  EXPECT_EQ(normal->segment_of_result, 1);
  EXPECT_EQ(normal->encoding, xml::Encoding::kShiftJis);
  EXPECT_EQ(error->encoding, xml::Encoding::kShiftJis);
}

TEST_F(OqsFileModesTest, XmlFlagsAreCheckedBeforeServing) {
  std::ofstream(dir_ + "/bad.json") << R"({"1001": {"kind": "slow"}})";
  const std::vector<std::string> base = {"--listen", "127.0.0.1:0", "--data-dir", dir_ + "/oqs"};
  auto with = [&](std::vector<std::string> extra) {
    extra.insert(extra.begin(), base.begin(), base.end());
    return Sim(extra);
  };
  auto bad_kind = with({"--xml-dir", dir_ + "/xml", "--xml-cases", dir_ + "/bad.json"});
  EXPECT_EQ(bad_kind.exit_code, 1);
  EXPECT_NE(bad_kind.output.find("unknown kind 'slow'"), std::string::npos) << bad_kind.output;
  EXPECT_EQ(with({"--xml-dir", dir_ + "/xml", "--xml-encoding", "latin1"}).exit_code, 2);
  EXPECT_EQ(with({"--xml-cases", dir_ + "/bad.json"}).exit_code, 2);  // no --xml-dir
}

}  // namespace
}  // namespace kakunin::sim
