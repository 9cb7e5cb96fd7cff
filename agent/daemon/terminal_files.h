#pragma once
// The daemon's side of the on-site 資格確認端末's `res` folder, while HQ's route for this
// terminal is terminal-files:
//  - face-reader answers (OQSsiquc01res_face_*.xml) become check results through the outbox,
//    one per file and never twice (the file's key is committed with the result). They are read
//    at once (the receipt computer may delete them a moment later) and never moved, locked or
//    deleted: the receipt computer owns them. A file deleted before it could be read is counted
//    and logged.
//  - answers to our own timed-out 再照会 requests (ids starting "KKN") become late results and
//    are then deleted with our request (the result holds them, sealed); our files nobody asked
//    for any more (strays) move to the agent's archive after 10 minutes. The archive keeps files
//    for 7 days, on any route, each of its folders within a budget (eligibility::ArchiveBudget:
//    the oldest go first).
// A folder watch (inotify / ReadDirectoryChangesW) wakes it at once; a listing every `poll`
// covers shares where the watch is silent.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "agent/daemon/agent_core.h"
#include "agent/daemon/seen_files.h"
#include "agent/daemon/status_board.h"
#include "agent/eligibility/xml_codec.h"
#include "common/os/folder_watch.h"

namespace kakunin::agent {

struct TerminalFilesOptions {
  std::string state_dir;
  // agent.toml names the service API's address ([eligibility] oqs): without it (and none from
  // HQ) the route probe reports route.no_service on that route.
  bool service_endpoint_set = false;
  std::chrono::milliseconds poll{500};
  // An unparseable file must stay unchanged this long before it counts as broken.
  std::chrono::milliseconds settle{1000};
  // Face files older than this when first seen are not picked up (a folder of old files on the
  // first start must not become a flood of results).
  std::chrono::hours max_age{12};
  std::chrono::minutes stray_after{10};
  // Testing only: a pause between reading a face file and committing its result, so that a
  // test can kill the daemon inside that window.
  std::chrono::milliseconds commit_delay{0};
};

// A face-reader answer as the result it becomes (pure; exposed for tests).
v1::CheckResult FaceFileResult(const eligibility::xml::FileAnswer& answer,
                               const std::string& check_id);

class TerminalFilesWatcher {
 public:
  TerminalFilesWatcher(TerminalFilesOptions options, AgentCore* core, StatusBoard* board);
  ~TerminalFilesWatcher();
  void Start();
  void Stop();

 private:
  using Seen = SeenFiles::Entry;
  void Run();
  void Watch(const std::string& res_dir);
  // Reads inotify events; names worth a look at once.
  void DrainEvents(const v1::RouteSettings& route);
  void Scan(const v1::RouteSettings& route);
  void Look(const v1::RouteSettings& route, const std::string& name, bool from_event);
  void HandleFace(const std::string& path, const std::string& name, bool from_event);
  void HandleOwn(const std::string& path, const std::string& id, bool error_file);
  void Tidy(const v1::RouteSettings& route);
  // Applies `change` to the route status on the board (counters, folder state).
  void Report(const std::function<void(v1::RouteStatus&)>& change);
  Status SaveOnce(v1::CheckResult result, const std::string& key);
  // A face file that left the folder before it was read: logged and counted on the board.
  void CountVanished(const std::string& name);

  TerminalFilesOptions options_;
  AgentCore* core_;
  StatusBoard* board_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::unique_ptr<os::FolderWatcher> watcher_;
  std::string watched_dir_;
  std::string probed_route_;  // the settings the folder state on the board is for
  SeenFiles seen_;
  bool first_scan_done_ = false;
  std::chrono::steady_clock::time_point next_tidy_{}, next_probe_{}, next_watch_try_{},
      next_prune_{};
  bool watch_failure_told_ = false;  // the failed watch was logged; quiet until it holds
};

}  // namespace kakunin::agent
