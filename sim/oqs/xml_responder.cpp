#include "sim/oqs/xml_responder.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "sim/oqs/xml_support.h"

namespace kakunin::sim {
namespace {

namespace fs = std::filesystem;
namespace xml = eligibility::xml;
using std::chrono::milliseconds;

// The scripted terminal error (kind "error").
constexpr char kErrorCode[] = "EQ0001";
constexpr char kErrorMessage[] = "資格確認端末で処理エラーが発生しました（模擬）";

Status WriteInPlace(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) {
    return MakeError(ErrorCode::kUnavailable, "xml.folder_missing", "cannot write " + path);
  }
  return OkStatus();
}

// A long XML comment after the declaration: still valid XML, but past 1 MiB.
std::string PadPastOneMiB(const std::string& answer) {
  const size_t at = answer.find("?>");
  const size_t insert = at == std::string::npos ? 0 : at + 2;
  std::string filler;
  while (answer.size() + filler.size() < kTooLargeAnswerBytes) {
    filler += std::string(79, 'x') + "\n";
  }
  std::string out = answer;
  out.insert(insert, "\n<!-- padding (too_large case)\n" + filler + "-->");
  return out;
}

}  // namespace

XmlResponder::XmlResponder(XmlResponderOptions options) : options_(std::move(options)) {}

xml::FileAnswer XmlResponder::Header(const xml::Request& req) const {
  xml::FileAnswer a;
  a.process_execution_time = JapanTimestamp(options_.now());
  a.reference_classification = 2;
  a.segment_of_result = 1;
  a.encoding = options_.encoding;
  a.file_id = req.file_id;
  a.processing_result_status = 1;
  return a;
}

Result<std::string> XmlResponder::NormalAnswer(const xml::Request& req) const {
  xml::FileAnswer a = Header(req);
  const Person* person =
      options_.population.FindByInsured(req.insurer_number, req.insured_symbol, req.insured_number,
                                        req.insured_branch_number, req.birth_date);
  if (person == nullptr) {
    a.qualification_validity = 4;
  } else {
    auto answer = RecordsOf(person->eligibility, JapanDateIso(options_.now()));
    a.qualification_validity = answer.validity;
    a.results = std::move(answer.records);
  }
  return xml::WriteAnswer(a);
}

Result<std::string> XmlResponder::Answer(const std::string& request_bytes) const {
  KAKUNIN_ASSIGN_OR_RETURN(xml::Request req, xml::ParseRequest(request_bytes));
  return NormalAnswer(req);
}

std::string XmlResponder::AnswerPath(const std::string& id) const {
  return (fs::path(options_.res_dir) / xml::AnswerFileName(id)).string();
}

void XmlResponder::Schedule(milliseconds delay, const std::string& path, std::string bytes,
                            bool atomic) {
  // A multimap keeps insertion order among equal times: a processing answer stays first.
  pending_.emplace(options_.monotonic_now() + delay, PendingWrite{path, std::move(bytes), atomic});
}

void XmlResponder::PlanErrFile(const std::string& id, const std::string& request_bytes,
                               const std::string& text, milliseconds delay) {
  // As the terminal does: the request comes back with a same-named .err file.
  const fs::path res(options_.res_dir);
  Schedule(delay, (res / xml::RequestFileName(id)).string(), request_bytes);
  Schedule(delay, (res / xml::ErrorFileName(id)).string(), text + "\n");
}

void XmlResponder::Plan(const std::string& id, const std::string& request_bytes) {
  auto req = xml::ParseRequest(request_bytes);
  if (!req.ok()) return PlanErrFile(id, request_bytes, req.error().ToString(), milliseconds(0));
  if (auto it = options_.cases.find(req->insured_number); it != options_.cases.end()) {
    return PlanCase(id, request_bytes, *req, it->second);
  }
  auto answer = NormalAnswer(*req);
  if (!answer.ok())
    return PlanErrFile(id, request_bytes, answer.error().ToString(), milliseconds(0));
  Schedule(milliseconds(0), AnswerPath(id), std::move(*answer));
}

