#include "agent/daemon/agent_core.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <ctime>
#include <memory>
#include <thread>

#include "agent/card/secure_wipe.h"
#include "agent/check/card_check.h"
#include "agent/check/other_checks.h"
#include "agent/cli/cli_common.h"
#include "agent/daemon/uplink_loop.h"
#include "common/domain/check_digit.h"
#include "common/domain/date.h"
#include "common/domain/visual_allowance.h"

namespace kakunin::agent {
namespace {

constexpr std::chrono::seconds kDefaultCardWait{30};
constexpr std::chrono::seconds kLongestCardWait{300};

// Holds the reader for one card operation; released on every path out, unless handed on to
// the worker that talks to the card (Release).
class ReaderClaim {
 public:
  explicit ReaderClaim(std::atomic<bool>& busy) : busy_(busy) {
    bool expected = false;
    held_ = busy_.compare_exchange_strong(expected, true);
  }
  ~ReaderClaim() {
    if (held_) busy_.store(false);
  }
  bool held() const { return held_; }
  void Release() { held_ = false; }

 private:
  std::atomic<bool>& busy_;
  bool held_ = false;
};

std::chrono::milliseconds CardWait(uint32_t seconds) {
  if (seconds == 0) return kDefaultCardWait;
  return std::min<std::chrono::milliseconds>(std::chrono::seconds(seconds), kLongestCardWait);
}

// A card check's report, passed from its worker to whoever still wants it: the caller while it
// waits, else the daemon.
struct CardCheckHandover {
  std::mutex mu;
  std::condition_variable cv;
  std::optional<CardCheckReport> report;
  bool caller_gone = false;
};

// A route no HQ knows made a result HQ refuses for good (an outside review): refused here, as a
// card check's is.
Status CheckRoute(v1::CheckRoute route) {
  if (!v1::CheckRoute_IsValid(route)) {
    return MakeError(ErrorCode::kInvalidArgument, "route.unknown", "unknown route");
  }
  return OkStatus();
}

}  // namespace

struct AgentCore::LateSaves {
  std::mutex mu;
  AgentCore* core = nullptr;  // null once the daemon stops saving late results
};

Result<v1::IdentityMode> DecideMode(v1::IdentityMode requested, const v1::TerminalConfig& config) {
  v1::IdentityMode hq = config.default_mode() == v1::IDENTITY_MODE_UNSPECIFIED
                            ? v1::IDENTITY_MODE_VISUAL
                            : config.default_mode();
  if (requested == v1::IDENTITY_MODE_UNSPECIFIED || requested == hq) return hq;
  if (!config.local_mode_override_allowed()) {
    return MakeError(ErrorCode::kFailedPrecondition, "mode.override_not_allowed",
                     "HQ sets the identity mode for this terminal; switching is not allowed");
  }
  return requested;
}

Status CheckRouteAllowed(v1::CheckRoute route, const v1::TerminalConfig& config) {
  const auto& allowed = config.allowed_routes();
  if (allowed.empty() || std::find(allowed.begin(), allowed.end(), route) != allowed.end()) {
    return OkStatus();
  }
  return MakeError(ErrorCode::kFailedPrecondition, "route.not_allowed",
                   "HQ does not allow this route at this site");
}

Status CheckRunRequest(const v1::RunCheckRequest& request) {
  if (request.mode() != v1::IDENTITY_MODE_UNSPECIFIED &&
      request.mode() != v1::IDENTITY_MODE_VISUAL && request.mode() != v1::IDENTITY_MODE_PIN) {
    return MakeError(ErrorCode::kInvalidArgument, "mode.unknown",
                     "a card check is made by visual check or PIN");
  }
  KAKUNIN_RETURN_IF_ERROR(CheckRoute(request.route()));
  // The format only: a check-digit mismatch is for HQ and the service to judge.
  const std::string& insurer = request.contract_insurer_number();
  if (!insurer.empty() &&
      domain::ValidateInsurerNumber(insurer).outcome == domain::DigitCheckOutcome::kInvalidFormat) {
    return MakeError(ErrorCode::kInvalidArgument, "insurer_number.invalid_format",
                     "the contract insurer number is 6 or 8 digits");
  }
  return OkStatus();
}

AgentCore::AgentCore(std::unique_ptr<LocalStore> store, StatusBoard* board,
                     EligibilitySettings eligibility, std::string reader)
    : store_(std::move(store)),
      board_(board),
      eligibility_(std::move(eligibility)),
      reader_(std::move(reader)),
      late_saves_(std::make_shared<LateSaves>()) {
  late_saves_->core = this;
}

AgentCore::~AgentCore() { StopLateSaves(); }

void AgentCore::StopLateSaves() {
  std::lock_guard lock(late_saves_->mu);
  late_saves_->core = nullptr;
}

Result<v1::CheckResult> AgentCore::RunCheck(const v1::RunCheckRequest& request) {
  KAKUNIN_RETURN_IF_ERROR(CheckRunRequest(request));
  // On the terminal-files route the face-recognition reader reads cards and its results arrive
  // by file; the on-site terminal takes no card queries from us. Refused before the card.
  if (EffectiveRoute(board_->Snapshot().config()).route() == v1::ELIGIBILITY_ROUTE_TERMINAL_FILES) {
    return MakeError(ErrorCode::kFailedPrecondition, "xml.card_query_unsupported",
                     "this site's cards are read by the face-recognition reader of its on-site "
                     "terminal; its results arrive here by themselves");
  }
  ReaderClaim claim(*busy_);
  if (!claim.held()) {
    return MakeError(ErrorCode::kUnavailable, "reader.busy",
                     "another check is using the card reader; try again when it has finished");
  }
  board_->Update([](v1::AgentStatus& s) { s.set_reader_status("busy"); });
  v1::TerminalConfig config = board_->Snapshot().config();
  CardCheckRequest req;
  // The branch manager's one-time 目視確認 (issue 19) stands in for HQ's permission to switch,
  // for this one check only.
  const std::string& allowance = request.visual_allowance_id();
  if (allowance.empty()) {
    KAKUNIN_ASSIGN_OR_RETURN(req.mode, DecideMode(request.mode(), config));
  } else {
    if (request.mode() != v1::IDENTITY_MODE_VISUAL &&
        request.mode() != v1::IDENTITY_MODE_UNSPECIFIED) {
      return MakeError(ErrorCode::kInvalidArgument, "allowance.visual_only",
                       "the branch manager's allowance is for the visual check only");
    }
    if (allowances_ == nullptr) {
      return MakeError(ErrorCode::kFailedPrecondition, "allowance.unknown",
                       domain::AllowanceRefusalMessage("allowance.unknown"));
    }
    KAKUNIN_RETURN_IF_ERROR(allowances_->Reserve(allowance, std::chrono::system_clock::now()));
    req.mode = v1::IDENTITY_MODE_VISUAL;
  }
  // Given back unless a saved result uses it up below.
  struct AllowanceRelease {
    VisualAllowanceSlot* slot;
    std::string id;
    ~AllowanceRelease() {
      if (slot && !id.empty()) slot->Release(id);
    }
  } release{allowance.empty() ? nullptr : allowances_, allowance};
  req.route =
      request.route() == v1::CHECK_ROUTE_UNSPECIFIED ? v1::CHECK_ROUTE_COUNTER : request.route();
  KAKUNIN_RETURN_IF_ERROR(CheckRouteAllowed(req.route, config));
  req.reader = reader_;
  req.pin = request.pin();
  card::WipeOnExit pin_wipe(req.pin);  // also when no PC/SC context can be had
  req.contract_insurer = request.contract_insurer_number();
  req.wait = CardWait(request.card_wait_seconds());
  KAKUNIN_ASSIGN_OR_RETURN(auto ctx, card::PcscContext::Establish());
  {
    std::lock_guard lock(ctx_mu_);
    waiting_ctx_ = ctx.get();
  }
  // The card is talked to on a worker: a card or reader that stops answering blocks PC/SC with
  // no timeout of its own, and staff must not be left with a frozen check. The worker owns the
  // reader claim, the context and the service, so it may outlive this call.
  std::shared_ptr<card::PcscContext> shared_ctx = std::move(ctx);
  std::shared_ptr<eligibility::EligibilityService> service =
      MakeRouteService(config, eligibility_, state_dir_).service;
  auto handover = std::make_shared<CardCheckHandover>();
  claim.Release();
  std::thread([handover, late = late_saves_, shared_ctx, service, req, allowance,
               busy = busy_]() mutable {
    CardCheckReport report = PerformCardCheck(*shared_ctx, req, service.get());
    card::SecureWipe(req.pin);
    // The card session has ended (with a reset): the reader is free before the caller hears.
    busy->store(false);
    {
      std::lock_guard lock(handover->mu);
      if (!handover->caller_gone) {
        handover->report = std::move(report);
        handover->cv.notify_all();
        return;
      }
    }
    SaveLate(*late, std::move(report), allowance);
  }).detach();
  // The worker has its own copy of the request; the PIN does not stay here too.
  card::SecureWipe(req.pin);
  std::unique_lock wait(handover->mu);
  const bool answered = handover->cv.wait_for(wait, req.wait + card_timeout_,
                                              [&] { return handover->report.has_value(); });
  // Decided under the lock: a report that comes later is the daemon's to save, and the
  // allowance is free for it to take again.
  if (!answered) {
    handover->caller_gone = true;
    if (release.slot) release.slot->Release(allowance);
    release.slot = nullptr;
  }
  wait.unlock();
  {
    std::lock_guard lock(ctx_mu_);
    waiting_ctx_ = nullptr;
  }
  if (!answered) {
    spdlog::error(
        "card check: no answer from the card within {} s after the card wait; the "
        "reader stays claimed until the card lets go, and a result it then gives is saved",
        card_timeout_.count());
    board_->Update([](v1::AgentStatus& s) { s.set_reader_status("not_answering"); });
    return MakeError(ErrorCode::kDeadlineExceeded, "card.not_answering",
                     "the card stopped answering; take it off the reader, wait a moment and put "
                     "it back");
  }
  CardCheckReport report = std::move(*handover->report);
  ShowCardReport(report);
  if (report.result) {
    release.slot = nullptr;  // used up, or given back, by SaveCardReport
    KAKUNIN_ASSIGN_OR_RETURN(*report.result, SaveCardReport(report, allowance));
  }
  if (report.error) return *report.error;
  return *report.result;
}

void AgentCore::ShowCardReport(const CardCheckReport& report) {
  board_->Update([&](v1::AgentStatus& s) {
    s.set_pin_tries_left(report.pin_tries_left.value_or(-1));
    if (!report.reader.empty()) s.set_reader_name(report.reader);
    // A check that reached the card knows whether the reader passes extended APDUs (a
    // non-compliant reader fails with card.reader_not_compliant and says false).
    if (report.result) {
      s.set_extended_apdu(report.result->reader().extended_apdu());
      s.set_extended_apdu_known(true);
    }
  });
}

Result<v1::CheckResult> AgentCore::SaveCardReport(CardCheckReport& report,
                                                  const std::string& allowance) {
  {
    std::lock_guard lock(store_mu_);
    (void)RememberFirstVisit(*store_, report);
  }
  // The manager's one-time allowance is spent only on a check the service answered: a card
  // lifted too early or the service down leaves it for the check done again.
  const bool spends_allowance = !allowance.empty() && report.answered && !report.error;
  if (spends_allowance) report.result->set_visual_allowance_id(allowance);
  auto saved = Save(std::move(*report.result));
  if (!allowance.empty()) {
    if (spends_allowance && saved.ok()) {
      allowances_->Consume(allowance);
    } else {
      allowances_->Release(allowance);
    }
  }
  return saved;
}

// The caller had been told card.not_answering; the card let go after all. Its result is kept
// like any other (the PIN try was used, the service may have been asked, HQ must see it), under
// the allowance the caller held only if it can still be had.
void AgentCore::SaveLate(LateSaves& late, CardCheckReport report, const std::string& allowance) {
  std::lock_guard lock(late.mu);
  if (!report.result) {
    spdlog::info("the card check that had stopped answering ended without a result: {}",
                 report.error ? report.error->ToString() : "no card");
    return;
  }
  AgentCore* core = late.core;
  if (core == nullptr) {
    spdlog::error(
        "card check {} ended after its caller stopped waiting, while the service was stopping: "
        "not saved; record it again",
        report.result->check_id());
    return;
  }
  std::string held;
  if (!allowance.empty() && core->allowances_ != nullptr &&
      core->allowances_->Reserve(allowance, std::chrono::system_clock::now()).ok()) {
    held = allowance;
  }
  core->ShowCardReport(report);
  auto saved = core->SaveCardReport(report, held);
  if (!saved.ok()) {
    spdlog::error("card check that ended after its caller stopped waiting: {}",
                  saved.error().ToString());
    return;
  }
  spdlog::warn(
      "card check {} ended after its caller stopped waiting (card.not_answering); saved as "
      "sequence {} ({}): staff see it in the recent list",
      saved->check_id(), saved->sequence(), OutcomeId(saved->outcome()));
}

Result<v1::CheckResult> AgentCore::RecordDocument(const v1::RecordDocumentRequest& request) {
  KAKUNIN_RETURN_IF_ERROR(CheckRoute(request.route()));
  KAKUNIN_ASSIGN_OR_RETURN(
      auto check, BuildDocumentCheck(request.document(), request.route(), false, TodayInJapan()));
  return Save(std::move(check.result));
}

Result<v1::CheckResult> AgentCore::Recheck(const v1::RecheckRequest& request) {
  KAKUNIN_RETURN_IF_ERROR(CheckRoute(request.route()));
  RouteService route = MakeRouteService(board_->Snapshot().config(), eligibility_, state_dir_);
  if (!route.service) {
    return MakeError(ErrorCode::kFailedPrecondition, "eligibility.not_configured",
                     "no eligibility service is configured for this terminal");
  }
  RecheckInput in{
      request.insurer_number(),
      request.insured_symbol(),
      request.insured_number(),
      request.insured_branch_number(),
      request.birth_date(),
      request.route() == v1::CHECK_ROUTE_UNSPECIFIED ? v1::CHECK_ROUTE_HOME_VISIT : request.route(),
      board_->Snapshot().config().institution_code(),
      ""};
  if (in.institution_code.empty()) in.institution_code = eligibility_.institution_code;
  {
    std::lock_guard lock(store_mu_);
    KAKUNIN_RETURN_IF_ERROR(AllowHomeVisitRecheck(*store_, in));
  }
  v1::CheckResult result = PerformRecheck(*route.service, in, in.route);
  {
    std::lock_guard lock(store_mu_);
    KAKUNIN_RETURN_IF_ERROR(RememberIfLate(*store_, route, result));
  }
  return Save(std::move(result));
}

// Once-only by its pickup key, behind any check held for the outbox. When the outbox will not
// take it, it is held in memory like those (the file may be gone at the next look) and saved at
// the next chance; true then too: the watcher need not read the file again.
Result<bool> AgentCore::SaveFileResult(v1::CheckResult result, const std::string& key) {
  bool held = false;
  const Flushed f = HoldAndFlush({result, TodayInJapan(), key}, false, &held);
  const bool saved = PublishSaved(f, result.check_id()) != nullptr;
  if (held) {
    spdlog::error(
        "face-reader result {} could not be saved ({}); held in memory with {} others "
        "and saved at the next chance",
        result.check_id(), f.status.error().reason(), f.waiting - 1);
    return true;
  }
  return saved;  // false: this file was recorded before
}

Result<std::optional<LocalStore::LateAsk>> AgentCore::LateRequest(const std::string& file_id) {
  std::lock_guard lock(store_mu_);
  return store_->LateRequest(file_id);
}

Status AgentCore::DropLateRequest(const std::string& file_id) {
  std::lock_guard lock(store_mu_);
  return store_->DropLateRequest(file_id);
}

Status AgentCore::ForgetFileRecords() {
  std::lock_guard lock(store_mu_);
  return store_->ForgetFileRecords(3 * 86400, 86400);
}

namespace {
int64_t SteadySeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

Status AgentCore::LoadTimeFloor(int64_t fallback) {
  std::lock_guard lock(store_mu_);
  KAKUNIN_ASSIGN_OR_RETURN(int64_t saved, store_->TimeFloor());
  time_floor_ = domain::TimeFloor(saved > 0 ? saved : fallback, SteadySeconds());
  return OkStatus();
}

void AgentCore::HqTimeIs(int64_t hq_time) {
  std::lock_guard lock(store_mu_);
  const int64_t steady = SteadySeconds();
  time_floor_.HqSaid(hq_time, steady);
  // Best effort: an outbox that will not take it keeps the older floor (later, never earlier).
  if (auto s = store_->SaveTimeFloor(time_floor_.Floor(steady)); !s.ok()) {
    spdlog::warn("time floor not saved: {}", s.error().ToString());
  }
}

Result<size_t> AgentCore::PurgeExpiredRecent() {
  std::lock_guard lock(store_mu_);
  const int64_t steady = SteadySeconds(), clock = std::time(nullptr);
  const int64_t at = time_floor_.PurgeTime(clock, steady);
  if (at == 0) {
    spdlog::info("re-view purge waits until HQ has given this terminal its time");
    return size_t{0};
  }
  // The floor moves on with the time run: saved, a restart starts from here.
  KAKUNIN_RETURN_IF_ERROR(store_->SaveTimeFloor(time_floor_.Floor(steady)));
  if (const int64_t ahead = time_floor_.ClockAhead(clock, steady); ahead > 86400) {
    spdlog::warn(
        "this PC's clock is {} day(s) ahead of the time this terminal can prove (HQ's time at "
        "its last connection, plus the time run since); patient data is deleted by the proven "
        "date, {}, not by the clock. Set the PC's clock right.",
        ahead / 86400, domain::FormatIso(domain::JapanDateOf(at)));
  }
  const domain::Date today = domain::JapanDateOf(at);
  KAKUNIN_RETURN_IF_ERROR(store_->ForgetRefusals(at - kRefusalsShown.count() * 86400));
  KAKUNIN_ASSIGN_OR_RETURN(size_t visits, store_->ForgetFirstVisits(today));
  if (visits > 0) spdlog::info("{} first visits not seen for 13 months forgotten", visits);
  KAKUNIN_ASSIGN_OR_RETURN(size_t stripped, store_->StripUnsentPastWindow(today));
  if (stripped > 0) {
    spdlog::info("{} unsent result(s) past their re-view window kept without patient fields",
                 stripped);
  }
  return store_->PurgeRecent(today);
}

Result<std::vector<v1::CheckResult>> AgentCore::ListRecent(uint32_t limit) {
  std::lock_guard lock(store_mu_);
  // Listing never deletes: only the purge does, by the time the terminal can prove (a clock
  // that jumped ahead would otherwise delete re-view copies at every refresh of the list).
  KAKUNIN_ASSIGN_OR_RETURN(auto recent, store_->Recent(TodayInJapan(), 1, /*purge=*/false));
  if (limit > 0 && recent.size() > limit) recent.resize(limit);
  return recent;
}

// The staff were shown the answer (a card read, a PIN tried, a query made): it is never thrown
// away because the outbox would not take it. It waits in memory, behind any earlier one.
Result<v1::CheckResult> AgentCore::Save(v1::CheckResult result) {
  bool held = false;
  // Handed off now if held: the receipt computer need not wait for the disk.
  const Flushed f = HoldAndFlush({result, TodayInJapan()}, true, &held);
  if (const v1::CheckResult* saved = PublishSaved(f, result.check_id())) result = *saved;
  if (held) {
    spdlog::error(
        "check {} was shown but could not be saved ({}); held in memory with {} others and "
        "saved at the next chance",
        result.check_id(), f.status.error().reason(), f.waiting - 1);
    HandOff(result);
  }
  return result;
}

const v1::CheckResult* AgentCore::PublishSaved(const Flushed& f, const std::string& check_id) {
  const v1::CheckResult* found = nullptr;
  for (const auto& [r, hand_off] : f.saved) {
    Saved(r, f.depth, hand_off);
    if (!check_id.empty() && r.check_id() == check_id) found = &r;
  }
  return found;
}

AgentCore::Flushed AgentCore::HoldAndFlush(Unsaved entry, bool handed_off_if_held, bool* held) {
  std::lock_guard lock(store_mu_);
  unsaved_.push_back(std::move(entry));
  Flushed f = FlushUnsavedLocked();
  // In order, stopping at the first failure: if anything still waits, the newest one does.
  *held = !unsaved_.empty();
  if (*held && handed_off_if_held) unsaved_.back().handed_off = true;
  return f;
}

AgentCore::Flushed AgentCore::FlushUnsavedLocked() {
  Flushed f;
  while (!unsaved_.empty()) {
    Unsaved& next = unsaved_.front();
    bool fresh = true;  // false: a face file recorded before (its key was taken)
    if (next.once_key.empty()) {
      f.status = store_->Save(next.result, next.check_date);
    } else if (auto once = store_->SaveOnce(next.result, next.check_date, next.once_key);
               once.ok()) {
      fresh = *once;
      f.status = OkStatus();
    } else {
      f.status = once.error();
    }
    if (!f.status.ok()) break;
    if (fresh) f.saved.emplace_back(std::move(next.result), !next.handed_off);
    unsaved_.pop_front();
  }
  f.waiting = unsaved_.size();
  if (!f.saved.empty()) {
    if (auto d = store_->Depth(); d.ok()) f.depth = *d;
  }
  ShowUnsaved(f.waiting, f.status.ok() ? "" : f.status.error().reason());
  return f;
}

size_t AgentCore::RetryUnsaved() {
  Flushed f;
  {
    std::lock_guard lock(store_mu_);
    if (unsaved_.empty()) return 0;
    f = FlushUnsavedLocked();
  }
  PublishSaved(f, "");
  if (!f.saved.empty()) {
    spdlog::info(
        "{} held checks saved{}", f.saved.size(),
        f.waiting == 0 ? "; none is waiting" : "; " + std::to_string(f.waiting) + " still wait");
  }
  return f.waiting;
}

void AgentCore::ShowUnsaved(size_t count, const std::string& problem) {
  board_->Update([&](v1::AgentStatus& s) {
    s.set_unsaved_results(count);
    s.set_store_problem(count == 0 ? store_note_ : problem);
  });
}

void AgentCore::SetStoreNote(std::string reason) {
  std::lock_guard lock(store_mu_);
  store_note_ = std::move(reason);
  if (unsaved_.empty()) ShowUnsaved(0, "");
}

void AgentCore::Saved(const v1::CheckResult& result, uint64_t depth, bool hand_off) {
  spdlog::info("saved check {} as sequence {} ({})", result.check_id(), result.sequence(),
               OutcomeId(result.outcome()));
  bool raised = board_->SetDepth(depth);
  if (on_saved_) on_saved_(raised);
  if (hand_off) HandOff(result);
}

void AgentCore::HandOff(const v1::CheckResult& result) {
  const v1::RouteSettings route = EffectiveRoute(board_->Snapshot().config());
  auto written = HandOffResult(route, result);
  if (written.ok() && !*written) return;
  if (!written.ok()) {
    spdlog::error("hand-off of check {}: {}", result.check_id(), written.error().ToString());
  }
  board_->Update([&](v1::AgentStatus& s) {
    auto* r = s.mutable_route();
    if (written.ok()) {
      r->set_handoff_written(r->handoff_written() + 1);
    } else {
      r->set_handoff_failed(r->handoff_failed() + 1);
    }
  });
}

Status AgentCore::RefreshDepth() {
  std::lock_guard lock(store_mu_);
  KAKUNIN_ASSIGN_OR_RETURN(auto depth, store_->Depth());
  board_->SetDepth(depth);
  return OkStatus();
}

void AgentCore::CancelCardWait() {
  std::lock_guard lock(ctx_mu_);
  if (waiting_ctx_) waiting_ctx_->Cancel();
}

}  // namespace kakunin::agent
