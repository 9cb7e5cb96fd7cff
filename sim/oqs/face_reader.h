#pragma once
// The face-auth card reader's side of the 資格確認端末 XML exchange: its terminal drops answer
// files OQSsiquc01res_face_*.xml into `res` unasked, and the receipt computer reads (and often
// deletes) them. `kakunin-oqs-sim face` plays that terminal with people from the synthetic
// population, in UTF-8 and/or Shift_JIS, some names with 外字 substitutes. FICTIONAL data only.
#include <chrono>
#include <cstdint>
#include <ctime>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "agent/eligibility/xml_codec.h"
#include "common/core/result.h"
#include "sim/oqs/population.h"

namespace kakunin::sim {

inline constexpr std::string_view kFaceAnswerPrefix = "OQSsiquc01res_face_";

enum class FaceEncodingMode { kUtf8, kShiftJis, kMixed };  // mixed: UTF-8, Shift_JIS, UTF-8…
enum class GaijiMode { kNone, kSome, kAll };               // some: every third file

// How a 外字 the terminal cannot show is replaced in the name.
enum class GaijiSubstitute {
  kBlackCircle,      // ●
  kGetaMark,         // 〓
  kUserDefinedArea,  // raw CP932 0xF0 0x40 (Shift_JIS only), decodes to U+E000
};

// What one dropped file holds, before it is written.
// The process id in hex and a dash: names of two runs never meet.
std::string RunTag();

struct FaceFileSpec {
  int counter = 1;  // 1-based, in the file name and identifier
  std::time_t now = 0;
  Person person;
  eligibility::xml::Encoding encoding = eligibility::xml::Encoding::kUtf8;
  std::optional<GaijiSubstitute> gaiji;
  // Distinguishes runs within one second (two runs would otherwise write the same names).
  std::string run_tag;
};

// One file as written, with what a decoder gives back (for the manifest).
struct FaceFile {
  // OQSsiquc01res_face_<ProcessExecutionTime>_<run tag><counter 4 digits>.xml
  std::string name;
  std::string file_id;
  std::string bytes;
  v1::Eligibility record;  // as decoded: the name carries the substitute (U+E000 when raw)
  eligibility::xml::Encoding encoding = eligibility::xml::Encoding::kUtf8;
  bool gaiji = false;
  int qualification_validity = 0;
};

// Replaces the first kanji of `name` (else its first non-space character) by `substitute`.
std::string ReplaceOneKanji(const std::string& name, const std::string& substitute);

// The file for `spec`: the layout of xml::WriteAnswer, ReferenceClassification 1 (card),
// SegmentOfResult 1, validity by the responder's rule on the Japan date of spec.now.
Result<FaceFile> MakeFaceFile(const FaceFileSpec& spec);
// One JSON Lines record for the manifest (no newline).
std::string ManifestLine(const FaceFile& file);

// Chooses person, encoding and 外字 for each file in turn. Persons with a linked card only;
// every fourth file from the second on is someone whose qualification is invalid today.
class FacePlanner {
 public:
  FacePlanner(const Population& population, FaceEncodingMode encoding, GaijiMode gaiji,
              uint32_t seed, std::time_t today);
  FaceFileSpec Next(std::time_t now);
  bool empty() const { return valid_.empty() && invalid_.empty(); }

 private:
  const Person& Pick(const std::vector<Person>& pool, size_t& cursor);

  FaceEncodingMode encoding_;
  GaijiMode gaiji_;
  std::vector<Person> valid_, invalid_;  // copies: the planner may outlive the population
  size_t valid_cursor_ = 0, invalid_cursor_ = 0;
  int counter_ = 0;
  std::string run_tag_ = RunTag();
  int utf8_gaiji_ = 0, sjis_gaiji_ = 0;  // substitutes alternate per encoding
};

struct FaceDropOptions {
  std::string res_dir;
  int count = 10;
  std::chrono::milliseconds interval{100};
  FaceEncodingMode encoding = FaceEncodingMode::kUtf8;
  GaijiMode gaiji = GaijiMode::kNone;
  Population population;
  uint32_t seed = 1;
  std::string manifest_path;  // "" = no manifest
  std::function<std::time_t()> now = [] { return std::time(nullptr); };
};

// Drops `count` files into res_dir, `interval` apart, appending each to the manifest once it is
// in place; calls progress(done) after each file.
Status DropFaceFiles(const FaceDropOptions& options, const std::function<void(int)>& progress);

}  // namespace kakunin::sim
