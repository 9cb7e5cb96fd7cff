#include "console/models/route_validation.h"

#include <algorithm>

namespace kakunin::console {
namespace {

Error Bad(const std::string& reason, const std::string& message) {
  return MakeError(ErrorCode::kInvalidArgument, reason, message);
}

bool IsAsciiLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

bool IsAbsolute(const std::string& p) {
  const bool unix_abs = !p.empty() && p[0] == '/';
  const bool drive =
      p.size() >= 3 && IsAsciiLetter(p[0]) && p[1] == ':' && (p[2] == '\\' || p[2] == '/');
  const bool share = p.size() >= 3 && p[0] == '\\' && p[1] == '\\';
  return unix_abs || drive || share;
}

bool ClimbsUp(const std::string& p) {
  for (const char* up : {"/../", "\\..\\", "/..\\", "\\../"}) {
    if (p.find(up) != std::string::npos) return true;
  }
  return p.size() >= 3 && (p.ends_with("/..") || p.ends_with("\\.."));
}

bool IsTenDigits(const std::string& code) {
  return code.size() == 10 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Status ValidateFolderRoute(const v1::RouteSettings& r) {
  if (r.req_dir().empty() || r.res_dir().empty()) {
    return Bad("route.missing_folder", "terminal-files needs both the req and the res folder");
  }
  KAKUNIN_RETURN_IF_ERROR(ValidateFolder(r.req_dir()));
  KAKUNIN_RETURN_IF_ERROR(ValidateFolder(r.res_dir()));
  if (r.req_dir() == r.res_dir()) {
    return Bad("route.same_folder", "the req and res folders must differ");
  }
  if (!r.handoff_dir().empty()) {
    return Bad("route.handoff_with_files", "a hand-off folder is for the service API route");
  }
  return OkStatus();
}

}  // namespace

Status ValidateFolder(const std::string& p) {
  // QString gives UTF-8, so only the length is left of the server's encoding check.
  if (p.size() > kMaxFolderPathBytes) return Bad("route.bad_path", "folder path too long");
  if (std::any_of(p.begin(), p.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    return Bad("route.bad_path", "folder path contains control characters");
  }
  if (!IsAbsolute(p)) return Bad("route.bad_path", "not an absolute folder path");
  if (ClimbsUp(p)) return Bad("route.bad_path", "folder path contains '..'");
  return OkStatus();
}

Status ValidateRoute(const v1::RouteSettings& r, bool per_terminal) {
  if (!v1::EligibilityRoute_IsValid(r.route()) || !v1::FileEncoding_IsValid(r.request_encoding()) ||
      !v1::FileEncoding_IsValid(r.handoff_encoding())) {
    return Bad("route.bad_value", "unknown route or encoding");
  }
  if (per_terminal && r.route() == v1::ELIGIBILITY_ROUTE_UNSPECIFIED) {
    if (r.ByteSizeLong() != 0) return Bad("route.bad_value", "following the site sets nothing");
    return OkStatus();
  }
  const bool files = r.route() == v1::ELIGIBILITY_ROUTE_TERMINAL_FILES;
  const uint32_t timeout = r.answer_timeout_seconds();
  if (timeout > kMaxAnswerTimeoutSeconds || (files && timeout == 0)) {
    return Bad("route.bad_timeout", "the answer timeout is 1 to 120 seconds");
  }
  if (!r.header_institution_code().empty() && !IsTenDigits(r.header_institution_code())) {
    return Bad("route.bad_code", "the header code is 10 half-width digits");
  }
  if (files) return ValidateFolderRoute(r);
  if (!r.req_dir().empty() || !r.res_dir().empty() || r.face_pickup()) {
    return Bad("route.bad_value", "req/res folders and face pickup belong to terminal-files");
  }
  if (!r.handoff_dir().empty()) KAKUNIN_RETURN_IF_ERROR(ValidateFolder(r.handoff_dir()));
  return OkStatus();
}

v1::RouteSettings WithRouteDefaults(v1::RouteSettings r, bool per_terminal) {
  if (!per_terminal && r.route() == v1::ELIGIBILITY_ROUTE_UNSPECIFIED) {
    r.set_route(v1::ELIGIBILITY_ROUTE_SERVICE_API);
  }
  if (r.route() == v1::ELIGIBILITY_ROUTE_UNSPECIFIED) return r;
  if (r.answer_timeout_seconds() == 0) r.set_answer_timeout_seconds(kDefaultAnswerTimeoutSeconds);
  if (r.request_encoding() == v1::FILE_ENCODING_UNSPECIFIED) {
    r.set_request_encoding(v1::FILE_ENCODING_UTF8);
  }
  if (r.handoff_encoding() == v1::FILE_ENCODING_UNSPECIFIED) {
    r.set_handoff_encoding(v1::FILE_ENCODING_UTF8);
  }
  return r;
}

}  // namespace kakunin::console
