#include "server/storage/route_rules.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <string>

#include "server/ingest/result_limits.h"

namespace kakunin::server {
namespace {

Error Bad(const std::string& reason, const std::string& message) {
  return MakeError(ErrorCode::kInvalidArgument, reason, message);
}

// An absolute folder on this machine ("/…"), a drive ("C:\…") or a share ("\\server\share…"):
// bounded, UTF-8, no control characters, no "..".
Status CheckFolder(const std::string& path, const char* what) {
  if (path.size() > kMaxFolderPath || !IsValidUtf8(path)) {
    return Bad("route.bad_path", std::string(what) + " is longer than " +
                                     std::to_string(kMaxFolderPath) + " bytes or not UTF-8");
  }
  if (std::any_of(path.begin(), path.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    return Bad("route.bad_path", std::string(what) + " contains control characters");
  }
  const bool unix_abs = !path.empty() && path[0] == '/';
  const bool drive = path.size() >= 3 && std::isalpha(static_cast<unsigned char>(path[0])) &&
                     path[1] == ':' && (path[2] == '\\' || path[2] == '/');
  const bool share = path.size() >= 3 && path[0] == '\\' && path[1] == '\\';
  if (!unix_abs && !drive && !share) {
    return Bad("route.bad_path", std::string(what) + " must be an absolute folder path");
  }
  for (const char* up : {"/../", "\\..\\", "/..\\", "\\../"}) {
    if (path.find(up) != std::string::npos) {
      return Bad("route.bad_path", std::string(what) + " must not contain '..'");
    }
  }
  if (path.size() >= 3 && (path.ends_with("/..") || path.ends_with("\\.."))) {
    return Bad("route.bad_path", std::string(what) + " must not contain '..'");
  }
  return OkStatus();
}

bool IsEmpty(const v1::RouteSettings& r) { return r.ByteSizeLong() == 0; }

}  // namespace

Status ValidateRouteSettings(const v1::RouteSettings& r, bool per_terminal) {
  if (!v1::EligibilityRoute_IsValid(r.route()) || !v1::FileEncoding_IsValid(r.request_encoding()) ||
      !v1::FileEncoding_IsValid(r.handoff_encoding())) {
    return Bad("route.bad_value", "unknown route or encoding");
  }
  if (r.route() == v1::ELIGIBILITY_ROUTE_UNSPECIFIED) {
    if (per_terminal && !IsEmpty(r)) {
      return Bad("route.bad_value", "a terminal that follows its site's route sets nothing else");
    }
    if (per_terminal) return OkStatus();
  }
  if (r.answer_timeout_seconds() > kMaxAnswerTimeoutSeconds) {
    return Bad("route.bad_timeout", "the answer timeout is at most " +
                                        std::to_string(kMaxAnswerTimeoutSeconds) + " seconds");
  }
  const std::string& code = r.header_institution_code();
  if (!code.empty() && (code.size() != 10 || !std::all_of(code.begin(), code.end(), [](char c) {
                          return c >= '0' && c <= '9';
                        }))) {
    return Bad("route.bad_code", "the 医療機関等コード in the header is 10 half-width digits");
  }
  if (r.route() == v1::ELIGIBILITY_ROUTE_TERMINAL_FILES) {
    if (r.req_dir().empty() || r.res_dir().empty()) {
      return Bad("route.missing_folder", "terminal-files needs both the req and the res folder");
    }
    KAKUNIN_RETURN_IF_ERROR(CheckFolder(r.req_dir(), "the req folder"));
    KAKUNIN_RETURN_IF_ERROR(CheckFolder(r.res_dir(), "the res folder"));
    if (r.req_dir() == r.res_dir()) {
      return Bad("route.same_folder", "the req and res folders must differ");
    }
    if (!r.handoff_dir().empty()) {
      return Bad("route.handoff_with_files",
                 "with terminal-files the receipt computer already reads the terminal's answers; "
                 "a hand-off folder is for the service API route");
    }
  } else {
    if (!r.req_dir().empty() || !r.res_dir().empty() || r.face_pickup()) {
      return Bad("route.bad_value", "req/res folders and face pickup belong to terminal-files");
    }
    if (!r.handoff_dir().empty()) {
      KAKUNIN_RETURN_IF_ERROR(CheckFolder(r.handoff_dir(), "the hand-off folder"));
    }
  }
  return OkStatus();
}

v1::RouteSettings RouteForTerminal(const v1::RouteSettings& site,
                                   const v1::RouteSettings& terminal) {
  return terminal.route() == v1::ELIGIBILITY_ROUTE_UNSPECIFIED ? site : terminal;
}

std::string RouteToJson(const v1::RouteSettings& route) {
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(route, &json);
  return json.empty() ? "{}" : json;
}

void RouteFromJson(const std::string& json, v1::RouteSettings* route) {
  google::protobuf::util::JsonParseOptions opts;
  opts.ignore_unknown_fields = true;
  if (!google::protobuf::util::JsonStringToMessage(json, route, opts).ok()) route->Clear();
}

}  // namespace kakunin::server
