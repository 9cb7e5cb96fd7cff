#pragma once
// One terminal's Connect stream on HQ (a gRPC callback reactor): it opens on AgentServiceImpl's
// opening threads, hands result batches to the IngestWriter and answers each after its durable
// commit, and reads no further while the terminal has enough waiting on the server.

#include <grpcpp/alarm.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "common/core/result.h"
#include "kakunin/v1/agent.pb.h"
#include "server/ingest/ingest_writer.h"
#include "server/storage/fleet_store.h"

namespace kakunin::server {

class AgentServiceImpl;

// One terminal's stream. Lifetime: gRPC calls OnDone once; every batch in the ingest queue
// holds a reference too; the object deletes itself when the last reference goes.
class AgentStream final : public grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  AgentStream(AgentServiceImpl* service, grpc::CallbackServerContext* ctx);
  void Push(const v1::ServerMessage& message);
  void Cancel();
  void OnReadDone(bool ok) override;
  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  // What needs no database: the certificate's device, and the device's opening rate. Returns
  // the device id and the certificate's serial.
  Result<std::pair<std::string, std::string>> Admit();

  // On an opening thread: the database part of opening, unless the terminal went away while it
  // waited its turn.
  void Open(const std::string& device_id, const std::string& serial);
  grpc::Status Start(const std::string& device_id, const std::string& serial);
  // The presented certificate (another serial than HQ's) becomes the device's when it was
  // issued after every issue HQ's row knows of (FleetStore::AdoptNewerCertificate); whether
  // it did.
  Result<bool> AdoptIfNewer(const DeviceRecord& device, const std::string& serial);
  void OnIngested(Result<IngestOutcome> r, size_t message_bytes);
  // The terminal holds nothing below `lowest_held` (its hello): what HQ lacks there is given up
  // (FleetStore::CloseSequenceGap). On an opening thread, before the stream is read again.
  void CloseGap(uint64_t lowest_held);

  // The 資格確認端末 certificate a terminal read (issue 19): bounded like other facts it
  // reports, stored only when it changed (heartbeats repeat it every 30 s).
  void NoteTerminalCertificateLocked(const v1::TerminalCertificateReport& report);
  // A certificate renewal (signing, its record): on an opening thread.
  void Renew(const std::string& csr_pem);
  // Runs `work` (database work) on the service's opening threads, not on gRPC's callback
  // thread; the stream is read no further until it is done, so its messages are still handled
  // in order. False, and `work` not run, when too much is already waiting.
  bool RunBlockingLocked(std::function<void()> work);
  void StartReadLocked();
  // The terminal sent results faster than HQ allows (AgentServiceImpl::TakeResults): its stream
  // is read again after `wait`. What it sent is stored and answered as usual.
  void HoldForRateLocked(std::chrono::steady_clock::duration wait);

  // Reads the next message unless the terminal has enough waiting on the server already: its
  // batches in the writer, or answers it has not read.
  void MaybeReadLocked();
  void PushLocked(const v1::ServerMessage& message);
  void EchoHeartbeatLocked(const v1::Heartbeat& heartbeat);
  void MaybeFinishLocked();

  // Finish is called once, and never while a write is outstanding.
  void FinishLocked(const grpc::Status& status);
  void Unref();

  AgentServiceImpl* service_;
  grpc::CallbackServerContext* ctx_;
  std::mutex mu_;
  DeviceRecord device_;
  bool registered_ = false;
  grpc::ByteBuffer in_buf_;
  // A list, not a deque: an empty deque already holds a 512-byte block, and nearly every
  // stream's queue is empty nearly all the time (issue 18: memory per idle stream).
  std::list<grpc::ByteBuffer> outq_;
  bool reading_ = false, writing_ = false, read_closed_ = false, cancelled_ = false,
       finished_ = false, hello_seen_ = false, paused_ = false, done_ = false,
       blocking_pending_ = false, renew_warned_ = false, cert_report_warned_ = false,
       held_for_bytes_ = false, rate_held_ = false, rate_warned_ = false;
  std::optional<grpc::Status> finish_status_;
  std::string last_terminal_cert_;  // the last report stored, serialised
  std::chrono::steady_clock::time_point last_echo_{};
  std::unique_ptr<grpc::Alarm> rate_alarm_;  // set while rate_held_
  int inflight_ = 0;
  int refs_ = 1;               // OnDone's
  size_t inflight_bytes_ = 0;  // of the messages of the batches in flight
};

}  // namespace kakunin::server
