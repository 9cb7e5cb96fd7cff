#pragma once
// The staff window's view of the agent daemon (AgentLocal in proto/kakunin/v1/local.proto).
// Calls block; the window runs them on worker threads and never touches gRPC on the UI thread.
// Errors keep the daemon's reason id ("card.pin_wrong", ...) so that one place maps them to
// staff wording (ui/error_text.h).

#include <functional>
#include <memory>
#include <string>

#include "common/core/result.h"
#include "kakunin/v1/local.pb.h"

namespace kakunin::station {

class StationBackend {
 public:
  virtual ~StationBackend() = default;

  virtual Result<v1::AgentStatus> GetStatus() = 0;
  // Blocks while the daemon waits for a card; CancelCheck() ends the wait.
  virtual Result<v1::CheckResult> RunCheck(const v1::RunCheckRequest& request) = 0;
  virtual Result<v1::CheckResult> RecordDocument(const v1::RecordDocumentRequest& request) = 0;
  virtual Result<v1::CheckResult> Recheck(const v1::RecheckRequest& request) = 0;
  virtual Result<v1::ListRecentResponse> ListRecent(uint32_t limit) = 0;
  // Delivers each status the daemon sends until the stream ends or Cancel() is called; returns
  // why it ended (an error, or OK after CancelAll()).
  virtual Status WatchStatus(const std::function<void(const v1::AgentStatus&)>& on_status) = 0;
  // Staff pressed Escape while the daemon waits for a card: ends the RunCheck in flight.
  virtual void CancelCheck() = 0;
  // The window is closing: ends every call in flight, the status stream included, and refuses
  // new ones.
  virtual void CancelAll() = 0;
};

// The daemon's socket address: "unix:/path" or a path (the prefix is added).
std::unique_ptr<StationBackend> MakeGrpcStationBackend(const std::string& socket);

}  // namespace kakunin::station
