#include "bench/ingest/agent_load.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <latch>
#include <mutex>
#include <random>
#include <thread>

namespace kakunin::bench {
namespace {

using Clock = std::chrono::steady_clock;

// One simulated terminal: a writer (this object's thread) and a reader of acks.
struct Agent {
  int index = 0;
  const Device* device = nullptr;
  uint64_t base = 0;  // the server's acknowledged sequence when the stream opened
  uint64_t last = 0;  // its final sequence
  grpc::ClientContext ctx;
  std::unique_ptr<grpc::ClientReaderWriter<v1::AgentMessage, v1::ServerMessage>> stream;
  std::mutex mu;
  std::condition_variable cv;
  uint64_t acked = 0;
  bool closed = false;  // the server's side of the stream ended
  uint64_t rejects = 0, ack_messages = 0;
  Clock::time_point done_at{};
  std::string error;
};

// What the main thread watches: progress (acked results) and finished agents.
struct Shared {
  std::mutex mu;
  std::condition_variable cv;
  int finished = 0;
  std::atomic<uint64_t> progress{0};
};

void ReadAcks(Agent& a, Shared& shared) {
  v1::ServerMessage m;
  while (a.stream->Read(&m)) {
    std::lock_guard lock(a.mu);
    if (m.has_ack()) {
      ++a.ack_messages;
      if (m.ack().up_to_sequence() > a.acked) {
        shared.progress += m.ack().up_to_sequence() - a.acked;
        a.acked = m.ack().up_to_sequence();
      }
      if (a.acked >= a.last && a.done_at == Clock::time_point{}) a.done_at = Clock::now();
    } else if (m.has_reject()) {
      ++a.rejects;
    }
    a.cv.notify_all();
  }
  std::lock_guard lock(a.mu);
  a.closed = true;
  a.cv.notify_all();
}

void RunAgent(Agent& a, const StreamTarget& target, const ResultFactory& factory,
              const LoadOptions& o, std::latch& ready, std::latch& go, Shared& shared) {
  auto finish = [&](std::string error) {
    {
      std::lock_guard lock(a.mu);
      if (a.error.empty()) a.error = std::move(error);
    }
    std::lock_guard lock(shared.mu);
    ++shared.finished;
    shared.cv.notify_all();
  };
  auto stub = v1::AgentService::NewStub(DeviceChannel(target, *a.device));
  a.stream = stub->Connect(&a.ctx);
  v1::ServerMessage m;
  if (!a.stream->Read(&m) || !m.has_welcome()) {
    ready.count_down();
    grpc::Status s = a.stream->Finish();
    return finish("no Welcome: " + s.error_message());
  }
  if (m.welcome().acked_sequence() != 0 && !o.resume) {
    ready.count_down();
    a.ctx.TryCancel();
    (void)a.stream->Finish();
    return finish("device already has acknowledged results; the bench needs fresh devices");
  }
  {
    // Resuming, this phase's sequences follow what the server already acknowledged.
    std::lock_guard lock(a.mu);
    a.base = m.welcome().acked_sequence();
    a.last += a.base;
    a.acked = a.base;
  }
  a.stream->Write(Hello("bench-agent-" + std::to_string(a.index), a.last));
  std::thread reader([&] { ReadAcks(a, shared); });
  ready.count_down();
  go.wait();

  const uint64_t batch = static_cast<uint64_t>(o.batch);
  const uint64_t window = static_cast<uint64_t>(o.window) * batch;
  std::string error;
  v1::AgentMessage msg;
  for (uint64_t sent = a.base; sent < a.last && error.empty();) {
    const uint64_t end = std::min(sent + batch, a.last);
    // Refilled in place (Clear keeps the cleared results and their strings for reuse).
    msg.mutable_results()->mutable_results()->Clear();
    for (uint64_t s = sent + 1; s <= end; ++s) {
      factory.Fill(a.index, s, msg.mutable_results()->add_results());
    }
    {
      // Pipelining: at most `window` results unacknowledged, like the agent's uplink.
      std::unique_lock lock(a.mu);
      a.cv.wait(lock, [&] { return a.closed || end - a.acked <= window; });
      if (a.closed) error = "stream closed by the server";
    }
    if (error.empty() && !a.stream->Write(msg)) error = "write failed";
    sent = end;
  }
  {
    std::unique_lock lock(a.mu);
    a.cv.wait(lock, [&] { return a.closed || a.acked >= a.last; });
  }
  a.stream->WritesDone();
  reader.join();
  grpc::Status status = a.stream->Finish();
  {
    std::lock_guard lock(a.mu);
    if (error.empty() && a.acked < a.last) {
      error = "final ack " + std::to_string(a.acked) + " < " + std::to_string(a.last) + " (" +
              std::to_string(status.error_code()) + " " + status.error_message() + ")";
    }
  }
  finish(error);
}

}  // namespace

// Every terminal has its own connection; without a local subchannel pool, channels with equal
// settings would share one HTTP/2 connection and the server would see fewer, busier sockets.
std::shared_ptr<grpc::Channel> DeviceChannel(const StreamTarget& target, const Device& device) {
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = target.ca_pem;
  tls.pem_private_key = device.key_pem;
  tls.pem_cert_chain = device.cert_pem;
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(target.address, grpc::SslCredentials(tls), args);
}

v1::AgentMessage Hello(const std::string& hostname, uint64_t last_sequence) {
  v1::AgentMessage m;
  auto* facts = m.mutable_hello()->mutable_facts();
  facts->set_hostname(hostname);
  facts->set_os("Debian GNU/Linux 12");
  facts->set_agent_version("bench");
  facts->set_reader_name("ACS ACR39U ICC Reader 00 00");
  facts->set_extended_apdu(true);
  facts->set_terminal_name("ベンチ薬局1号機");
  m.mutable_hello()->set_last_sequence(last_sequence);
  return m;
}

ResultFactory::ResultFactory() {
  std::random_device rd;
  run_nonce_ = rd();
  base_seconds_ = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
}

v1::CheckResult ResultFactory::Make(int agent, uint64_t sequence) const {
  v1::CheckResult r;
  Fill(agent, sequence, &r);
  return r;
}

void ResultFactory::Fill(int agent, uint64_t sequence, v1::CheckResult* out) const {
  static constexpr const char* kNames[][2] = {{"山田 太郎", "ヤマダ タロウ"},
                                              {"佐藤 花子", "サトウ ハナコ"},
                                              {"鈴木 一郎", "スズキ イチロウ"},
                                              {"高橋 美咲", "タカハシ ミサキ"}};
  v1::CheckResult& r = *out;
  char id[40];
  // Version-4 shaped, unique per (run, agent, sequence).
  std::snprintf(id, sizeof id, "%08x-%04x-4000-8000-%012llx", run_nonce_,
                static_cast<unsigned>(agent) & 0xffff,
                static_cast<unsigned long long>(sequence) & 0xffffffffffffULL);
  r.set_check_id(id);
  r.set_sequence(sequence);
  // Checked within the last hour, as a day's results arriving in order.
  r.mutable_checked_at()->set_seconds(base_seconds_ - 3600 + static_cast<int64_t>(sequence % 3600));
  r.mutable_checked_at()->set_nanos(static_cast<int32_t>((agent * 7919 + sequence) % 1000000) *
                                    1000);
  r.set_mode(sequence % 2 ? v1::IDENTITY_MODE_VISUAL : v1::IDENTITY_MODE_PIN);
  r.set_route(v1::CHECK_ROUTE_COUNTER);
  r.set_source(v1::CHECK_SOURCE_CARD);
  r.set_outcome(v1::OUTCOME_ELIGIBLE);
  const auto& name = kNames[sequence % std::size(kNames)];
  v1::Eligibility* e = r.mutable_eligibility();
  e->set_insurer_number("06132013");
  e->set_insurer_name("全国健康保険協会東京支部");
  e->set_card_classification("01");
  e->set_insured_symbol("記号１２３");
  e->set_insured_number(std::to_string(1000000 + sequence % 9000000));
  e->set_insured_branch_number("01");
  e->set_personal_family(1);
  e->set_name(name[0]);
  e->set_name_kana(name[1]);
  e->set_sex(sequence % 2 ? v1::SEX_MALE : v1::SEX_FEMALE);
  e->set_birth_date("1980-04-01");
  e->set_address("東京都千代田区霞が関1-2-2");
  e->set_post_number("100-8916");
  e->set_qualification_date("2020-04-01");
  e->set_valid_from("2020-04-01");
  e->set_copayment_percent(30);
  e->set_insurer_kind("被用者保険");
  r.mutable_reader()->set_name("ACS ACR39U ICC Reader 00 00");
  r.mutable_reader()->set_extended_apdu(true);
  std::string* digest = r.mutable_certificate_digest();
  digest->resize(32);
  for (size_t i = 0; i < digest->size(); ++i) (*digest)[i] = static_cast<char>(sequence * 31 + i);
  r.set_certificate_not_after("2030-03-31");
  r.set_operator_name("受付 一");
  r.set_apdu_count(3);
  r.set_duration_ms(260);
}

int64_t ResultsFor(const LoadOptions& o, int agent) {
  return o.results / o.agents + (agent < o.results % o.agents ? 1 : 0);
}

Result<LoadReport> RunLoad(const StreamTarget& target, const std::vector<Device>& devices,
                           const ResultFactory& factory, const LoadOptions& o,
                           const std::function<bool()>& alive) {
  std::vector<std::unique_ptr<Agent>> agents;
  for (int i = 0; i < o.agents; ++i) {
    auto a = std::make_unique<Agent>();
    a->index = i;
    a->device = &devices[static_cast<size_t>(i) % devices.size()];
    a->last = static_cast<uint64_t>(ResultsFor(o, i));
    agents.push_back(std::move(a));
  }
  Shared shared;
  std::latch ready(o.agents), go(1);
  std::vector<std::thread> threads;
  for (auto& a : agents) {
    threads.emplace_back(
        [&, ap = a.get()] { RunAgent(*ap, target, factory, o, ready, go, shared); });
  }
  // The clock starts once every stream is open: handshakes are not ingest.
  ready.wait();
  const auto t0 = Clock::now();
  go.count_down();

  // Watch: all finished, or the server died, or no ack for stall_timeout.
  std::string abort_reason;
  {
    uint64_t seen = 0;
    auto last_progress = Clock::now();
    std::unique_lock lock(shared.mu);
    while (shared.finished < o.agents) {
      shared.cv.wait_for(lock, std::chrono::seconds(1));
      if (shared.finished == o.agents) break;
      if (shared.progress != seen) {
        seen = shared.progress;
        last_progress = Clock::now();
      }
      if (!alive()) {
        abort_reason = "the server process died";
      } else if (Clock::now() - last_progress > o.stall_timeout) {
        abort_reason = "no acknowledgement for " + std::to_string(o.stall_timeout.count()) +
                       " s (" + std::to_string(seen) + " results acked)";
      }
      if (!abort_reason.empty()) break;
    }
  }
  if (!abort_reason.empty()) {
    for (auto& a : agents) a->ctx.TryCancel();
  }
  for (auto& t : threads) t.join();

  LoadReport report;
  Clock::time_point end = t0;
  int failed = 0;
  std::string first_error;
  for (auto& a : agents) {
    report.acked += std::min(a->acked, a->last) - a->base;
    report.rejects += a->rejects;
    report.ack_messages += a->ack_messages;
    end = std::max(end, a->done_at);
    if (!a->error.empty()) {
      if (failed++ == 0) first_error = "agent " + std::to_string(a->index) + ": " + a->error;
    }
  }
  if (!abort_reason.empty() || failed > 0) {
    std::string msg = abort_reason.empty() ? "" : abort_reason + "; ";
    msg += std::to_string(failed) + " of " + std::to_string(o.agents) + " agents failed";
    if (!first_error.empty()) msg += " (" + first_error + ")";
    return MakeError(ErrorCode::kUnavailable, "bench.load", msg);
  }
  report.seconds = std::chrono::duration<double>(end - t0).count();
  return report;
}

// One held terminal stream on gRPC's callback API: no thread per stream, and it always has a
// read pending, so the server's messages are consumed and the end of the stream is seen when it
// happens. A hold keeps OnDone back until the stream is closed here or ends on its own, so that
// writes may be started from outside the reactor.
class IdleStream final : public grpc::ClientBidiReactor<v1::AgentMessage, v1::ServerMessage> {
 public:
  using Written = std::function<void(bool ok, double ms)>;

