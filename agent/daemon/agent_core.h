#pragma once
// What the daemon does for its front-ends, independent of how they reach it (the local gRPC
// service is a thin adapter over this): card checks with the reader owned here, documents,
// 再照会, the recent list. Every result is in the outbox (committed, synchronous=FULL) before a
// call returns it, or — when the outbox will not take it — held in memory, shown in the status
// and written at the next chance; the uplink is woken to deliver it.
//
// One card operation at a time: a second RunCheck while one is running is refused at once
// with "reader.busy" (the staff window shows who has the reader; nothing queues behind a
// patient who is still looking for their card).

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "agent/card/pcsc.h"
#include "agent/check/card_check.h"
#include "agent/check/route.h"
#include "agent/daemon/status_board.h"
#include "agent/daemon/visual_allowance_slot.h"
#include "agent/eligibility/eligibility_service.h"
#include "agent/store/local_store.h"
#include "common/core/result.h"
#include "common/domain/time_floor.h"
#include "kakunin/v1/local.pb.h"

namespace kakunin::agent {

class AgentCore {
 public:
  // `reader`: the reader this terminal uses ("" = the first that gets a card).
  AgentCore(std::unique_ptr<LocalStore> store, StatusBoard* board, EligibilitySettings eligibility,
            std::string reader = "");
  ~AgentCore();

  // Called after every saved result (the uplink's wake-up) and when the warning is raised.
  void SetOnSaved(std::function<void(bool warning_raised)> on_saved) {
    on_saved_ = std::move(on_saved);
  }

  Result<v1::CheckResult> RunCheck(const v1::RunCheckRequest& request);
  Result<v1::CheckResult> RecordDocument(const v1::RecordDocumentRequest& request);
  Result<v1::CheckResult> Recheck(const v1::RecheckRequest& request);
  Result<std::vector<v1::CheckResult>> ListRecent(uint32_t limit);
  // A result made from a file in the terminal's folder: saved only if `key` was never saved
  // before (false then). The uplink is woken as for any result.
  Result<bool> SaveFileResult(v1::CheckResult result, const std::string& key);
  Result<std::optional<LocalStore::LateAsk>> LateRequest(const std::string& file_id);
  Status DropLateRequest(const std::string& file_id);
  // Pickup keys after 3 days, late requests after a day.
  Status ForgetFileRecords();
  // Patient data past its re-view window leaves the terminal on time, whether or not a staff
  // window ever lists it (a terminal without one, a Windows terminal); how many went. It goes by
  // the time the terminal can prove (common/domain/time_floor.h), never by a clock that jumped
  // ahead; nothing goes before HQ has once given its time (0 then).
  Result<size_t> PurgeExpiredRecent();
  // Reads the saved time floor (start-up); `fallback` (Unix seconds, 0 none) when none was saved.
  Status LoadTimeFloor(int64_t fallback);
  // HQ's time at a welcome (Unix seconds): the floor is set to it and saved.
  void HqTimeIs(int64_t hq_time);
  // Where the agent keeps what it moves out of the terminal's folders.
  void SetStateDir(std::string dir) { state_dir_ = std::move(dir); }
  // Re-reads the depth into the status board (start-up).
  Status RefreshDepth();
  // A standing word on the outbox, shown as store_problem while no check waits unsaved:
  // "outbox.repaired" after a repair of a damaged file (daemon.cpp). Before the daemon serves.
  void SetStoreNote(std::string reason);
  // Writes the results whose answer was shown but could not be saved (a full disk, a locked or
  // damaged outbox), oldest first; how many are still waiting. Also done before every save.
  size_t RetryUnsaved();
  size_t unsaved() {
    std::lock_guard lock(store_mu_);
    return unsaved_.size();
  }
  bool reader_busy() const { return busy_->load(); }
  // How long a check may take once its card wait is over before the daemon gives up on the card
  // (a card or reader that stopped answering): the caller gets "card.not_answering" at once,
  // the reader stays claimed until the stuck operation returns and resets the card.
  void SetCardTimeout(std::chrono::seconds timeout) { card_timeout_ = timeout; }
  // Makes a check that waits for a card give up (shutdown).
  void CancelCardWait();
  // A card check whose caller stopped waiting (card.not_answering) is saved when it ends after
  // all (a PIN try was used, the service asked); from now on it is only logged as lost (the
  // uplink is about to stop). Waits for a save in progress.
  void StopLateSaves();
  // Issue 19: where RunCheck names the branch manager's one-time 目視確認 allowance, it is
  // judged and used up here (none set: every such check is refused as unknown).
  void SetVisualAllowances(VisualAllowanceSlot* slot) { allowances_ = slot; }

