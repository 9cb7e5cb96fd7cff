#include "bench/ingest/watch_latency.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <iostream>
#include <latch>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "kakunin/v1/console.grpc.pb.h"

namespace kakunin::bench {
namespace {

using Clock = std::chrono::steady_clock;
using google::protobuf::util::TimeUtil;

constexpr char kWatchLogin[] = "bench-watch";
constexpr char kWatchPassword[] = "Kakunin2026-watch";

void Progress(const std::string& line) { std::cerr << "[ingest-bench] " << line << std::endl; }

// One result's times. Steady-clock times are this process's; received_at is the server's
// wall clock (same machine), so that leg is measured against the wall clock at sending.
struct Sample {
  Clock::time_point sent{}, acked{}, watched{};
  int64_t sent_wall_us = 0;
  int64_t received_us = 0;  // the row's received_at: the server's transaction start
  int seen = 0;             // watch events for it: must end at exactly 1
};

int64_t WallMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// Every sample of the phase, found by check id from the watcher's thread.
struct Ledger {
  std::mutex mu;
  std::condition_variable cv;
  std::unordered_map<std::string, Sample*> by_id;
  int64_t seen = 0, duplicates = 0, foreign = 0, acked = 0;
};

// One paced terminal: a result per message every `interval`, from the sequence after what the
// server already acknowledged for its device (the end-to-end phase used the same devices).
struct PacedAgent {
  int index = 0;
  const Device* device = nullptr;
  grpc::ClientContext ctx;
  std::unique_ptr<grpc::ClientReaderWriter<v1::AgentMessage, v1::ServerMessage>> stream;
  uint64_t first = 0;  // first sequence of this phase
  std::vector<Sample> samples;
  std::string error;
};

Status Open(PacedAgent& a, const StreamTarget& target) {
  auto stub = v1::AgentService::NewStub(DeviceChannel(target, *a.device));
  a.stream = stub->Connect(&a.ctx);
  v1::ServerMessage m;
  if (!a.stream->Read(&m) || !m.has_welcome()) {
    grpc::Status s = a.stream->Finish();
    return MakeError(ErrorCode::kUnavailable, "bench.latency", "no Welcome: " + s.error_message());
  }
  a.first = m.welcome().acked_sequence() + 1;
  a.stream->Write(Hello("bench-latency-" + std::to_string(a.index), a.first - 1));
  return OkStatus();
}

// Acks move each sample's `acked`; the stream's end stops the reader.
void ReadAcks(PacedAgent& a, Ledger& ledger) {
  v1::ServerMessage m;
  uint64_t acked = a.first - 1;
  while (a.stream->Read(&m)) {
    if (!m.has_ack() || m.ack().up_to_sequence() <= acked) continue;
    const auto now = Clock::now();
    const uint64_t upto = m.ack().up_to_sequence();
    std::lock_guard lock(ledger.mu);
    for (uint64_t s = acked + 1; s <= upto && s - a.first < a.samples.size(); ++s) {
      a.samples[s - a.first].acked = now;
      ++ledger.acked;
    }
    acked = upto;
    ledger.cv.notify_all();
  }
}

void Send(PacedAgent& a, int agents, const ResultFactory& factory, Clock::time_point t0,
          Clock::duration interval, Ledger& ledger) {
  // Terminals are spread over the interval so the fleet's rate is even, not in bursts.
  const auto offset = interval * a.index / agents;
  for (size_t i = 0; i < a.samples.size(); ++i) {
    std::this_thread::sleep_until(t0 + offset + interval * static_cast<int64_t>(i));  // pacing
    v1::AgentMessage msg;
    v1::CheckResult* r = msg.mutable_results()->add_results();
    *r = factory.Make(a.index, a.first + i);
    Sample& s = a.samples[i];
    {
      std::lock_guard lock(ledger.mu);
      ledger.by_id[r->check_id()] = &s;
      s.sent_wall_us = WallMicros();
      s.sent = Clock::now();
    }
    if (!a.stream->Write(msg)) {
      a.error = "write failed after " + std::to_string(i) + " results";
      return;
    }
  }
}

// The HQ console's watch: each result event is matched to its sample.
void Watch(grpc::ClientReader<v1::WatchEvent>& reader, Ledger& ledger) {
  v1::WatchEvent e;
  while (reader.Read(&e)) {
    if (!e.has_result()) continue;
    const auto now = Clock::now();
    std::lock_guard lock(ledger.mu);
    auto it = ledger.by_id.find(e.result().check_id());
    if (it == ledger.by_id.end()) {
      ++ledger.foreign;
      continue;
    }
    Sample& s = *it->second;
    if (s.seen++ > 0) {
      ++ledger.duplicates;
      continue;
    }
    s.watched = now;
    s.received_us = TimeUtil::TimestampToMicroseconds(e.result().received_at());
    ++ledger.seen;
    ledger.cv.notify_all();
  }
}

Result<std::unique_ptr<v1::ConsoleService::Stub>> LoginHq(BenchRig& rig, std::string* token) {
  KAKUNIN_RETURN_IF_ERROR(rig.CreateConsoleAdmin(kWatchLogin, kWatchPassword));
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = rig.target().ca_pem;
  auto stub = v1::ConsoleService::NewStub(
      grpc::CreateChannel(rig.target().address, grpc::SslCredentials(tls)));
  v1::LoginRequest req;
  req.set_login(kWatchLogin);
  req.set_password(kWatchPassword);
  v1::LoginResponse resp;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  if (grpc::Status s = stub->Login(&ctx, req, &resp); !s.ok()) {
    return MakeError(ErrorCode::kUnavailable, "bench.latency", "login: " + s.error_message());
  }
  *token = resp.session_token();
  return stub;
}

// Commits of this phase from the server's cumulative metrics.
void ServerDelta(const std::map<std::string, double>& before,
                 const std::map<std::string, double>& after, LatencyReport& r) {
  auto d = [&](const std::string& k) {
    auto a = after.find(k), b = before.find(k);
    return (a == after.end() ? 0 : a->second) - (b == before.end() ? 0 : b->second);
  };
  r.commits = d("kakunin_ingest_commit_seconds_count");
  r.mean_commit_ms = r.commits > 0 ? 1000 * d("kakunin_ingest_commit_seconds_sum") / r.commits : 0;
  const double batches = d("kakunin_ingest_batch_results_count");
  r.mean_batch = batches > 0 ? d("kakunin_ingest_batch_results_sum") / batches : 0;
  r.commits_over_50ms = r.commits - d("kakunin_ingest_commit_seconds_bucket{le=\"0.05\"}");
  const std::string prefix = "kakunin_ingest_step_seconds_total{step=\"";
  for (const auto& [key, value] : after) {
    if (key.rfind(prefix, 0) != 0 || r.commits <= 0) continue;
    const std::string step = key.substr(prefix.size(), key.size() - prefix.size() - 2);
    r.step_ms.emplace_back(step, 1000 * d(key) / r.commits);
  }
}

}  // namespace

Percentiles PercentilesOf(std::vector<double> ms) {
  Percentiles p;
  p.n = ms.size();
  if (ms.empty()) return p;
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) {
    return ms[std::min(ms.size() - 1, static_cast<size_t>(q * static_cast<double>(ms.size())))];
  };
  p.p50 = at(0.50);
  p.p95 = at(0.95);
  p.p99 = at(0.99);
  p.max = ms.back();
  return p;
}