  IdleStream(std::shared_ptr<grpc::Channel> channel, size_t device, std::string hostname)
      : channel_(std::move(channel)), device_(device), hostname_(std::move(hostname)) {
    // Far beyond the bench's hold; only there so a silent server cannot block us forever.
    ctx_.set_deadline(std::chrono::system_clock::now() + std::chrono::hours(1));
    stub_ = v1::AgentService::NewStub(channel_);
    stub_->async()->Connect(&ctx_, this);
    AddHold();
    StartRead(&in_);
    StartCall();
  }

  size_t device() const { return device_; }

  // Blocks until the Welcome (then the Hello is on its way) or the end of the stream.
  bool WaitWelcome() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return welcomed_ || read_ended_; });
    return welcomed_;
  }

  // Queues a message; `written` runs when the transport took it or the stream ended first.
  // False when the stream has already ended.
  bool Send(v1::AgentMessage message, Written written) {
    std::lock_guard lock(mu_);
    if (hold_released_) return false;
    outq_.push_back({std::move(message), Clock::now(), std::move(written)});
    if (!writing_) StartNextWriteLocked();
    return true;
  }

  // Ends the stream from our side; what follows is not a drop.
  void Close() {
    {
      std::lock_guard lock(mu_);
      closing_ = true;
    }
    ctx_.TryCancel();
    std::lock_guard lock(mu_);
    ReleaseHoldLocked();
  }

  void WaitDone() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return done_; });
  }

  bool dropped() const {
    std::lock_guard lock(mu_);
    return dropped_;
  }

  // The stream's final status once it is done ("" before).
  std::string status_text() const {
    std::lock_guard lock(mu_);
    if (!done_) return "";
    return "code " + std::to_string(status_.error_code()) + " " + status_.error_message();
  }

  void OnReadDone(bool ok) override {
    std::lock_guard lock(mu_);
    if (!ok) {
      read_ended_ = true;
      // The server ended a stream we hold (or refused it before its Welcome).
      if (!closing_ && welcomed_) dropped_ = true;
      ReleaseHoldLocked();
      cv_.notify_all();
      return;
    }
    if (in_.has_welcome() && !welcomed_) {
      welcomed_ = true;
      outq_.push_back({Hello(hostname_, 0), Clock::now(), nullptr});
      if (!writing_) StartNextWriteLocked();
      cv_.notify_all();
    }
    StartRead(&in_);
  }

  void OnWriteDone(bool ok) override {
    std::lock_guard lock(mu_);
    writing_ = false;
    Pending sent = std::move(outq_.front());
    outq_.pop_front();
    if (sent.written) {
      sent.written(ok,
                   std::chrono::duration<double, std::milli>(Clock::now() - sent.queued).count());
    }
    if (!ok) {
      // The stream is over: nothing queued will be written.
      for (auto& p : outq_) {
        if (p.written) p.written(false, 0);
      }
      outq_.clear();
      return;
    }
    if (!outq_.empty()) StartNextWriteLocked();
  }

  void OnDone(const grpc::Status& status) override {
    std::lock_guard lock(mu_);
    status_ = status;
    done_ = true;
    cv_.notify_all();
  }

 private:
  struct Pending {
    v1::AgentMessage message;
    Clock::time_point queued;
    Written written;
  };

  void StartNextWriteLocked() {
    writing_ = true;
    StartWrite(&outq_.front().message);
  }

  void ReleaseHoldLocked() {
    if (hold_released_) return;
    hold_released_ = true;
    RemoveHold();
  }

  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::AgentService::Stub> stub_;
  grpc::ClientContext ctx_;
  const size_t device_;
  const std::string hostname_;
  v1::ServerMessage in_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> outq_;
  bool writing_ = false, welcomed_ = false, read_ended_ = false, closing_ = false, dropped_ = false,
       hold_released_ = false, done_ = false;
  grpc::Status status_;
};

