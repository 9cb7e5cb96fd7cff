#include "server/auth/login_gate.h"

#include <arpa/inet.h>

#include <algorithm>

namespace kakunin::server {

bool LoginGate::OverLimit(Window& w, int limit, Clock::time_point now) {
  while (!w.failures.empty() && now - w.failures.front() > std::chrono::minutes(1)) {
    w.failures.pop_front();
  }
  if (w.failures.empty()) w.refusal_reported = false;
  return static_cast<int>(w.failures.size()) >= limit;
}

void LoginGate::PruneLocked(std::unordered_map<std::string, Window>& map, Clock::time_point now) {
  if (map.size() < options_.max_tracked) return;
  for (auto it = map.begin(); it != map.end();) {
    OverLimit(it->second, 1, now);
    it = it->second.failures.empty() ? map.erase(it) : std::next(it);
  }
  // Still full of live entries (a spray of names): forget the lot rather than grow; the
  // per-source limit and the account lockout still hold.
  if (map.size() >= options_.max_tracked) map.clear();
}

LoginGate::Verdict LoginGate::Check(const std::string& source, const std::string& login,
                                    bool* first, bool by_login, bool count_as_failure) {
  std::lock_guard lock(mu_);
  auto now = Clock::now();
  auto refuse = [&](Window& w, Verdict v) {
    ++refused_throttled_;
    if (first) *first = !w.refusal_reported;
    w.refusal_reported = true;
    return v;
  };
  if (auto it = by_source_.find(ThrottleKey(source));
      it != by_source_.end() && OverLimit(it->second, options_.failures_per_source, now)) {
    return refuse(it->second, Verdict::kSourceThrottled);
  }
  if (auto it = by_login ? by_login_.find(login) : by_login_.end();
      it != by_login_.end() && OverLimit(it->second, options_.failures_per_login, now)) {
    return refuse(it->second, Verdict::kLoginThrottled);
  }
  // Held from known addresses too: it is the holder of the password who loops.
  if (auto it = successes_.find(login);
      it != successes_.end() && OverLimit(it->second, options_.logins_per_account, now)) {
    return refuse(it->second, Verdict::kTooManyLogins);
  }
  if (count_as_failure) NoteFailureLocked(source, login, now);
  return Verdict::kAllowed;
}

void LoginGate::NoteSuccess(const std::string& login) {
  std::lock_guard lock(mu_);
  auto now = Clock::now();
  PruneLocked(successes_, now);
  Window& w = successes_[login];
  // A new window's first refusal is audited again.
  if (!OverLimit(w, options_.logins_per_account, now)) w.refusal_reported = false;
  w.failures.push_back(now);
}

void LoginGate::NoteFailure(const std::string& source, const std::string& login) {
  std::lock_guard lock(mu_);
  NoteFailureLocked(source, login, Clock::now());
}

void LoginGate::NoteFailureLocked(const std::string& source, const std::string& login,
                                  Clock::time_point now) {
  ++failures_;
  PruneLocked(by_source_, now);
  PruneLocked(by_login_, now);
  by_source_[ThrottleKey(source)].failures.push_back(now);
  by_login_[login].failures.push_back(now);
}

LoginGate::Slot LoginGate::AcquireHashSlot() {
  std::unique_lock lock(mu_);
  if (hashing_ >= options_.max_hashing && waiting_ >= options_.max_waiting) {
    ++refused_busy_;
    return Slot();
  }
  ++waiting_;
  bool got = cv_.wait_for(lock, options_.max_wait, [&] { return hashing_ < options_.max_hashing; });
  --waiting_;
  if (!got) {
    ++refused_busy_;
    return Slot();
  }
  ++hashing_;
  return Slot(this);
}

void LoginGate::Slot::Release() {
  if (!gate_) return;
  {
    std::lock_guard lock(gate_->mu_);
    --gate_->hashing_;
  }
  gate_->cv_.notify_one();
  gate_ = nullptr;
}

uint64_t LoginGate::refused_busy() const {
  std::lock_guard lock(mu_);
  return refused_busy_;
}
uint64_t LoginGate::refused_throttled() const {
  std::lock_guard lock(mu_);
  return refused_throttled_;
}
uint64_t LoginGate::failures() const {
  std::lock_guard lock(mu_);
  return failures_;
}

std::string LoginGate::RenderMetrics() const {
  std::lock_guard lock(mu_);
  return "# HELP kakunin_login_failures_total Failed console logins (wrong, unknown, locked, "
         "malformed).\n# TYPE kakunin_login_failures_total counter\nkakunin_login_failures_total " +
         std::to_string(failures_) +
         "\n# HELP kakunin_login_refused_total Logins refused before the password check.\n"
         "# TYPE kakunin_login_refused_total counter\n"
         "kakunin_login_refused_total{why=\"throttled\"} " +
         std::to_string(refused_throttled_) + "\nkakunin_login_refused_total{why=\"busy\"} " +
         std::to_string(refused_busy_) + "\n";
}

std::string PeerAddress(const std::string& peer) {
  std::string rest = peer;
  if (auto colon = rest.find(':');
      colon != std::string::npos && (rest.rfind("ipv4:", 0) == 0 || rest.rfind("ipv6:", 0) == 0)) {
    rest = rest.substr(colon + 1);
  }
  if (!rest.empty() && rest.front() == '[') {
    auto close = rest.find(']');
    return close == std::string::npos ? rest : rest.substr(1, close - 1);
  }
  if (auto colon = rest.rfind(':'); colon != std::string::npos) return rest.substr(0, colon);
  return rest;
}

std::string ClientSource(const std::string& grpc_peer,
                         const std::vector<std::string>& trusted_proxies) {
  std::string address = PeerAddress(grpc_peer);
  if (address.rfind("::ffff:", 0) == 0 && address.find('.') != std::string::npos) {
    address = address.substr(7);
  }
  if (std::find(trusted_proxies.begin(), trusted_proxies.end(), address) == trusted_proxies.end()) {
    return address;
  }
  const auto port = grpc_peer.rfind(':');
  return address + ":" + (port == std::string::npos ? "?" : grpc_peer.substr(port + 1)) +
         " via proxy";
}

std::string ThrottleKey(const std::string& source) {
  if (source.find(' ') != std::string::npos || source.find(':') == std::string::npos) {
    return source;
  }
  const std::string bare = source.substr(0, source.find('%'));  // no zone (fe80::1%eth0)
  in6_addr a{};
  if (inet_pton(AF_INET6, bare.c_str(), &a) != 1) return source;
  std::fill(a.s6_addr + 8, a.s6_addr + 16, 0);
  char text[INET6_ADDRSTRLEN] = {};
  if (!inet_ntop(AF_INET6, &a, text, sizeof text)) return source;
  return std::string(text) + "/64";
}

}  // namespace kakunin::server
