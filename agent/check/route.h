#pragma once
// The eligibility route HQ configured for this terminal (its own settings, else its site's):
// the service API, or the on-site 資格確認端末's req/res folders. The CLI and the daemon both
// build their service here, so `kakunin-agent recheck` and the staff window follow the same route.

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "agent/eligibility/eligibility_service.h"
#include "agent/eligibility/xml_codec.h"
#include "agent/eligibility/xml_exchange.h"
#include "agent/store/local_store.h"
#include "common/core/result.h"
#include "kakunin/v1/agent.pb.h"
#include "kakunin/v1/local.pb.h"

namespace kakunin::agent {

// The service API as configured locally (flags); HQ's TerminalConfig wins where it says.
struct EligibilitySettings {
  std::string endpoint;  // HOST:PORT; HQ's TerminalConfig.eligibility_endpoint wins when set
  std::string ca_pem;
  std::string institution_code;  // HQ's TerminalConfig.institution_code wins when set
};

inline constexpr std::chrono::seconds kDefaultAnswerTimeout{30};
inline constexpr std::chrono::seconds kLongestAnswerTimeout{120};

// HQ's route with its defaults filled in: never UNSPECIFIED (no route = the service API), the
// answer timeout within 1..120 s, the header code defaulting to the site's.
v1::RouteSettings EffectiveRoute(const v1::TerminalConfig& config);
eligibility::xml::Encoding ToXmlEncoding(v1::FileEncoding encoding);
const char* RouteId(v1::EligibilityRoute route);  // "service-api", "terminal-files"
// The folder the agent owns for files it moved out of `res` (late/, stray/, too_large/, broken/).
std::string ArchiveDir(const std::string& state_dir);

// The service for the configured route; `files` points at it when it is the folder exchange.
// A null service: the service API with no endpoint configured.
struct RouteService {
  std::unique_ptr<eligibility::EligibilityService> service;
  eligibility::XmlExchange* files = nullptr;
};
RouteService MakeRouteService(const v1::TerminalConfig& config, const EligibilitySettings& api,
                              const std::string& state_dir);

// After a 再照会 through the folders timed out: its answer may still come, and the daemon's
// watcher records it as late when it does (both the CLI and the daemon call this).
Status RememberIfLate(LocalStore& store, const RouteService& route, const v1::CheckResult& result);

// The hand-off to the receipt computer: a card check Kakunin made through the service API is
// written into route.handoff_dir as a face-reader answer (OQSsiquc01res_face_<time>_<id>.xml,
// temp name then rename, encoding as configured), so a receipt computer that reads the face
// reader's files takes it unchanged. True when a file was written; false when the route has no
// hand-off or the result is not one to hand off (documents, errors, 再照会).
Result<bool> HandOffResult(const v1::RouteSettings& route, const v1::CheckResult& result);

// A receipt computer takes a hand-off file during the reception, within minutes; one it has not
// taken after a day never will, and the file holds a patient's name, birth date and address in
// a folder other programs read. The daemon removes its own such files after this long (no other
// file of the folder: the face reader's and the receipt computer's are theirs).
inline constexpr std::chrono::hours kHandOffKeep{24};
// Whether `name` is a hand-off file Kakunin wrote (OQSsiquc01res_face_<14 digits>_KKN….xml).
bool IsOwnHandOffName(std::string_view name);
// Removes the own hand-off files in `dir` last written before `cutoff`; how many went.
int PruneHandOffs(const std::string& dir, std::filesystem::file_time_type cutoff);

// Whether the route's folders are there and usable (each probe creates and removes a hidden
// file). Fills route, dirs, the three folder flags and `problem`; counters are left alone.
// `service_configured`: the service API's address is known (agent.toml's [eligibility] oqs, or
// HQ's); on that route without it, every card check fails, and the probe says so.
void ProbeRoute(const v1::RouteSettings& route, v1::RouteStatus* status,
                bool service_configured = true);

}  // namespace kakunin::agent
