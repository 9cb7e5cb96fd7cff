#pragma once
// What stands between a stranger and the password hash. Argon2id is meant to be expensive (64
// MiB and ~0.1 s of a core per attempt), so unbounded login attempts are a way to starve the
// server: 32 concurrent wrong logins once took 1.1 GiB and slowed every terminal's ack from 8 ms
// to seconds. The gate
// - lets at most `max_hashing` hashes run at once and `max_waiting` wait for a turn (beyond that
//   an attempt is refused at once as busy, without hashing);
// - counts failed attempts per source (ThrottleKey) and per login name over a sliding minute and
//   refuses further attempts from either once its limit is reached, before any hashing.
// Thread-safe. Memory is bounded: at most `max_tracked` sources and logins are remembered.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace kakunin::server {

struct LoginGateOptions {
  int max_hashing = 1;
  int max_waiting = 16;
  std::chrono::milliseconds max_wait{3000};
  int failures_per_source = 20;  // per sliding minute
  int failures_per_login = 10;   // per sliding minute (the account lockout comes at 5)
  // Successful logins per account and sliding minute, from anywhere: whoever holds a valid
  // password (a branch PC's saved one, say) cannot loop logins and keep the hash slot from
  // every other console. A console logs in once per session.
  int logins_per_account = 60;
  size_t max_tracked = 50000;
};

class LoginGate {
 public:
  using Clock = std::chrono::steady_clock;
  explicit LoginGate(LoginGateOptions options = {}) : options_(options) {}

  enum class Verdict { kAllowed, kSourceThrottled, kLoginThrottled, kTooManyLogins };
  // Whether an attempt from `source` for `login` may go on to the password check. `first` is
  // set when this refusal is the first of the current window for that key (audit it once).
  // `by_login` false: the source's limit only (an address the account is known at, whose
  // owner a stranger's failures on the name must not keep out).
  // `count_as_failure`: an attempt known to fail (a login with no account) is counted when it is
  // allowed, in the same step, so that attempts sent together cannot all pass the check first.
  Verdict Check(const std::string& source, const std::string& login, bool* first = nullptr,
                bool by_login = true, bool count_as_failure = false);
  void NoteFailure(const std::string& source, const std::string& login);
  void NoteSuccess(const std::string& login);

  // A turn at the hash. Empty (false) when too many are hashing and waiting already, or the
  // wait was too long.
  class Slot {
   public:
    Slot() = default;
    Slot(Slot&& o) noexcept : gate_(o.gate_) { o.gate_ = nullptr; }
    Slot& operator=(Slot&& o) noexcept {
      if (this != &o) {
        Release();
        gate_ = o.gate_;
        o.gate_ = nullptr;
      }
      return *this;
    }
    ~Slot() { Release(); }
    explicit operator bool() const { return gate_ != nullptr; }

   private:
    friend class LoginGate;
    explicit Slot(LoginGate* gate) : gate_(gate) {}
    void Release();
    LoginGate* gate_ = nullptr;
  };
  Slot AcquireHashSlot();

  // Counters for /metrics.
  uint64_t refused_busy() const;
  uint64_t refused_throttled() const;
  uint64_t failures() const;
  std::string RenderMetrics() const;

 private:
  struct Window {
    std::deque<Clock::time_point> failures;
    bool refusal_reported = false;
  };
  // Drops failures older than a minute; true when `limit` or more remain.
  static bool OverLimit(Window& w, int limit, Clock::time_point now);
  void PruneLocked(std::unordered_map<std::string, Window>& map, Clock::time_point now);
  void NoteFailureLocked(const std::string& source, const std::string& login,
                         Clock::time_point now);

  LoginGateOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  int hashing_ = 0, waiting_ = 0;
  std::unordered_map<std::string, Window> by_source_, by_login_;
  std::unordered_map<std::string, Window> successes_;  // by login; `failures` holds the times
  uint64_t refused_busy_ = 0, refused_throttled_ = 0, failures_ = 0;
};

// "ipv4:127.0.0.1:5555" / "ipv6:[::1]:5555" → the address without the port.
std::string PeerAddress(const std::string& grpc_peer);

// Who a call comes from, for the limits above and the audit trail: the peer's address (an
// IPv4-mapped IPv6 address as IPv4). A connection from one of `trusted_proxies` (HAProxy in TCP
// mode, deploy/cluster) carries no client address: every client would share the proxy's, so
// twenty strangers' failures would lock every console out. Such a connection is its own source,
// "ADDRESS:PORT via proxy"; how often one client may connect is the proxy's limit.
std::string ClientSource(const std::string& grpc_peer,
                         const std::vector<std::string>& trusted_proxies);
// What the per-source limit counts `source` under: an IPv6 address by its /64 (one subscriber's
// network, which hands its hosts any address in it), anything else as it is.
std::string ThrottleKey(const std::string& source);

}  // namespace kakunin::server
