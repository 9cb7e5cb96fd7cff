#pragma once
// What the route editor checks before HQ's eligibility-route settings are sent: the same rules
// and reason ids as the server (server/storage/route_rules.h), so a refusal reads the same
// whether the console or the server finds it. Pure rules over the proto.
//
// Reasons (kInvalidArgument): route.missing_folder, route.bad_path, route.same_folder,
// route.bad_timeout, route.bad_code, route.handoff_with_files, route.bad_value.

#include <string>

#include "common/core/result.h"
#include "kakunin/v1/common.pb.h"

namespace kakunin::console {

// Windows' MAX_PATH, which the on-site terminal's share obeys.
inline constexpr size_t kMaxFolderPathBytes = 260;
inline constexpr uint32_t kDefaultAnswerTimeoutSeconds = 30;
inline constexpr uint32_t kMaxAnswerTimeoutSeconds = 120;

// `per_terminal`: an unset route means "follow the site", and then nothing else may be set.
// Stricter than the server in one point: the folder route's timeout must be 1–120 s, because
// the editor always sends the timeout it shows (the server reads 0 as 30).
Status ValidateRoute(const v1::RouteSettings& route, bool per_terminal);

// An absolute folder path: "/…", "C:\…" or "\\server\share…", at most 260 bytes of UTF-8, no
// control characters, no "..".
Status ValidateFolder(const std::string& path);

// The same settings once the agent's defaults are filled in (a site's unset route is the
// service API, timeout 0 is 30 s, unset encodings are UTF-8): equal means the same behaviour.
v1::RouteSettings WithRouteDefaults(v1::RouteSettings route, bool per_terminal);

}  // namespace kakunin::console
