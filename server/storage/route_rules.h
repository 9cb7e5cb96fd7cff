#pragma once
// HQ's eligibility-route settings, checked before they are stored or sent to a terminal, and the
// settings a terminal receives (its own, else its site's). Pure: no I/O.
//
// Errors (kInvalidArgument): route.missing_folder, route.bad_path, route.same_folder,
// route.bad_timeout, route.bad_code, route.handoff_with_files, route.bad_value.

#include <string>

#include "common/core/result.h"
#include "kakunin/v1/common.pb.h"

namespace kakunin::server {

// Longest folder path accepted: Windows' MAX_PATH, which the on-site terminal's share obeys.
inline constexpr size_t kMaxFolderPath = 260;
inline constexpr uint32_t kMaxAnswerTimeoutSeconds = 120;

// `per_terminal`: an unset route means "follow the site", and then nothing else may be set.
Status ValidateRouteSettings(const v1::RouteSettings& route, bool per_terminal);

// The terminal's own route when it has one, else its site's.
v1::RouteSettings RouteForTerminal(const v1::RouteSettings& site,
                                   const v1::RouteSettings& terminal);

// The jsonb form kept in devices.route_settings ('{}' = follow the site). Unreadable JSON reads
// as "follow the site".
std::string RouteToJson(const v1::RouteSettings& route);
void RouteFromJson(const std::string& json, v1::RouteSettings* route);

}  // namespace kakunin::server
