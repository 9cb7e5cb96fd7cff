#include "sim/oqs/face_reader.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "sim/oqs/xml_support.h"

namespace kakunin::sim {
namespace {

namespace fs = std::filesystem;
namespace xml = eligibility::xml;

// Stands in for the raw user-defined-area character until the name is encoded. '#' is never a
// Shift_JIS trail byte, so a match cannot start inside a double-byte character.
constexpr char kRawGaijiMarker[] = "#GAIJI#";
constexpr char kRawGaijiBytes[] = "\xF0\x40";        // CP932 user-defined area, first cell
constexpr char kRawGaijiDecoded[] = "\xEE\x80\x80";  // U+E000, what CP932 decoding gives

// Decodes one UTF-8 sequence at `i` (input is valid UTF-8); sets its length.
char32_t CodePointAt(const std::string& s, size_t i, size_t* length) {
  const auto c = static_cast<unsigned char>(s[i]);
  const size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
  char32_t cp = n == 1 ? c : c & (0x7F >> n);
  for (size_t k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
  *length = n;
  return cp;
}

bool IsKanji(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || cp == 0x3005;  // 々
}

// What is written in place of the kanji, and what a decoder gives back.
std::string WrittenText(GaijiSubstitute s) {
  return s == GaijiSubstitute::kBlackCircle ? "●"
         : s == GaijiSubstitute::kGetaMark  ? "〓"
                                            : kRawGaijiMarker;
}
std::string DecodedText(GaijiSubstitute s) {
  return s == GaijiSubstitute::kUserDefinedArea ? kRawGaijiDecoded : WrittenText(s);
}

xml::FileAnswer CardAnswer(const FaceFile& f, const std::string& stamp) {
  xml::FileAnswer a;
  a.process_execution_time = stamp;
  a.reference_classification = 1;  // the card was read
  a.segment_of_result = 1;
  a.encoding = f.encoding;
  a.file_id = f.file_id;
  a.processing_result_status = 1;
  a.qualification_validity = f.qualification_validity;
  return a;
}

}  // namespace

std::string ReplaceOneKanji(const std::string& name, const std::string& substitute) {
  size_t first_other = std::string::npos, first_other_len = 0;
  for (size_t i = 0, len = 0; i < name.size(); i += len) {
    const char32_t cp = CodePointAt(name, i, &len);
    if (IsKanji(cp)) return name.substr(0, i) + substitute + name.substr(i + len);
    if (first_other == std::string::npos && cp != U' ' && cp != U'\u3000') {
      first_other = i;
      first_other_len = len;
    }
  }
  if (first_other == std::string::npos) return name + substitute;
  return name.substr(0, first_other) + substitute + name.substr(first_other + first_other_len);
}

std::string RunTag() {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%x-", static_cast<unsigned>(::getpid()));
  return buf;
}

Result<FaceFile> MakeFaceFile(const FaceFileSpec& spec) {
  if (spec.gaiji == GaijiSubstitute::kUserDefinedArea &&
      spec.encoding != xml::Encoding::kShiftJis) {
    return MakeError(ErrorCode::kInvalidArgument, "oqs.bad_face_file",
                     "a raw user-defined character needs Shift_JIS");
  }
  FaceFile f;
  const std::string stamp = JapanTimestamp(spec.now);
  char counter[16];
  std::snprintf(counter, sizeof counter, "%04d", spec.counter);
  f.name = std::string(kFaceAnswerPrefix) + stamp + "_" + spec.run_tag + counter + ".xml";
  f.file_id = "FACE" + stamp + spec.run_tag + counter;
  f.encoding = spec.encoding;
  f.record = spec.person.eligibility;
  f.record.clear_other_records();
  f.qualification_validity = QualificationValidity(f.record, JapanDateIso(spec.now));
  xml::FileAnswer answer = CardAnswer(f, stamp);
  v1::Eligibility written = f.record;
  if (spec.gaiji) {
    f.gaiji = true;
    written.set_name(ReplaceOneKanji(f.record.name(), WrittenText(*spec.gaiji)));
    f.record.set_name(ReplaceOneKanji(f.record.name(), DecodedText(*spec.gaiji)));
  }
  answer.results.push_back(written);
  KAKUNIN_ASSIGN_OR_RETURN(f.bytes, xml::WriteAnswer(answer));
  if (const size_t at = f.bytes.find(kRawGaijiMarker); at != std::string::npos) {
    f.bytes.replace(at, sizeof kRawGaijiMarker - 1, kRawGaijiBytes);
  }
  return f;
}

std::string ManifestLine(const FaceFile& f) {
  const v1::Eligibility& e = f.record;
  nlohmann::json j = {
      {"file", f.name},
      {"file_id", f.file_id},
      {"insurer_number", e.insurer_number()},
      {"insured_symbol", e.insured_symbol()},
      {"insured_number", e.insured_number()},
      {"insured_branch_number", e.insured_branch_number()},
      {"birth_date", e.birth_date()},
      {"name", e.name()},
      {"encoding", f.encoding == xml::Encoding::kUtf8 ? "utf8" : "sjis"},
      {"gaiji", f.gaiji},
      {"qualification_validity", f.qualification_validity},
  };
  return j.dump();
}

FacePlanner::FacePlanner(const Population& population, FaceEncodingMode encoding, GaijiMode gaiji,
                         uint32_t seed, std::time_t today)
    : encoding_(encoding), gaiji_(gaiji) {
  const std::string today_iso = JapanDateIso(today);
  for (const Person& p : population.persons()) {
    if (!p.registered) continue;  // no linked card: the reader produces no answer
    // The drop mixes valid and invalid answers of one record; people with several records
    // (validity 3 and 5) are answered by the service and the XML responder.
    const int validity = RecordsOf(p.eligibility, today_iso).validity;
    if (validity == 1) valid_.push_back(p);
    if (validity == 2) invalid_.push_back(p);
  }
  std::mt19937 rng(seed);
  std::shuffle(valid_.begin(), valid_.end(), rng);
  std::shuffle(invalid_.begin(), invalid_.end(), rng);
}

const Person& FacePlanner::Pick(const std::vector<Person>& pool, size_t& cursor) {
  const Person& p = pool[cursor % pool.size()];
  ++cursor;
  return p;
}

FaceFileSpec FacePlanner::Next(std::time_t now) {
  const int index = counter_++;
  FaceFileSpec spec;
  spec.counter = counter_;
  spec.now = now;
  spec.run_tag = run_tag_;
  const bool invalid = (index % 4 == 1 && !invalid_.empty()) || valid_.empty();
  spec.person = invalid ? Pick(invalid_, invalid_cursor_) : Pick(valid_, valid_cursor_);
  const bool sjis = encoding_ == FaceEncodingMode::kShiftJis ||
                    (encoding_ == FaceEncodingMode::kMixed && index % 2 == 1);
  spec.encoding = sjis ? xml::Encoding::kShiftJis : xml::Encoding::kUtf8;
  if (gaiji_ == GaijiMode::kAll || (gaiji_ == GaijiMode::kSome && (index + 1) % 3 == 0)) {
    // UTF-8: ●, 〓, …; Shift_JIS: ●, raw, 〓, raw, …
    static constexpr GaijiSubstitute kSjis[] = {
        GaijiSubstitute::kBlackCircle, GaijiSubstitute::kUserDefinedArea,
        GaijiSubstitute::kGetaMark, GaijiSubstitute::kUserDefinedArea};
    spec.gaiji = sjis ? kSjis[sjis_gaiji_++ % 4]
                      : (utf8_gaiji_++ % 2 == 0 ? GaijiSubstitute::kBlackCircle
                                                : GaijiSubstitute::kGetaMark);
  }
  return spec;
}

Status DropFaceFiles(const FaceDropOptions& o, const std::function<void(int)>& progress) {
  std::error_code ec;
  if (!fs::is_directory(o.res_dir, ec)) {
    return MakeError(ErrorCode::kNotFound, "oqs.io", o.res_dir + ": no such folder");
  }
  FacePlanner planner(o.population, o.encoding, o.gaiji, o.seed, o.now());
  if (planner.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "oqs.bad_population",
                     "no one in the population has a linked card");
  }
  std::ofstream manifest;
  if (!o.manifest_path.empty()) manifest.open(o.manifest_path, std::ios::trunc);
  if (!o.manifest_path.empty() && !manifest) {
    return MakeError(ErrorCode::kNotFound, "oqs.io", o.manifest_path + ": cannot write");
  }
  for (int i = 0; i < o.count; ++i) {
    if (i > 0) std::this_thread::sleep_for(o.interval);  // the pace of patients at the reader
    KAKUNIN_ASSIGN_OR_RETURN(FaceFile file, MakeFaceFile(planner.Next(o.now())));
    KAKUNIN_RETURN_IF_ERROR(
        WriteFileAtomically((fs::path(o.res_dir) / file.name).string(), file.bytes));
    if (manifest.is_open() && !(manifest << ManifestLine(file) << '\n' << std::flush)) {
      return MakeError(ErrorCode::kUnavailable, "oqs.io", o.manifest_path + ": cannot write");
    }
    progress(i + 1);
  }
  return OkStatus();
}

}  // namespace kakunin::sim
