#include "agent/daemon/terminal_files.h"

#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>

#include "agent/check/route.h"
#include "agent/cli/cli_common.h"
#include "agent/daemon/terminal_file_names.h"
#include "agent/eligibility/xml_exchange.h"
#include "common/core/bytes.h"
#include "common/crypto/signing.h"
#include "common/os/files.h"

namespace kakunin::agent {
namespace fs = std::filesystem;
namespace xml = eligibility::xml;
using Clock = std::chrono::steady_clock;
namespace {

constexpr std::chrono::hours kArchiveKeep{24 * 7};

struct FileFacts {
  uintmax_t size = 0;
  int64_t mtime_ns = 0;
  int64_t age_s = 0;
};

std::optional<FileFacts> Stat(const std::string& path) {
  const std::optional<os::FileFacts> st = os::StatFile(path);
  if (!st || !st->regular) return std::nullopt;
  FileFacts f;
  f.size = st->size;
  f.mtime_ns = st->mtime_ns;
  f.age_s = static_cast<int64_t>(std::time(nullptr)) - st->mtime_ns / 1000000000;
  return f;
}

// The file's bytes; nullopt when it is gone. `too_large` when it exceeds the answer limit.
// Opened with full sharing on Windows: the terminal may move or delete it meanwhile.
std::optional<std::string> Read(const std::string& path, bool* too_large) {
  auto out = os::ReadRegularFile(path, static_cast<size_t>(eligibility::kMaxAnswerBytes));
  if (!out.ok()) return std::nullopt;
  *too_large = out->size() > eligibility::kMaxAnswerBytes;
  return std::move(*out);
}

// A result's id: random, as a card check's. It used to be a name-based UUID of the device id and
// the file's name, id and time, which another terminal that knew the device id could compute and
// send first, turning this terminal's result into a refusal at HQ. Once-only needs no such id: the
// pickup record and the result are saved in one transaction (LocalStore::SaveOnce).
std::string NewResultId() { return NewUuid(); }

// ProcessExecutionTime (Japan time, YYYYMMDDHHmmss) as a timestamp; now when absent or odd.
google::protobuf::Timestamp ExecutionTime(const std::string& compact) {
  using google::protobuf::util::TimeUtil;
  if (auto utc = ExecutionTimeUtc(compact, std::time(nullptr))) {
    return TimeUtil::TimeTToTimestamp(*utc);
  }
  return TimeUtil::GetCurrentTime();
}

v1::CheckResult ErrorResult(v1::CheckSource source, const Error& e, const std::string& check_id) {
  v1::CheckResult r;
  r.set_check_id(check_id);
  *r.mutable_checked_at() = google::protobuf::util::TimeUtil::GetCurrentTime();
  r.set_source(source);
  r.set_route(v1::CHECK_ROUTE_COUNTER);
  r.set_mode(source == v1::CHECK_SOURCE_FACE_READER ? v1::IDENTITY_MODE_FACE_READER
                                                    : v1::IDENTITY_MODE_UNSPECIFIED);
  r.set_outcome(v1::OUTCOME_ERROR);
  r.set_error_reason(e.reason());
  r.set_error_message(e.message());
  return r;
}

void PruneArchive(const std::string& dir) {
  std::error_code ec;
  const auto cutoff = fs::file_time_type::clock::now() - kArchiveKeep;
  for (auto it = fs::recursive_directory_iterator(os::PathFromUtf8(dir), ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code ec2;
    if (it->is_regular_file(ec2) && it->last_write_time(ec2) < cutoff) fs::remove(it->path(), ec2);
  }
}

}  // namespace

v1::CheckResult FaceFileResult(const xml::FileAnswer& file, const std::string& check_id) {
  auto answer = xml::ToAnswer(file);
  if (!answer.ok()) return ErrorResult(v1::CHECK_SOURCE_FACE_READER, answer.error(), check_id);
  v1::CheckResult r;
  r.set_check_id(check_id);
  *r.mutable_checked_at() = ExecutionTime(file.process_execution_time);
  r.set_source(v1::CHECK_SOURCE_FACE_READER);
  r.set_route(v1::CHECK_ROUTE_COUNTER);
  r.set_mode(v1::IDENTITY_MODE_FACE_READER);
  r.set_outcome(answer->outcome);
  if (auto record = answer->Record()) *r.mutable_eligibility() = std::move(*record);
  r.mutable_reader()->set_name("face-reader");
  return r;
}

TerminalFilesWatcher::TerminalFilesWatcher(TerminalFilesOptions options, AgentCore* core,
                                           StatusBoard* board)
    : options_(std::move(options)), core_(core), board_(board) {}

TerminalFilesWatcher::~TerminalFilesWatcher() { Stop(); }

void TerminalFilesWatcher::Start() {
  watcher_ = os::FolderWatcher::Create();
  thread_ = std::thread([this] { Run(); });
}

void TerminalFilesWatcher::Stop() {
  if (!thread_.joinable()) return;
  stopping_ = true;
  watcher_->Wake();
  thread_.join();
  watcher_.reset();
}

void TerminalFilesWatcher::Report(const std::function<void(v1::RouteStatus&)>& change) {
  board_->Update([&](v1::AgentStatus& s) { change(*s.mutable_route()); });
}

void TerminalFilesWatcher::Run() {
  while (!stopping_) {
    const v1::RouteSettings route = EffectiveRoute(board_->Snapshot().config());
    const bool files = route.route() == v1::ELIGIBILITY_ROUTE_TERMINAL_FILES;
    const std::string route_bytes = route.SerializeAsString();
    if (Clock::now() >= next_probe_ || route_bytes != probed_route_) {
      probed_route_ = route_bytes;
      v1::RouteStatus probed;
      const v1::TerminalConfig config = board_->Snapshot().config();
      ProbeRoute(route, &probed,
                 options_.service_endpoint_set || !config.eligibility_endpoint().empty());
      Report([&](v1::RouteStatus& r) {
        const auto counters = r;
        r = probed;
        r.set_face_files_picked(counters.face_files_picked());
        r.set_face_files_vanished(counters.face_files_vanished());
        r.set_late_answers(counters.late_answers());
        r.set_files_archived(counters.files_archived());
        r.set_handoff_written(counters.handoff_written());
        r.set_handoff_failed(counters.handoff_failed());
        r.set_watching(watcher_->watching());
        r.set_files_poll_ms(static_cast<uint32_t>(options_.poll.count()));
        r.set_first_scan_done(counters.first_scan_done() && route.res_dir() == watched_dir_);
      });
      next_probe_ = Clock::now() + std::chrono::seconds(10);
    }
    Watch(files ? route.res_dir() : "");
    if (files) {
      DrainEvents(route);
      Scan(route);
      if (Clock::now() >= next_tidy_) Tidy(route);
    }
    // On any route (HQ may have switched it since it archived): what the archive holds leaves
    // after 7 days, a hand-off file the receipt computer never took after a day.
    if (Clock::now() >= next_prune_) {
      next_prune_ = Clock::now() + std::chrono::minutes(10);
      PruneArchive(ArchiveDir(options_.state_dir));
      if (!route.handoff_dir().empty()) {
        const int gone =
            PruneHandOffs(route.handoff_dir(), fs::file_time_type::clock::now() - kHandOffKeep);
        if (gone > 0) spdlog::info("files: {} hand-off file(s) not taken in a day removed", gone);
      }
    }
    watcher_->Wait(files ? options_.poll : std::chrono::milliseconds(1000));
  }
}

void TerminalFilesWatcher::Watch(const std::string& res_dir) {
  if (res_dir != watched_dir_) {
    watcher_->Unwatch();
    watched_dir_ = res_dir;
    seen_.Clear();
    first_scan_done_ = false;
    next_watch_try_ = {};
    watch_failure_told_ = false;
    Report([](v1::RouteStatus& r) { r.set_first_scan_done(false); });
  }
  // A watch on the folder (inotify / ReadDirectoryChangesW); retried now and then (a share that
  // comes back, a folder created).
  if (res_dir.empty() || watcher_->watching() || Clock::now() < next_watch_try_) return;
  next_watch_try_ = Clock::now() + std::chrono::seconds(10);
  if (Status watched = watcher_->Watch(res_dir); !watched.ok()) {
    // Said once until a watch holds again: a 資格確認端末 switched off for the night made this
    // a warning every 10 s (5,000 a night in the journal or the Windows Event Log).
    if (!watch_failure_told_) {
      spdlog::warn(
          "terminal files: cannot watch {} ({}); listing it every {} ms instead, and trying "
          "the watch again every 10 s (said again once it holds)",
          res_dir, watched.error().message(), options_.poll.count());
    }
    watch_failure_told_ = true;
  } else {
    spdlog::info("terminal files: watching {}", res_dir);
    watch_failure_told_ = false;
  }
  Report([this](v1::RouteStatus& r) { r.set_watching(watcher_->watching()); });
}

void TerminalFilesWatcher::DrainEvents(const v1::RouteSettings& route) {
  while (watcher_->watching()) {
    const std::vector<os::FolderEvent> events = watcher_->Drain();
    if (events.empty()) return;
    for (const os::FolderEvent& ev : events) {
      if (ev.kind == os::FolderEvent::Kind::kFolderGone) {
        // The folder went away: watched again when it is back, listed meanwhile.
        next_watch_try_ = {};
        continue;
      }
      const std::string& name = ev.name;
      if (ev.kind == os::FolderEvent::Kind::kGone) {
        if (seen_.Gone(name) && route.face_pickup() && xml::IsFaceFileName(name)) {
          CountVanished(name);
        }
        continue;
      }
      Look(route, name, true);
    }
  }
}

void TerminalFilesWatcher::Scan(const v1::RouteSettings& route) {
  std::error_code ec;
  std::set<std::string> listed;
  for (const auto& entry : fs::directory_iterator(os::PathFromUtf8(route.res_dir()), ec)) {
    const std::string name = os::PathToUtf8(entry.path().filename());
    Look(route, name, false);
    listed.insert(name);
  }
  if (ec) return;
  for (const std::string& name : seen_.Listed(listed, Clock::now())) {
    if (route.face_pickup() && xml::IsFaceFileName(name)) CountVanished(name);
  }
  if (!first_scan_done_) {
    first_scan_done_ = true;
    Report([](v1::RouteStatus& r) { r.set_first_scan_done(true); });
  }
}

void TerminalFilesWatcher::Look(const v1::RouteSettings& route, const std::string& name,
                                bool from_event) {
  const std::string path = route.res_dir() + "/" + name;
  if (xml::IsFaceFileName(name)) {
    if (route.face_pickup()) HandleFace(path, name, from_event);
    return;
  }
  bool error_file = false;
  if (auto id = OwnFileId(name, &error_file)) HandleOwn(path, *id, error_file);
}

void TerminalFilesWatcher::CountVanished(const std::string& name) {
  spdlog::warn("terminal files: face file {} vanished before it could be read", name);
  Report([](v1::RouteStatus& r) { r.set_face_files_vanished(r.face_files_vanished() + 1); });
}

Status TerminalFilesWatcher::SaveOnce(v1::CheckResult result, const std::string& key) {
  KAKUNIN_ASSIGN_OR_RETURN(bool saved, core_->SaveFileResult(std::move(result), key));
  if (!saved) spdlog::info("terminal files: {} was already recorded", key);
  return OkStatus();
}

void TerminalFilesWatcher::HandleFace(const std::string& path, const std::string& name,
                                      bool from_event) {
  auto facts = Stat(path);
  Seen& seen = seen_.At(name);
  if (!facts) {
    if (from_event && !seen.done) {
      CountVanished(name);
      seen.done = true;
    }
    return;
  }
  const bool changed = seen.size != facts->size || seen.mtime_ns != facts->mtime_ns;
  if (seen.done && !changed) return;
  // The settle time counts from the last change: a file written slowly, in parts, is one result
  // once it is whole, not an error per part (review-local #6).
  if (changed) seen.failing = false;
  seen.size = facts->size;
  seen.mtime_ns = facts->mtime_ns;
  seen.done = false;
  const std::string device = board_->Snapshot().device_id();
  const std::string raw_key =
      "face|" + name + "|" + std::to_string(facts->size) + "|" + std::to_string(facts->mtime_ns);
  if (facts->age_s > std::chrono::duration_cast<std::chrono::seconds>(options_.max_age).count()) {
    seen.done = true;  // older than the pickup window: the receipt computer's history
    return;
  }
  bool too_large = false;
  auto bytes = Read(path, &too_large);
  if (!bytes) {
    CountVanished(name);
    seen.done = true;
    return;
  }
  auto set_aside = [&](const char* kind, const Error& e) {
    // A copy: the file itself belongs to the receipt computer.
    std::error_code ec;
    const fs::path dir = os::PathFromUtf8(ArchiveDir(options_.state_dir)) / kind;
    fs::create_directories(dir, ec);
    eligibility::MakeRoom(os::PathToUtf8(dir), bytes->size());
    std::ofstream(dir / name, std::ios::binary) << *bytes;
    Report([](v1::RouteStatus& r) { r.set_files_archived(r.files_archived() + 1); });
    spdlog::error("terminal files: face file {}: {} (a copy is in {})", name, e.ToString(),
                  os::PathToUtf8(dir));
    if (auto s = SaveOnce(ErrorResult(v1::CHECK_SOURCE_FACE_READER, e, NewResultId()), raw_key);
        !s.ok()) {
      spdlog::error("terminal files: {}", s.error().ToString());
      return;
    }
    seen.done = true;
  };
  if (too_large) {
    return set_aside(
        "too_large",
        MakeError(ErrorCode::kInvalidArgument, "xml.too_large",
                  "larger than " + std::to_string(eligibility::kMaxAnswerBytes) + " bytes"));
  }
  auto parsed = xml::ParseAnswer(*bytes);
  if (!parsed.ok()) {
    // Half-written (a writer without temp name + rename) or broken: wait until it settles.
    const auto now = Clock::now();
    if (!seen.failing) {
      seen.failing = true;
      seen.first_failure = now;
    }
    if (now - seen.first_failure < options_.settle) return;
    return set_aside("broken", parsed.error());
  }
  seen.failing = false;
  if (parsed->segment_of_result == 2) return;  // still processing: it will be rewritten
  const std::string key =
      "face|" + name + "|" + parsed->file_id + "|" + parsed->process_execution_time;
  v1::CheckResult result = FaceFileResult(*parsed, NewResultId());
  if (options_.commit_delay.count() > 0) {
    spdlog::info("terminal files: face file {} read; committing in {} ms", name,
                 options_.commit_delay.count());
    std::this_thread::sleep_for(options_.commit_delay);
  }
  if (auto s = SaveOnce(std::move(result), key); !s.ok()) {
    spdlog::error("terminal files: face file {} not saved: {}", name, s.error().ToString());
    return;  // tried again at the next look
  }
  seen.done = true;
  Report([](v1::RouteStatus& r) { r.set_face_files_picked(r.face_files_picked() + 1); });
}

void TerminalFilesWatcher::HandleOwn(const std::string& path, const std::string& id,
                                     bool error_file) {
  auto facts = Stat(path);
  if (!facts) return;
  auto late = core_->LateRequest(id);
  if (!late.ok()) return;
  const std::string archive = ArchiveDir(options_.state_dir);
  if (!late->has_value()) {
    // Nobody waits for it: an answer our own request still awaits (young), or a stray.
    if (facts->age_s <
        std::chrono::duration_cast<std::chrono::seconds>(options_.stray_after).count()) {
      return;
    }
    if (!eligibility::MoveInto(path, archive + "/stray").empty()) {
      spdlog::warn("terminal files: {} answered no request; moved to {}/stray", path, archive);
      Report([](v1::RouteStatus& r) { r.set_files_archived(r.files_archived() + 1); });
    }
    return;
  }
  const std::string check_id = (*late)->check_id;
  const std::string key = "late|" + id;
  v1::CheckResult result;
  if (error_file) {
    result = ErrorResult(v1::CHECK_SOURCE_RECHECK,
                         MakeError(ErrorCode::kUnavailable, "xml.terminal_error",
                                   "the terminal refused request " + id + " (late)"),
                         NewResultId());
  } else if (path.size() > 4 && path.compare(path.size() - 4, 4, ".xml") == 0 &&
             path.find(std::string(xml::kRequestPrefix)) != std::string::npos) {
    return;  // the request handed back with its .err: deleted with it below
  } else {
    bool too_large = false;
    auto bytes = Read(path, &too_large);
    if (!bytes) return;
    Result<xml::FileAnswer> parsed =
        too_large ? Result<xml::FileAnswer>(MakeError(ErrorCode::kInvalidArgument, "xml.too_large",
                                                      "late answer larger than 1 MiB"))
                  : xml::ParseAnswer(*bytes);
    Seen& seen = seen_.At(os::PathToUtf8(os::PathFromUtf8(path).filename()));
    if (!parsed.ok() && !too_large) {
      const auto now = Clock::now();
      if (!seen.failing) {
        seen.failing = true;
        seen.first_failure = now;
      }
      if (now - seen.first_failure < options_.settle) return;
    }
    if (parsed.ok() && parsed->segment_of_result == 2) return;
    if (parsed.ok()) {
      result = FaceFileResult(*parsed, NewResultId());
      result.set_source(v1::CHECK_SOURCE_RECHECK);
      result.set_mode(v1::IDENTITY_MODE_UNSPECIFIED);
      result.clear_reader();
      *result.mutable_checked_at() = google::protobuf::util::TimeUtil::GetCurrentTime();
    } else {
      result = ErrorResult(v1::CHECK_SOURCE_RECHECK, parsed.error(), NewResultId());
    }
  }
  result.set_route((*late)->route);
  result.set_answer_late(true);
  result.set_answers_check_id(check_id);
  if (auto s = SaveOnce(std::move(result), key); !s.ok()) {
    spdlog::error("terminal files: late answer {} not saved: {}", id, s.error().ToString());
    return;
  }
  (void)core_->DropLateRequest(id);
  Report([](v1::RouteStatus& r) { r.set_late_answers(r.late_answers() + 1); });
  // Saved (sealed in the outbox): the answer, and our request if the terminal left it, are
  // deleted, not archived. They name the patient in clear text, and the archive outlived the
  // re-view window on a terminal whose route changed (privacy review).
  const fs::path dir = os::PathFromUtf8(path).parent_path();
  for (const std::string& name :
       {xml::AnswerFileName(id), xml::ErrorFileName(id), xml::RequestFileName(id)}) {
    std::error_code ec;
    fs::remove(dir / name, ec);
    if (ec) spdlog::warn("terminal files: {} not deleted: {}", name, ec.message());
  }
  spdlog::info("terminal files: late answer to {} recorded for check {}", id, check_id);
}

void TerminalFilesWatcher::Tidy(const v1::RouteSettings& route) {
  next_tidy_ = Clock::now() + std::chrono::minutes(10);
  const std::string archive = ArchiveDir(options_.state_dir);
  // Our own requests the terminal never took (a command killed while waiting).
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(os::PathFromUtf8(route.req_dir()), ec)) {
    const std::string name = os::PathToUtf8(entry.path().filename());
    bool error_file = false;
    if (!OwnFileId(name, &error_file)) continue;
    auto facts = Stat(os::PathToUtf8(entry.path()));
    if (facts &&
        facts->age_s >=
            std::chrono::duration_cast<std::chrono::seconds>(options_.stray_after).count()) {
      if (!eligibility::MoveInto(os::PathToUtf8(entry.path()), archive + "/stray").empty()) {
        Report([](v1::RouteStatus& r) { r.set_files_archived(r.files_archived() + 1); });
      }
    }
  }
  (void)core_->ForgetFileRecords();
}

}  // namespace kakunin::agent