namespace {

// The p-th percentile (0..100) of `v` (sorted here), nearest rank.
double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t rank = static_cast<size_t>(std::ceil(p / 100 * static_cast<double>(v.size())));
  return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

// A heartbeat with the fields the agent fills (uplink_loop.cpp MakeHeartbeat).
v1::AgentMessage IdleHeartbeat(uint64_t outbox_depth) {
  v1::AgentMessage m;
  auto* hb = m.mutable_heartbeat();
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  hb->mutable_sent_at()->set_seconds(std::chrono::duration_cast<std::chrono::seconds>(now).count());
  hb->set_outbox_depth(outbox_depth);
  hb->set_reader_status("ready");
  hb->set_extended_apdu(true);
  hb->set_agent_version("bench");
  return m;
}

}  // namespace

IdleStreams::IdleStreams() = default;

IdleStreams::~IdleStreams() { Close(); }

void IdleStreams::Open(const StreamTarget& target, const std::vector<Device>& devices, int n,
                       int threads) {
  std::mutex mu;
  std::atomic<int> next{0};
  std::atomic<bool> stop{false};
  const auto t0 = Clock::now();
  auto open_some = [&] {
    while (!stop) {
      const int k = next++;
      if (k >= n) return;
      const size_t device = static_cast<size_t>(k) % devices.size();
      auto s = std::make_unique<IdleStream>(DeviceChannel(target, devices[device]), device,
                                            "bench-idle-" + std::to_string(k));
      if (!s->WaitWelcome()) {
        s->WaitDone();
        std::lock_guard lock(mu);
        if (!stop.exchange(true)) {
          why_stopped_ = "stream " + std::to_string(k + 1) + " refused: " + s->status_text();
        }
        return;
      }
      std::lock_guard lock(mu);
      held_.push_back(std::move(s));
    }
  };
  std::vector<std::thread> pool;
  for (int i = 0; i < std::max(1, threads); ++i) pool.emplace_back(open_some);
  for (auto& t : pool) t.join();
  open_seconds_ = std::chrono::duration<double>(Clock::now() - t0).count();
}

