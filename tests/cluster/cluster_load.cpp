#include "tests/cluster/cluster_load.h"

#include <algorithm>
#include <random>

namespace kakunin::testing {

LoadTerminal::LoadTerminal(TestTerminal identity, std::string address, int batch,
                           std::chrono::milliseconds interval, uint64_t seed)
    : identity_(std::move(identity)),
      address_(std::move(address)),
      batch_(batch),
      interval_(interval),
      seed_(seed) {}

LoadTerminal::~LoadTerminal() { Stop(); }

void LoadTerminal::Start() {
  thread_ = std::thread([this] { Run(); });
}

void LoadTerminal::StopProducing() { producing_ = false; }

bool LoadTerminal::Drain(std::chrono::seconds timeout) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return acked_ >= check_ids_.size(); });
}

void LoadTerminal::Stop() {
  producing_ = false;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    if (current_) current_->TryCancel();
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

uint64_t LoadTerminal::produced() {
  std::lock_guard lock(mu_);
  return check_ids_.size();
}
uint64_t LoadTerminal::acked() {
  std::lock_guard lock(mu_);
  return acked_;
}
std::vector<std::string> LoadTerminal::CheckIds() {
  std::lock_guard lock(mu_);
  return check_ids_;
}
std::vector<AckedBatch> LoadTerminal::Acks() {
  std::lock_guard lock(mu_);
  return acks_;
}
std::vector<StreamBreak> LoadTerminal::Breaks() {
  std::lock_guard lock(mu_);
  return breaks_;
}

void LoadTerminal::Run() {
  std::mt19937_64 rng(seed_);
  auto backoff = std::chrono::milliseconds(100);
  while (!stopping_) {
    const bool welcomed = Session();
    if (stopping_) break;
    {
      std::lock_guard lock(mu_);
      if (acked_ >= check_ids_.size() && !producing_) break;  // drained
    }
    if (welcomed) backoff = std::chrono::milliseconds(100);
    // Jitter: between half and the whole backoff, so that terminals cut together do not
    // all come back in the same instant.
    std::uniform_int_distribution<int64_t> jitter(backoff.count() / 2, backoff.count());
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::milliseconds(jitter(rng)), [&] { return stopping_.load(); });
    backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
  }
}

bool LoadTerminal::Session() {
  auto stub = v1::AgentService::NewStub(identity_.Channel(address_));
  grpc::ClientContext ctx;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return false;
    current_ = &ctx;
  }
  auto stream = stub->Connect(&ctx);
  auto end_session = [&](bool welcomed) {
    {
      std::lock_guard lock(mu_);
      current_ = nullptr;
      if (welcomed && !stopping_) breaks_.push_back({Clock::now(), {}});
    }
    ctx.TryCancel();
    (void)stream->Finish();
  };
  v1::ServerMessage m;
  if (!stream->Read(&m) || !m.has_welcome()) {
    end_session(false);
    return false;
  }
  {
    std::lock_guard lock(mu_);
    if (!breaks_.empty() && breaks_.back().welcomed_at == Clock::time_point{}) {
      breaks_.back().welcomed_at = Clock::now();
    }
    // Results stored while the terminal was away are acknowledged by the Welcome: they count
    // as a (late) ack of what was in flight.
    const uint64_t welcome_acked =
        std::min<uint64_t>(m.welcome().acked_sequence(), check_ids_.size());
    if (welcome_acked > acked_) {
      acks_.push_back({first_sent_[acked_], Clock::now(), welcome_acked,
                       static_cast<int>(welcome_acked - acked_)});
      acked_ = welcome_acked;
    }
    cv_.notify_all();
  }
  auto next_tick = Clock::now();
  while (!stopping_) {
    // What to send: everything produced and not acknowledged (a resend after a break reuses the
    // same check ids), plus a new batch when it is time.
    v1::AgentMessage out;
    uint64_t last = 0;
    Clock::time_point first_sent;
    {
      std::lock_guard lock(mu_);
      if (producing_ && Clock::now() >= next_tick) {
        for (int i = 0; i < batch_; ++i) {
          check_ids_.push_back(TestTerminal::NewCheckId());
          first_sent_.push_back(Clock::now());
        }
        next_tick += interval_;
      }
      for (uint64_t s = acked_ + 1; s <= check_ids_.size(); ++s) {
        *out.mutable_results()->add_results() = TestTerminal::MakeResult(s, check_ids_[s - 1]);
        last = s;
      }
      if (last == 0 && !producing_) {
        current_ = nullptr;
        ctx.TryCancel();
        (void)stream->Finish();
        return true;  // drained
      }
      if (last) first_sent = first_sent_[acked_];
    }
    if (last) {
      if (!stream->Write(out)) {
        end_session(true);
        return true;
      }
      uint64_t seen = 0;
      while (seen < last) {
        if (!stream->Read(&m)) {
          end_session(true);
          return true;
        }
        if (m.has_ack()) seen = std::max(seen, m.ack().up_to_sequence());
      }
      std::lock_guard lock(mu_);
      if (seen > acked_) {
        acks_.push_back({first_sent, Clock::now(), seen, static_cast<int>(seen - acked_)});
        acked_ = seen;
        cv_.notify_all();
      }
    }
    // Pacing of the load (not synchronisation): the next batch is due at next_tick.
    std::unique_lock lock(mu_);
    cv_.wait_until(lock, next_tick, [&] { return stopping_.load(); });
  }
  end_session(false);
  return true;
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t i = static_cast<size_t>(p / 100.0 * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(i, values.size() - 1)];
}

}  // namespace kakunin::testing