Result<LatencyReport> RunWatchLatency(BenchRig& rig, const std::vector<Device>& devices,
                                      const ResultFactory& factory, const LatencyOptions& o) {
  if (static_cast<size_t>(o.agents) > devices.size()) {
    // Two streams of one device would race for its sequences.
    return MakeError(ErrorCode::kInvalidArgument, "bench.latency",
                     "more latency agents than enrolled terminals");
  }
  const auto interval = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(static_cast<double>(o.agents) / o.rate));
  const size_t per_agent = static_cast<size_t>(std::max(1.0, o.seconds * o.rate / o.agents));
  Progress("latency: " + std::to_string(o.agents) + " agents x " + std::to_string(per_agent) +
           " results, " + std::to_string(o.rate) + "/s in total, HQ watching");

  // The watcher first: its headers arrive once the server has subscribed it.
  std::string token;
  KAKUNIN_ASSIGN_OR_RETURN(auto console, LoginHq(rig, &token));
  grpc::ClientContext watch_ctx;
  watch_ctx.AddMetadata("authorization", "Bearer " + token);
  v1::WatchRequest wreq;
  auto reader = console->Watch(&watch_ctx, wreq);
  reader->WaitForInitialMetadata();
  Ledger ledger;
  std::thread watcher([&] { Watch(*reader, ledger); });

  std::vector<std::unique_ptr<PacedAgent>> agents;
  Status opened = OkStatus();
  for (int i = 0; i < o.agents && opened.ok(); ++i) {
    auto a = std::make_unique<PacedAgent>();
    a->index = i;
    a->device = &devices[static_cast<size_t>(i)];
    a->samples.resize(per_agent);
    opened = Open(*a, rig.target());
    agents.push_back(std::move(a));
  }
  std::vector<std::thread> readers, senders;
  if (opened.ok()) {
    for (auto& a : agents) readers.emplace_back([&, ap = a.get()] { ReadAcks(*ap, ledger); });
  }
  const int64_t total = static_cast<int64_t>(per_agent) * o.agents;
  auto before = rig.Metrics();
  const CpuSeconds cpu0 = rig.Cpu();
  const auto t0 = Clock::now() + std::chrono::milliseconds(100);
  if (opened.ok()) {
    for (auto& a : agents) {
      senders.emplace_back(
          [&, ap = a.get()] { Send(*ap, o.agents, factory, t0, interval, ledger); });
    }
  }
  for (auto& t : senders) t.join();
  LatencyReport report;
  report.send_seconds = Ms(Clock::now() - t0) / 1000;
  // Wait (on the ledger, not a sleep) for every ack and event, or the drain time.
  {
    std::unique_lock lock(ledger.mu);
    ledger.cv.wait_for(lock, o.drain, [&] {
      return (ledger.seen >= total && ledger.acked >= total) || !rig.ServerRunning();
    });
  }
  report.cpu = rig.Cpu() - cpu0;
  auto after = rig.Metrics();
  if (before.ok() && after.ok()) ServerDelta(*before, *after, report);
  for (auto& a : agents) {
    a->ctx.TryCancel();
  }
  watch_ctx.TryCancel();
  for (auto& t : readers) t.join();
  for (auto& a : agents) {
    if (a->stream) (void)a->stream->Finish();
  }
  watcher.join();
  (void)reader->Finish();
  if (!opened.ok()) return opened.error();

  std::string errors;
  std::vector<double> total_ms, to_tx, tx_ack, ack_watch;
  for (auto& a : agents) {
    if (!a->error.empty() && errors.empty()) {
      errors = "agent " + std::to_string(a->index) + ": " + a->error;
    }
    for (const Sample& s : a->samples) {
      if (s.sent == Clock::time_point{}) continue;
      ++report.sent;
      if (s.seen != 1) continue;
      total_ms.push_back(Ms(s.watched - s.sent));
      to_tx.push_back(static_cast<double>(s.received_us - s.sent_wall_us) / 1000);
      if (s.acked != Clock::time_point{}) {
        const double sent_to_ack = Ms(s.acked - s.sent);
        tx_ack.push_back(sent_to_ack - to_tx.back());
        ack_watch.push_back(Ms(s.watched - s.acked));
      }
    }
  }
  report.seen = ledger.seen;
  report.total = PercentilesOf(total_ms);
  report.to_tx = PercentilesOf(to_tx);
  report.tx_to_ack = PercentilesOf(tx_ack);
  report.ack_to_watch = PercentilesOf(ack_watch);
  if (!errors.empty() || report.sent != total || ledger.seen != total || ledger.duplicates != 0 ||
      ledger.foreign != 0 || ledger.acked != total) {
    return MakeError(ErrorCode::kDataLoss, "bench.latency",
                     "expected " + std::to_string(total) + " results each seen once: sent " +
                         std::to_string(report.sent) + ", acked " + std::to_string(ledger.acked) +
                         ", seen " + std::to_string(ledger.seen) + ", seen twice " +
                         std::to_string(ledger.duplicates) + ", not ours " +
                         std::to_string(ledger.foreign) + (errors.empty() ? "" : "; " + errors));
  }
  Progress("latency: p50 " + std::to_string(report.total.p50) + " ms, p99 " +
           std::to_string(report.total.p99) + " ms");
  return report;
}

}  // namespace kakunin::bench
