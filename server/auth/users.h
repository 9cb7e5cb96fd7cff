#pragma once
// Console users: Argon2id password hashes, the portal's password rule (8–100 characters with an
// upper-case letter, a lower-case letter and a digit), lockout after repeated failures, and
// sessions that expire. Session tokens are random; only their SHA-256 is stored.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/core/result.h"
#include "server/auth/login_gate.h"
#include "server/storage/pool.h"

namespace kakunin::server {

enum class Role { kHqAdmin, kBranchManager, kAuditor, kStaff };
std::string RoleName(Role role);
Result<Role> ParseRole(const std::string& name);

struct UserInfo {
  std::string user_id;
  std::string login;
  std::string display_name;
  Role role = Role::kStaff;
  std::vector<std::string> site_ids;
};

// A user as administrators see it.
struct UserRecord {
  UserInfo info;
  bool locked = false;  // locked out after failed logins, until unlocked or the lockout ends
  bool disabled = false;
  int64_t last_login_us = 0;  // 0 = never
};

// What UpdateUser changes; unset fields stay as they are.
struct UserChange {
  std::optional<Role> role;
  std::optional<std::vector<std::string>> site_ids;
  std::optional<bool> disabled;
  bool unlock = false;
  std::string new_password;  // empty = unchanged
};

struct Session {
  std::string token;  // shown to the client once
  std::chrono::system_clock::time_point expires_at;
  UserInfo user;
};

struct AuthPolicy {
  int max_failed_logins = 5;
  std::chrono::minutes lockout{15};
  std::chrono::minutes session_ttl{480};
};

Status CheckPasswordRule(const std::string& password);
Result<std::string> HashPassword(const std::string& password);
bool VerifyPassword(const std::string& encoded_hash, const std::string& password);

class UserStore {
 public:
  // `gate` (optional) bounds hashing and throttles failed attempts; without one every attempt
  // is checked (tools and tests).
  UserStore(ConnectionPool* pool, AuthPolicy policy, LoginGate* gate = nullptr)
      : pool_(pool), policy_(policy), gate_(gate) {}
  // Audited as "user.created" by `actor` (the password never appears in the record).
  Result<UserInfo> Create(const std::string& login, const std::string& display_name,
                          const std::string& password, Role role,
                          const std::vector<std::string>& site_ids,
                          const std::string& actor = "system");
  Result<std::vector<UserRecord>> List();
  // Audited as "user.updated" with what changed (never the password). Disabling a user or
  // setting a password ends their sessions. Fails with "auth.unknown_user", "auth.weak_password",
  // or "auth.last_admin" when no enabled HQ administrator would be left.
  Result<UserRecord> Update(const std::string& user_id, const UserChange& change,
                            const std::string& actor);
  // "auth.bad_credentials" for an unknown login or a wrong password alike (no user probing);
  // "auth.locked" / "auth.disabled" for an account locked out or disabled, to the right
  // password only (a wrong one is auth.bad_credentials, as for a name that does not exist);
  // "auth.malformed_login" for a login or password that no account can have (over-long, NUL, broken
  // UTF-8); "auth.rate_limited" when `source` or the login failed too often in the last minute;
  // "auth.busy" when too many are being checked. Every failure is audited (throttled ones once per
  // window). No database connection is held while the password is hashed.
  Result<Session> Login(const std::string& login, const std::string& password,
                        const std::string& source = "local");
  Result<UserInfo> Authenticate(const std::string& session_token);
  Status Logout(const std::string& session_token);
  // Deletes sessions expired more than a day ago (until then, a console is told its session
  // expired rather than that it is unknown); how many. Nothing else removes a session that was
  // never logged out.
  Result<uint64_t> PruneSessions();

 private:
  void AuditLoginFailure(const std::string& event, const std::string& login,
                         const std::string& user_id, const std::string& why,
                         const std::string& source, bool count = true);

  ConnectionPool* pool_;
  AuthPolicy policy_;
  LoginGate* gate_ = nullptr;
  // How long a password check takes here (a running mean, µs; Argon2id m=64 MiB, t=3 is about
  // 0.1 s of a core): an unknown login waits as long without hashing.
  std::atomic<int64_t> hash_micros_{100'000};
};

}  // namespace kakunin::server