void XmlResponder::PlanCase(const std::string& id, const std::string& request_bytes,
                            const xml::Request& req, const XmlCase& c) {
  const milliseconds delay = EffectiveDelay(c);
  if (c.kind == XmlCaseKind::kErrFile) {
    return PlanErrFile(id, request_bytes, "oqs.scripted_err_file: the terminal refused the request",
                       delay);
  }
  xml::FileAnswer special = Header(req);
  if (c.kind == XmlCaseKind::kError) {
    special.segment_of_result = 9;
    special.error_code = special.processing_result_code = kErrorCode;
    special.error_message = special.processing_result_message = kErrorMessage;
    special.processing_result_status = 2;
  }
  if (c.kind == XmlCaseKind::kProcessing) special.segment_of_result = 2;
  auto answer = c.kind == XmlCaseKind::kError ? xml::WriteAnswer(special) : NormalAnswer(req);
  if (!answer.ok()) return PlanErrFile(id, request_bytes, answer.error().ToString(), delay);
  std::string bytes = std::move(*answer);
  switch (c.kind) {
    case XmlCaseKind::kTruncated:
      return Schedule(delay, AnswerPath(id), bytes.substr(0, bytes.size() / 2), false);
    case XmlCaseKind::kTooLarge:
      return Schedule(delay, AnswerPath(id), PadPastOneMiB(bytes));
    case XmlCaseKind::kProcessing:
      // "Still processing" now; the final answer replaces it (atomically) after the delay.
      if (auto first = xml::WriteAnswer(special); first.ok()) {
        Schedule(milliseconds(0), AnswerPath(id), std::move(*first));
      }
      return Schedule(delay, AnswerPath(id), std::move(bytes));
    default:  // error, late
      return Schedule(delay, AnswerPath(id), std::move(bytes));
  }
}

Status XmlResponder::FlushDue() {
  const auto now = options_.monotonic_now();
  while (!pending_.empty() && pending_.begin()->first <= now) {
    const PendingWrite& w = pending_.begin()->second;
    KAKUNIN_RETURN_IF_ERROR(w.atomic ? WriteFileAtomically(w.path, w.bytes)
                                     : WriteInPlace(w.path, w.bytes));
    pending_.erase(pending_.begin());
  }
  return OkStatus();
}

Result<int> XmlResponder::PollOnce() {
  std::error_code ec;
  if (!fs::is_directory(options_.req_dir, ec) || !fs::is_directory(options_.res_dir, ec)) {
    return MakeError(ErrorCode::kUnavailable, "xml.folder_missing", "req or res folder missing");
  }
  int handled = 0;
  for (const auto& entry : fs::directory_iterator(options_.req_dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(xml::kRequestPrefix, 0) != 0 || entry.path().extension() != ".xml") continue;
    const std::string id =
        name.substr(xml::kRequestPrefix.size(), name.size() - xml::kRequestPrefix.size() - 4);
    std::ifstream in(entry.path(), std::ios::binary);
    if (!in) continue;  // taken away meanwhile
    std::ostringstream bytes;
    bytes << in.rdbuf();
    in.close();
    Plan(id, bytes.str());
    fs::remove(entry.path(), ec);
    ++handled;
  }
  KAKUNIN_RETURN_IF_ERROR(FlushDue());
  return handled;
}

void XmlResponder::Run(const std::atomic<bool>& stop) {
  while (!stop.load()) {
    (void)PollOnce();  // a missing folder may come back; keep watching
    // At most 100 ms between looks, so a test's stop flag is honoured quickly.
    std::this_thread::sleep_for(std::min(options_.poll_interval, std::chrono::milliseconds(100)));
  }
}

}  // namespace kakunin::sim
