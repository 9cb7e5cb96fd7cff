#include "bench/ingest/reference_sink.h"

#include <deque>
#include <mutex>

namespace kakunin::bench {
namespace {

// One stream: Welcome, then an Ack per batch as soon as it is read. Writes are queued because
// the callback API allows one outstanding write per stream.
class SinkStream final : public grpc::ServerBidiReactor<v1::AgentMessage, v1::ServerMessage> {
 public:
  explicit SinkStream(std::atomic<uint64_t>* received) : received_(received) {
    std::lock_guard lock(mu_);
    v1::ServerMessage welcome;
    welcome.mutable_welcome()->set_device_id("sink");
    welcome.mutable_welcome()->set_status(v1::DEVICE_STATUS_ACTIVE);
    PushLocked(std::move(welcome));
    StartRead(&in_);
  }

  void OnReadDone(bool ok) override {
    std::lock_guard lock(mu_);
    if (!ok) {
      read_closed_ = true;
      MaybeFinishLocked();
      return;
    }
    if (in_.has_results() && in_.results().results_size() > 0) {
      const auto& results = in_.results().results();
      *received_ += static_cast<uint64_t>(results.size());
      v1::ServerMessage ack;
      ack.mutable_ack()->set_up_to_sequence(results[results.size() - 1].sequence());
      PushLocked(std::move(ack));
    }
    StartRead(&in_);
  }

  void OnWriteDone(bool ok) override {
    std::lock_guard lock(mu_);
    writing_ = false;
    outq_.pop_front();
    if (!ok) outq_.clear();
    if (!outq_.empty()) {
      writing_ = true;
      StartWrite(&outq_.front());
    }
    MaybeFinishLocked();
  }

  void OnCancel() override {
    std::lock_guard lock(mu_);
    cancelled_ = true;
    MaybeFinishLocked();
  }

  void OnDone() override { delete this; }

 private:
  void PushLocked(v1::ServerMessage m) {
    if (finished_ || cancelled_) return;
    outq_.push_back(std::move(m));
    if (!writing_) {
      writing_ = true;
      StartWrite(&outq_.front());
    }
  }

  void MaybeFinishLocked() {
    if (finished_ || writing_ || !(read_closed_ || cancelled_)) return;
    finished_ = true;
    Finish(cancelled_ ? grpc::Status::CANCELLED : grpc::Status::OK);
  }

  std::atomic<uint64_t>* received_;
  std::mutex mu_;
  v1::AgentMessage in_;
  std::deque<v1::ServerMessage> outq_;
  bool writing_ = false, read_closed_ = false, cancelled_ = false, finished_ = false;
};

}  // namespace

class ReferenceSink::Service final : public v1::AgentService::CallbackService {
 public:
  explicit Service(std::atomic<uint64_t>* received) : received_(received) {}
  grpc::ServerBidiReactor<v1::AgentMessage, v1::ServerMessage>* Connect(
      grpc::CallbackServerContext*) override {
    return new SinkStream(received_);
  }

 private:
  std::atomic<uint64_t>* received_;
};

ReferenceSink::ReferenceSink() = default;

ReferenceSink::~ReferenceSink() {
  if (server_) {
    server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
    server_->Wait();
  }
}

Result<std::unique_ptr<ReferenceSink>> ReferenceSink::Start(const std::string& ca_pem,
                                                            const std::string& key_pem,
                                                            const std::string& cert_pem) {
  std::unique_ptr<ReferenceSink> sink(new ReferenceSink());
  sink->service_ = std::make_unique<Service>(&sink->received_);
  // Client certificates required and verified against the device CA, as on the server.
  grpc::SslServerCredentialsOptions tls(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  tls.pem_root_certs = ca_pem;
  tls.pem_key_cert_pairs.push_back({key_pem, cert_pem});
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::SslServerCredentials(tls), &port);
  builder.RegisterService(sink->service_.get());
  sink->server_ = builder.BuildAndStart();
  if (!sink->server_ || port == 0) {
    return MakeError(ErrorCode::kUnavailable, "bench.sink", "the reference sink did not start");
  }
  sink->target_.address = "127.0.0.1:" + std::to_string(port);
  sink->target_.ca_pem = ca_pem;
  return sink;
}

}  // namespace kakunin::bench
