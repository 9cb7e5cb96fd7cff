// `kakunin-server site route` and `kakunin-server terminal route`: HQ sets how a site's
// terminals, or one terminal, reach the eligibility service (issue 14). A running server hears
// the change through the database and sends the terminals their new settings at once.
#include <iostream>
#include <optional>

#include "common/log/log.h"
#include "server/app/app_common.h"
#include "server/storage/fleet_store.h"
#include "server/storage/pool.h"
#include "server/storage/route_rules.h"

namespace kakunin::server {
namespace {

Result<v1::FileEncoding> EncodingFlag(const cli::Flags& f, const std::string& name) {
  const std::string v = f.Get(name);
  if (v.empty() || v == "utf8" || v == "utf-8") return v1::FILE_ENCODING_UTF8;
  if (v == "sjis" || v == "shift_jis" || v == "shift-jis") return v1::FILE_ENCODING_SHIFT_JIS;
  return MakeError(ErrorCode::kInvalidArgument, "cli.bad_value",
                   "--" + name + " is utf8 or sjis, not '" + v + "'");
}

}  // namespace

void AddRouteFlags(cli::Flags& f) {
  f.Option("route", "ROUTE", "service-api or terminal-files")
      .Option("req-dir", "DIR", "terminal-files: the 資格確認端末's request folder (or share)")
      .Option("res-dir", "DIR", "terminal-files: its answer folder (face files appear here)")
      .Option("answer-timeout", "SECONDS", "terminal-files: wait for an answer (1-120)", "30")
      .Option("request-encoding", "ENC", "terminal-files: utf8 or sjis", "utf8")
      .Option("header-code", "DIGITS",
              "医療機関等コード in the request header (default: the site's)")
      .Bool("no-face-pickup", "terminal-files: do not turn face-reader files into results")
      .Option("handoff-dir", "DIR",
              "service-api: write each card check as a face-reader file here for the receipt "
              "computer")
      .Option("handoff-encoding", "ENC", "utf8 or sjis", "utf8");
}

Result<v1::RouteSettings> RouteFromFlags(const cli::Flags& f) {
  v1::RouteSettings r;
  const std::string route = f.Get("route");
  if (route.empty()) return r;
  if (route == "terminal-files") {
    r.set_route(v1::ELIGIBILITY_ROUTE_TERMINAL_FILES);
    r.set_req_dir(f.Get("req-dir"));
    r.set_res_dir(f.Get("res-dir"));
    r.set_face_pickup(!f.GetBool("no-face-pickup"));
    KAKUNIN_ASSIGN_OR_RETURN(int timeout, f.GetInt("answer-timeout"));
    if (timeout < 1 || timeout > static_cast<int>(kMaxAnswerTimeoutSeconds)) {
      return MakeError(ErrorCode::kInvalidArgument, "route.bad_timeout",
                       "--answer-timeout is 1 to 120 seconds");
    }
    r.set_answer_timeout_seconds(static_cast<uint32_t>(timeout));
    KAKUNIN_ASSIGN_OR_RETURN(auto enc, EncodingFlag(f, "request-encoding"));
    r.set_request_encoding(enc);
  } else if (route == "service-api") {
    r.set_route(v1::ELIGIBILITY_ROUTE_SERVICE_API);
    r.set_handoff_dir(f.Get("handoff-dir"));
    if (!r.handoff_dir().empty()) {
      KAKUNIN_ASSIGN_OR_RETURN(auto enc, EncodingFlag(f, "handoff-encoding"));
      r.set_handoff_encoding(enc);
    }
  } else if (route != "site") {
    return MakeError(ErrorCode::kInvalidArgument, "cli.bad_value",
                     "--route is service-api or terminal-files, not '" + route + "'");
  }
  r.set_header_institution_code(f.Get("header-code"));
  if (route == "site") r.Clear();  // a terminal back on its site's route
  return r;
}

int SiteRoute(int argc, char** argv) {
  cli::Flags f("kakunin-server site route --id ID --route ROUTE [options]",
               "Sets how a site's terminals reach the eligibility service: the service API, or\n"
               "the on-site 資格確認端末's req/res folders. The rest of the site stays as it is.\n"
               "Exit codes: 0 saved, 1 database trouble, 2 bad input.");
  AddCommonFlags(f);
  f.Option("id", "ID", "site id");
  AddRouteFlags(f);
  if (auto end = BeginCommand(f, argc, argv, 3)) return *end;
  auto route = RouteFromFlags(f);
  if (!route.ok()) return Fail(route.error());
  if (route->route() == v1::ELIGIBILITY_ROUTE_UNSPECIFIED) {
    return Fail(MakeError(ErrorCode::kInvalidArgument, "cli.missing",
                          "--route service-api or --route terminal-files"));
  }
  auto o = OpenFleetStore(f);
  if (!o.ok()) return Fail(o.error());
  auto site = o->store->GetSite(f.Get("id"));
  if (!site.ok()) return Fail(site.error());
  *site->mutable_route() = *route;
  auto saved = o->store->UpsertSite(*site, "cli:site-route");
  if (!saved.ok()) return Fail(saved.error());
  std::cout << "店舗 " << saved->site_id() << " の照会の経路を " << f.Get("route")
            << " にしました（動いている端末にもすぐ伝わります）\n";
  return 0;
}

int TerminalRoute(int argc, char** argv) {
  cli::Flags f("kakunin-server terminal route --device ID --route ROUTE|site [options]",
               "Sets one terminal's own route (it overrides its site's); --route site puts it\n"
               "back on its site's route. Exit codes: 0 saved, 1 database trouble, 2 bad input.");
  AddCommonFlags(f);
  f.Option("device", "ID", "device id (kakunin-agent status shows it)");
  AddRouteFlags(f);
  if (auto end = BeginCommand(f, argc, argv, 3)) return *end;
  if (f.Get("route").empty()) {
    return Fail(MakeError(ErrorCode::kInvalidArgument, "cli.missing",
                          "--route service-api, terminal-files or site"));
  }
  auto route = RouteFromFlags(f);
  if (!route.ok()) return Fail(route.error());
  auto o = OpenFleetStore(f);
  if (!o.ok()) return Fail(o.error());
  auto device = o->store->SetDeviceRoute(f.Get("device"), *route, "cli:terminal-route");
  if (!device.ok()) return Fail(device.error());
  std::cout << "端末 " << device->device_id() << " の照会の経路を " << f.Get("route")
            << " にしました（動いている端末にもすぐ伝わります）\n";
  return 0;
}

}  // namespace kakunin::server
