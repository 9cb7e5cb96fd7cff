#include "agent/check/route.h"

#include <algorithm>
#include <ctime>
#include <filesystem>

#include "agent/cli/cli_common.h"
#include "agent/eligibility/oqs_client.h"
#include "common/os/files.h"

namespace kakunin::agent {
namespace fs = std::filesystem;
namespace {

// Whether a new file can be made in `dir`: a real create, as the 資格確認端末's share may be
// read-only in ways permission bits do not tell. The probe's name is random and the create never
// follows or opens what is there: these folders are written by other programs, and a link
// planted at a name we would use must not make us truncate a file of our own (review-local #1).
bool CanCreateIn(const std::string& dir) {
  std::error_code ec;
  if (dir.empty() || !fs::is_directory(os::PathFromUtf8(dir), ec)) return false;
  const std::string probe = os::PathToUtf8(os::PathFromUtf8(dir) / (".kakunin-probe-" + NewUuid()));
  const Status made = os::WriteNewFile(probe, "", os::FileAccess::kOwnerOnly);
  if (made.ok()) fs::remove(os::PathFromUtf8(probe), ec);  // ours: nothing else is removed
  return made.ok();
}

bool CanList(const std::string& dir) {
  std::error_code ec;
  if (dir.empty() || !fs::is_directory(os::PathFromUtf8(dir), ec)) return false;
  fs::directory_iterator it(os::PathFromUtf8(dir), ec);
  return !ec;
}

}  // namespace

v1::RouteSettings EffectiveRoute(const v1::TerminalConfig& config) {
  v1::RouteSettings r = config.route();
  if (r.route() == v1::ELIGIBILITY_ROUTE_UNSPECIFIED)
    r.set_route(v1::ELIGIBILITY_ROUTE_SERVICE_API);
  uint32_t t = r.answer_timeout_seconds();
  if (t == 0) t = static_cast<uint32_t>(kDefaultAnswerTimeout.count());
  r.set_answer_timeout_seconds(std::min<uint32_t>(t, kLongestAnswerTimeout.count()));
  if (r.header_institution_code().empty()) r.set_header_institution_code(config.institution_code());
  return r;
}

eligibility::xml::Encoding ToXmlEncoding(v1::FileEncoding encoding) {
  return encoding == v1::FILE_ENCODING_SHIFT_JIS ? eligibility::xml::Encoding::kShiftJis
                                                 : eligibility::xml::Encoding::kUtf8;
}

const char* RouteId(v1::EligibilityRoute route) {
  return route == v1::ELIGIBILITY_ROUTE_TERMINAL_FILES ? "terminal-files" : "service-api";
}

std::string ArchiveDir(const std::string& state_dir) { return state_dir + "/terminal-files"; }

RouteService MakeRouteService(const v1::TerminalConfig& config, const EligibilitySettings& api,
                              const std::string& state_dir) {
  RouteService out;
  const v1::RouteSettings route = EffectiveRoute(config);
  if (route.route() == v1::ELIGIBILITY_ROUTE_TERMINAL_FILES) {
    std::string code = route.header_institution_code();
    if (code.empty()) code = api.institution_code;
    auto files = std::make_unique<eligibility::XmlExchange>(
        route.req_dir(), route.res_dir(), code,
        std::chrono::seconds(route.answer_timeout_seconds()),
        ToXmlEncoding(route.request_encoding()));
    files->set_archive_dir(ArchiveDir(state_dir));
    out.files = files.get();
    out.service = std::move(files);
    return out;
  }
  eligibility::OqsClientOptions o{api.endpoint, api.ca_pem, api.institution_code};
  if (!config.eligibility_endpoint().empty()) o.endpoint = config.eligibility_endpoint();
  if (!config.institution_code().empty()) o.institution_code = config.institution_code();
  if (!o.endpoint.empty()) out.service = std::make_unique<eligibility::OqsClient>(o);
  return out;
}

Status RememberIfLate(LocalStore& store, const RouteService& route, const v1::CheckResult& result) {
  if (!route.files || result.error_reason() != "xml.timeout") return OkStatus();
  return store.RememberLateRequest(route.files->last_file_id(),
                                   {result.check_id(), result.route()});
}

Result<bool> HandOffResult(const v1::RouteSettings& route, const v1::CheckResult& result) {
  if (route.route() == v1::ELIGIBILITY_ROUTE_TERMINAL_FILES || route.handoff_dir().empty() ||
      result.source() != v1::CHECK_SOURCE_CARD || result.outcome() == v1::OUTCOME_ERROR) {
    return false;
  }
  std::string id = std::string(eligibility::kOwnIdPrefix);
  for (char c : result.check_id()) {
    if (c != '-' && id.size() < 3 + 20) id += c;
  }
  const std::time_t at = static_cast<std::time_t>(result.checked_at().seconds()) + 9 * 3600;
  std::tm tm{};
  gmtime_r(&at, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &tm);
  auto answer = eligibility::xml::AnswerFromResult(result, id, stamp,
                                                   ToXmlEncoding(route.handoff_encoding()));
  if (!answer.ok()) return false;  // nothing the service answered
  KAKUNIN_ASSIGN_OR_RETURN(std::string bytes, eligibility::xml::WriteAnswer(*answer));
  const fs::path dir = os::PathFromUtf8(route.handoff_dir());
  const fs::path final_path = dir / eligibility::xml::FaceFileName(std::string(stamp) + "_" + id);
  const fs::path temp =
      dir / ("." + os::PathToUtf8(final_path.filename()) + "." + NewUuid() + ".tmp");
  const Status written =
      os::WriteNewFile(os::PathToUtf8(temp), bytes, os::FileAccess::kGroupReadable);
  std::error_code ec;
  if (written.ok()) fs::rename(temp, final_path, ec);
  if (!written.ok() || ec) {
    if (written.ok()) fs::remove(temp, ec);  // only a file we made
    return MakeError(ErrorCode::kUnavailable, "route.handoff_failed",
                     "cannot write " + os::PathToUtf8(final_path));
  }
  return true;
}

bool IsOwnHandOffName(std::string_view name) {
  // OQSsiquc01res_face_ + YYYYMMDDHHmmss + _ + KKN… + .xml, as HandOffResult names them.
  const std::string_view face = eligibility::xml::kFacePrefix;
  const std::string_view own = eligibility::kOwnIdPrefix;
  if (name.size() <= face.size() + 15 + own.size() + 4 || name.substr(0, face.size()) != face ||
      name.substr(name.size() - 4) != ".xml") {
    return false;
  }
  for (char c : name.substr(face.size(), 14)) {
    if (c < '0' || c > '9') return false;
  }
  return name[face.size() + 14] == '_' && name.substr(face.size() + 15, own.size()) == own;
}

int PruneHandOffs(const std::string& dir, fs::file_time_type cutoff) {
  int removed = 0;
  std::error_code ec;
  for (auto it = fs::directory_iterator(os::PathFromUtf8(dir), ec);
       !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code ec2;
    // Not through a link planted in the folder, and only files of our own naming.
    if (!it->is_regular_file(ec2) || it->is_symlink(ec2)) continue;
    if (!IsOwnHandOffName(os::PathToUtf8(it->path().filename()))) continue;
    if (it->last_write_time(ec2) >= cutoff || ec2) continue;
    if (fs::remove(it->path(), ec2)) ++removed;
  }
  return removed;
}

void ProbeRoute(const v1::RouteSettings& route, v1::RouteStatus* status, bool service_configured) {
  status->set_route(route.route());
  status->set_req_dir(route.req_dir());
  status->set_res_dir(route.res_dir());
  status->set_handoff_dir(route.handoff_dir());
  status->clear_problem();
  const bool files = route.route() == v1::ELIGIBILITY_ROUTE_TERMINAL_FILES;
  status->set_req_writable(files && CanCreateIn(route.req_dir()));
  status->set_res_readable(files && CanList(route.res_dir()));
  status->set_res_writable(files && CanCreateIn(route.res_dir()));
  status->set_handoff_writable(!route.handoff_dir().empty() && CanCreateIn(route.handoff_dir()));
  if (!files && !service_configured) {
    status->set_problem("route.no_service");
  } else if (files && !status->req_writable()) {
    status->set_problem("route.req_unusable");
  } else if (files && !status->res_readable()) {
    status->set_problem("route.res_unreadable");
  } else if (files && !status->res_writable()) {
    status->set_problem("route.res_read_only");
  } else if (!route.handoff_dir().empty() && !status->handoff_writable()) {
    status->set_problem("route.handoff_unusable");
  }
}

}  // namespace kakunin::agent