IdleStreams::HeartbeatReport IdleStreams::Heartbeats(int every, int rounds,
                                                     std::chrono::milliseconds pace,
                                                     const std::function<double()>& outbox_view,
                                                     std::chrono::milliseconds view_timeout) {
  HeartbeatReport report;
  std::vector<IdleStream*> sample;
  std::vector<bool> seen_device;
  for (size_t i = 0; i < held_.size(); i += static_cast<size_t>(std::max(1, every))) {
    sample.push_back(held_[i].get());
    const size_t d = held_[i]->device();
    if (d >= seen_device.size()) seen_device.resize(d + 1, false);
    if (!seen_device[d]) ++report.devices;
    seen_device[d] = true;
  }
  report.sampled = sample.size();
  if (sample.empty()) return report;

  std::mutex mu;
  std::condition_variable cv;
  std::vector<double> write_ms, view_ms;
  int64_t pending = 0;
  for (int r = 1; r <= rounds; ++r) {
    const auto round_start = Clock::now();
    const uint64_t depth = 1000 + static_cast<uint64_t>(r);
    for (IdleStream* s : sample) {
      {
        std::lock_guard lock(mu);
        ++pending;
      }
      ++report.sent;
      bool queued = s->Send(IdleHeartbeat(depth), [&](bool ok, double ms) {
        std::lock_guard lock(mu);
        if (ok) {
          ++report.written;
          write_ms.push_back(ms);
        }
        --pending;
        cv.notify_all();
      });
      if (!queued) {
        std::lock_guard lock(mu);
        --pending;
      }
    }
    {
      // Every heartbeat of the round written (or its stream ended): then the server's view.
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return pending == 0; });
    }
    ++report.rounds;
    // Every sampled device now reports `depth`; the others reported 0 in their Hello.
    const double expected = static_cast<double>(depth * report.devices);
    const auto deadline = round_start + view_timeout;
    while (true) {
      report.last_view = outbox_view();
      if (report.last_view == expected) {
        ++report.rounds_seen;
        view_ms.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - round_start).count());
        break;
      }
      if (Clock::now() >= deadline) break;
      // Polling the server's gauge (a database read each time): often enough for the
      // once-a-second flush of heartbeats to show within a few percent.
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    // The fleet's pace: the next round no earlier than `pace` after this one began.
    std::this_thread::sleep_until(round_start + pace);
  }
  report.write_p50_ms = Percentile(write_ms, 50);
  report.write_p99_ms = Percentile(write_ms, 99);
  report.write_max_ms = write_ms.empty() ? 0 : write_ms.back();
  report.view_p50_ms = Percentile(view_ms, 50);
  report.view_p99_ms = Percentile(view_ms, 99);
  report.view_max_ms = view_ms.empty() ? 0 : view_ms.back();
  return report;
}

size_t IdleStreams::dropped() const {
  size_t n = 0;
  for (const auto& s : held_) n += s->dropped() ? 1 : 0;
  return n;
}

std::string IdleStreams::first_drop() const {
  for (const auto& s : held_) {
    if (!s->dropped()) continue;
    std::string status = s->status_text();
    return status.empty() ? "the server ended the stream" : status;
  }
  return "";
}

void IdleStreams::Close() {
  for (auto& s : held_) s->Close();
  for (auto& s : held_) s->WaitDone();
  held_.clear();
}

}  // namespace kakunin::bench