 private:
  Result<v1::CheckResult> Save(v1::CheckResult result);
  // The status board's card fields from a card check's report (with or without a result).
  void ShowCardReport(const CardCheckReport& report);
  // What a card check's report with a result leaves: the first home visit,
  // the saved result (naming the branch manager's allowance, reserved by the caller, when the
  // service answered and the allowance is then used up).
  Result<v1::CheckResult> SaveCardReport(CardCheckReport& report, const std::string& allowance);
  // A card check that ended after its caller stopped waiting.
  struct LateSaves;
  static void SaveLate(LateSaves& late, CardCheckReport report, const std::string& allowance);
  // After a save: the wake-up, the log line, the hand-off (unless done when it was held).
  void Saved(const v1::CheckResult& result, uint64_t depth, bool hand_off = true);
  struct Unsaved {
    v1::CheckResult result;
    domain::Date check_date;
    std::string once_key;     // a face file's pickup key: saved once (SaveOnce); "" for the others
    bool handed_off = false;  // written to the hand-off folder when it was held
  };
  // What a flush of unsaved_ did: the results saved (in order) with whether each is still to be
  // handed off, the outbox's depth after them, how many still wait, and the first failure (OK
  // when none).
  struct Flushed {
    std::vector<std::pair<v1::CheckResult, bool>> saved;
    uint64_t depth = 0;
    size_t waiting = 0;
    Status status = OkStatus();
  };
  // Under store_mu_: saves what waits in unsaved_, in order, until one fails, and publishes how
  // many still wait (under the lock, so a later count never lands before an earlier one).
  Flushed FlushUnsavedLocked();
  // Takes store_mu_: `entry` joins what waits, behind any held earlier, and all are tried in
  // order. `held`: it still waits (then marked handed off when `handed_off_if_held`).
  Flushed HoldAndFlush(Unsaved entry, bool handed_off_if_held, bool* held);
  // Outside store_mu_: logs, counts and hands off each result `f` saved, in order. The one of
  // `check_id` among them (as saved, with its sequence), or null.
  const v1::CheckResult* PublishSaved(const Flushed& f, const std::string& check_id);
  void ShowUnsaved(size_t count, const std::string& problem);
  void HandOff(const v1::CheckResult& result);

  std::mutex store_mu_;  // one transaction at a time on this connection
  std::unique_ptr<LocalStore> store_;
  // Answers the staff were shown that the outbox would not take, and face files read while it
  // would not (the receipt computer may delete the file a moment later), in the order they came:
  // held here and written first at every later save, so that none is lost to a disk that filled
  // for a moment and none overtakes another. A stop loses them (the log says how many).
  std::deque<Unsaved> unsaved_;
  std::string store_note_;  // SetStoreNote
  StatusBoard* board_;
  EligibilitySettings eligibility_;
  std::string reader_;
  std::string state_dir_ = ".";
  std::function<void(bool)> on_saved_;
  // Shared with a check's worker thread, which may outlive a call that gave up on it.
  std::shared_ptr<std::atomic<bool>> busy_ = std::make_shared<std::atomic<bool>>(false);
  std::chrono::seconds card_timeout_{30};
  // Shared with every check's worker: this core while late results may be saved, else null.
  std::shared_ptr<LateSaves> late_saves_;
  std::mutex ctx_mu_;
  card::PcscContext* waiting_ctx_ = nullptr;
  VisualAllowanceSlot* allowances_ = nullptr;
  domain::TimeFloor time_floor_{0, 0};  // under store_mu_
};

// HQ's policy for one check: the mode defaults to HQ's and may differ only where HQ allows a
// local override; the route must be one HQ allows (none listed = all).
Result<v1::IdentityMode> DecideMode(v1::IdentityMode requested, const v1::TerminalConfig& config);
Status CheckRouteAllowed(v1::CheckRoute route, const v1::TerminalConfig& config);
// A front-end's card-check request, checked before the reader is claimed or a card touched: a
// mode or route this build does not know, or a contract insurer number HQ would refuse (6 or 8
// digits), is refused here instead of after the patient's card (and PIN) were used for a result
// HQ then refuses for good.
Status CheckRunRequest(const v1::RunCheckRequest& request);

}  // namespace kakunin::agent
