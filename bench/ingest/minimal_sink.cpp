#include "bench/ingest/minimal_sink.h"

#include <mutex>

namespace kakunin::bench {
namespace {

class Stream final : public grpc::ServerBidiReactor<v1::AgentMessage, v1::ServerMessage> {
 public:
  explicit Stream(std::atomic<uint64_t>* received) : received_(received) {
    std::lock_guard lock(mu_);
    out_.mutable_welcome()->set_status(v1::DEVICE_STATUS_ACTIVE);
    writing_ = true;
    StartWrite(&out_);
    StartRead(&in_);
  }
  void OnReadDone(bool ok) override {
    std::lock_guard lock(mu_);
    if (!ok) {
      done_reading_ = true;
      if (!writing_) Finish(grpc::Status::OK);
      return;
    }
    const auto& results = in_.results().results();
    if (!results.empty()) {
      *received_ += static_cast<uint64_t>(results.size());
      ack_ = results[results.size() - 1].sequence();
      WriteAckLocked();
    }
    StartRead(&in_);
  }
  void OnWriteDone(bool) override {
    std::lock_guard lock(mu_);
    writing_ = false;
    WriteAckLocked();
    if (!writing_ && done_reading_) Finish(grpc::Status::OK);
  }
  void OnDone() override { delete this; }

 private:
  // Acks are cumulative: while one is on the wire, the newest sequence replaces older ones.
  void WriteAckLocked() {
    if (writing_ || ack_ == sent_) return;
    sent_ = ack_;
    out_.Clear();
    out_.mutable_ack()->set_up_to_sequence(ack_);
    writing_ = true;
    StartWrite(&out_);
  }
  std::atomic<uint64_t>* received_;
  std::mutex mu_;
  v1::AgentMessage in_;
  v1::ServerMessage out_;
  uint64_t ack_ = 0, sent_ = 0;
  bool writing_ = false, done_reading_ = false;
};

}  // namespace

class MinimalSink::Service final : public v1::AgentService::CallbackService {
 public:
  explicit Service(std::atomic<uint64_t>* received) : received_(received) {}
  grpc::ServerBidiReactor<v1::AgentMessage, v1::ServerMessage>* Connect(
      grpc::CallbackServerContext*) override {
    return new Stream(received_);
  }

 private:
  std::atomic<uint64_t>* received_;
};

MinimalSink::MinimalSink() = default;

MinimalSink::~MinimalSink() {
  if (server_) {
    server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
    server_->Wait();
  }
}

Result<std::unique_ptr<MinimalSink>> MinimalSink::Start(const std::string& ca_pem,
                                                        const std::string& key_pem,
                                                        const std::string& cert_pem) {
  std::unique_ptr<MinimalSink> sink(new MinimalSink());
  sink->service_ = std::make_unique<Service>(&sink->received_);
  grpc::SslServerCredentialsOptions tls(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  tls.pem_root_certs = ca_pem;
  tls.pem_key_cert_pairs.push_back({key_pem, cert_pem});
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::SslServerCredentials(tls), &port);
  builder.RegisterService(sink->service_.get());
  sink->server_ = builder.BuildAndStart();
  if (!sink->server_ || port == 0) {
    return MakeError(ErrorCode::kUnavailable, "bench.minimal_sink", "did not start");
  }
  sink->target_ = {"127.0.0.1:" + std::to_string(port), ca_pem};
  return sink;
}

}  // namespace kakunin::bench
