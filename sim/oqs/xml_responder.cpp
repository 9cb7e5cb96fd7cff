#include "sim/oqs/xml_responder.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "common/domain/date.h"

namespace kakunin::sim {
namespace {

namespace fs = std::filesystem;
namespace xml = eligibility::xml;

Status WriteAtomically(const fs::path& path, const std::string& bytes) {
  const fs::path temp = path.parent_path() / ("." + path.filename().string() + ".tmp");
  std::ofstream out(temp, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  std::error_code ec;
  if (out) fs::rename(temp, path, ec);
  if (!out || ec) {
    fs::remove(temp, ec);
    return MakeError(ErrorCode::kUnavailable, "xml.folder_missing",
                     "cannot write " + path.string());
  }
  return OkStatus();
}

std::tm JapanTime(std::time_t t) {
  t += 9 * 3600;  // JST has no DST
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}

}  // namespace

XmlResponder::XmlResponder(XmlResponderOptions options) : options_(std::move(options)) {}

Result<std::string> XmlResponder::Answer(const std::string& request_bytes) const {
  KAKUNIN_ASSIGN_OR_RETURN(xml::Request req, xml::ParseRequest(request_bytes));
  const std::tm tm = JapanTime(options_.now());
  char stamp[64];
  std::snprintf(stamp, sizeof stamp, "%04d%02d%02d%02d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  const std::string today = domain::FormatIso({tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday});
  xml::FileAnswer a;
  a.process_execution_time = stamp;
  a.reference_classification = 2;
  a.segment_of_result = 1;
  a.encoding = options_.encoding;
  a.file_id = req.file_id;
  a.processing_result_status = 1;
  const Person* person =
      options_.population.FindByInsured(req.insurer_number, req.insured_symbol, req.insured_number,
                                        req.insured_branch_number, req.birth_date);
  if (person == nullptr) {
    a.qualification_validity = 4;
  } else {
    // The same validity rule as the gRPC emulator (eligibility_emulator.cpp AnswerFor).
    const auto& e = person->eligibility;
    const bool lost = !e.disqualification_date().empty() && e.disqualification_date() <= today;
    const bool ended = !e.valid_to().empty() && e.valid_to() < today;
    const bool not_started = !e.valid_from().empty() && e.valid_from() > today;
    a.qualification_validity = (lost || ended || not_started) ? 2 : 1;
    a.results.push_back(e);
  }
  return xml::WriteAnswer(a);
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
    auto answer = Answer(bytes.str());
    const fs::path res(options_.res_dir);
    if (answer.ok()) {
      KAKUNIN_RETURN_IF_ERROR(WriteAtomically(res / xml::AnswerFileName(id), *answer));
    } else {
      // As the terminal does: the request comes back with a same-named .err file.
      KAKUNIN_RETURN_IF_ERROR(WriteAtomically(res / xml::RequestFileName(id), bytes.str()));
      KAKUNIN_RETURN_IF_ERROR(
          WriteAtomically(res / xml::ErrorFileName(id), answer.error().ToString() + "\n"));
    }
    fs::remove(entry.path(), ec);
    ++handled;
  }
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
