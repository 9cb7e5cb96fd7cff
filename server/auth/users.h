#pragma once
// Console users: Argon2id password hashes, the portal's password rule (8–100 characters with an
// upper-case letter, a lower-case letter and a digit), lockout after repeated failures, and
// sessions that expire. Session tokens are random; only their SHA-256 is stored.

#include <chrono>
#include <string>
#include <vector>

#include "common/core/result.h"
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
  UserStore(ConnectionPool* pool, AuthPolicy policy) : pool_(pool), policy_(policy) {}
  Result<UserInfo> Create(const std::string& login, const std::string& display_name,
                          const std::string& password, Role role,
                          const std::vector<std::string>& site_ids);
  // "auth.bad_credentials" for an unknown login or a wrong password alike (no user probing);
  // "auth.locked" while locked out.
  Result<Session> Login(const std::string& login, const std::string& password);
  Result<UserInfo> Authenticate(const std::string& session_token);
  Status Logout(const std::string& session_token);

 private:
  ConnectionPool* pool_;
  AuthPolicy policy_;
};

}  // namespace kakunin::server
