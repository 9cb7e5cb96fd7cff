#include "server/auth/users.h"

#include <argon2.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <pqxx/pqxx>
#include <thread>

#include "common/core/bytes.h"
#include "common/crypto/signing.h"
#include "common/text/text_fault.h"
#include "server/audit/audit_store.h"
#include "server/ingest/result_limits.h"
#include "server/storage/pg_text.h"
#include "server/storage/read_tx.h"

namespace kakunin::server {
namespace {
// Argon2id parameters: 3 passes over 64 MiB, 1 lane — about 0.1 s per login on one core.
constexpr uint32_t kTimeCost = 3;
constexpr uint32_t kMemoryKiB = 64 * 1024;
constexpr uint32_t kLanes = 1;
constexpr size_t kSaltLen = 16;
constexpr size_t kHashLen = 32;

// Tokens are crypto::RandomHex(kTokenBytes): lower-case hex of that many bytes.
constexpr size_t kTokenBytes = 32;
// Whether `token` has the shape of one Login hands out. Anything else is refused before a query:
// a caller with any bearer text ("x") must not cost every console a database round trip.
bool TokenShaped(const std::string& token) {
  return token.size() == 2 * kTokenBytes && std::all_of(token.begin(), token.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string TokenHash(const std::string& token) { return ToString(crypto::Sha256(ToBytes(token))); }

UserInfo RowToUser(const pqxx::row& r) {
  UserInfo u;
  u.user_id = r["user_id"].c_str();
  u.login = r["login"].c_str();
  u.display_name = r["display_name"].c_str();
  u.role = ParseRole(r["role"].c_str()).ok() ? *ParseRole(r["role"].c_str()) : Role::kStaff;
  auto arr = r["site_ids"].as_array();
  for (auto e = arr.get_next(); e.first != pqxx::array_parser::done; e = arr.get_next()) {
    if (e.first == pqxx::array_parser::string_value) u.site_ids.push_back(e.second);
  }
  return u;
}
}  // namespace

std::string RoleName(Role role) {
  switch (role) {
    case Role::kHqAdmin:
      return "hq_admin";
    case Role::kBranchManager:
      return "branch_manager";
    case Role::kAuditor:
      return "auditor";
    case Role::kStaff:
      return "staff";
  }
  return "staff";
}

Result<Role> ParseRole(const std::string& name) {
  if (name == "hq_admin") return Role::kHqAdmin;
  if (name == "branch_manager") return Role::kBranchManager;
  if (name == "auditor") return Role::kAuditor;
  if (name == "staff") return Role::kStaff;
  return MakeError(ErrorCode::kInvalidArgument, "auth.bad_role",
                   "role must be hq_admin, branch_manager, auditor or staff");
}

Status CheckPasswordRule(const std::string& password) {
  bool upper = false, lower = false, digit = false, ascii = true;
  for (unsigned char c : password) {
    upper |= c >= 'A' && c <= 'Z';
    lower |= c >= 'a' && c <= 'z';
    digit |= c >= '0' && c <= '9';
    ascii &= c >= 0x21 && c <= 0x7e;
  }
  if (password.size() < 8 || password.size() > 100 || !upper || !lower || !digit || !ascii) {
    return MakeError(ErrorCode::kInvalidArgument, "auth.weak_password",
                     "password must be 8-100 printable ASCII characters with an upper-case "
                     "letter, a lower-case letter and a digit");
  }
  return OkStatus();
}

Result<std::string> HashPassword(const std::string& password) {
  KAKUNIN_ASSIGN_OR_RETURN(Bytes salt, crypto::RandomBytes(kSaltLen));
  size_t len = argon2_encodedlen(kTimeCost, kMemoryKiB, kLanes, kSaltLen, kHashLen, Argon2_id);
  std::string encoded(len, '\0');
  int rc = argon2id_hash_encoded(kTimeCost, kMemoryKiB, kLanes, password.data(), password.size(),
                                 salt.data(), salt.size(), kHashLen, encoded.data(), len);
  if (rc != ARGON2_OK) {
    return MakeError(ErrorCode::kInternal, "auth.hash", argon2_error_message(rc));
  }
  encoded.resize(std::strlen(encoded.c_str()));
  return encoded;
}

bool VerifyPassword(const std::string& encoded_hash, const std::string& password) {
  return argon2id_verify(encoded_hash.c_str(), password.data(), password.size()) == ARGON2_OK;
}

namespace {
// Whether anyone is locked out of an account now: the account's own lockout, or a source's.
const std::string kLockedAnywhere =
    "(coalesce(locked_until > now(), false) OR EXISTS (SELECT 1 FROM login_lockouts l "
    "WHERE l.user_id = users.user_id AND l.locked_until > now()))";
// An account with whether it is locked out now, for the WHERE clause that follows.
const std::string kUserRow = "SELECT *, " + kLockedAnywhere + " AS is_locked FROM users ";
// The same for a login from source $2 (migration 0016): the account's lockout, this source's
// own, and whether the account logged in from there lately (LockedHere).
constexpr char kUserRowFrom[] =
    "SELECT *, coalesce(locked_until > now(), false) AS account_locked, "
    "coalesce((SELECT l.locked_until > now() FROM login_lockouts l "
    "WHERE l.user_id = users.user_id AND l.source = $2), false) AS source_locked, "
    "EXISTS (SELECT 1 FROM login_known_sources k WHERE k.user_id = users.user_id AND "
    "k.source = $2 AND k.last_login > now() - make_interval(days => 90)) AS source_known "
    "FROM users ";
// A row of kUserRowFrom: the source is held off by its own failures there, or by the account's
// lockout unless the account is known there. A stranger who knows a login name no longer
// locks its owner out at their usual address.
bool LockedHere(const pqxx::row& r) {
  return r["source_locked"].as<bool>() ||
         (r["account_locked"].as<bool>() && !r["source_known"].as<bool>());
}
// Sources an account is known at (its newest logins'), kept per account.
constexpr int kKnownSources = 20;
// Sessions one user holds at once (consoles on several PCs, a few tabs of the day).
constexpr int kSessionsPerUser = 20;

// A login name or password no account can have: refused before any hashing or query. Logins are
// made by Create (at most 64 bytes); passwords by the portal rule (at most 100 characters).
bool LoginWellFormed(const std::string& login, const std::string& password) {
  if (login.empty() || login.size() > 64 || password.size() > 400) return false;
  for (unsigned char c : login) {
    if (c < 0x20 || c == 0x7f) return false;
  }
  return password.find('\0') == std::string::npos && IsValidUtf8(login);
}

// The login as it may appear in an audit record or a log: printable, bounded.
std::string Printable(const std::string& login) {
  std::string out;
  for (unsigned char c : login.substr(0, 64)) {
    if (c < 0x20 || c == 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (!IsValidUtf8(out)) out = "(not UTF-8)";
  if (login.size() > 64) out += "…";
  return out;
}
}  // namespace

Result<UserInfo> UserStore::Create(const std::string& login, const std::string& display_name,
                                   const std::string& password, Role role,
                                   const std::vector<std::string>& site_ids,
                                   const std::string& actor) {
  if (login.empty())
    return MakeError(ErrorCode::kInvalidArgument, "auth.no_login", "login is empty");
  // The same bounds Login applies, so every account can log in.
  if (!LoginWellFormed(login, "x")) {
    return MakeError(ErrorCode::kInvalidArgument, "auth.bad_login",
                     "a login is 1-64 bytes of UTF-8 without control characters");
  }
  // Shown on other people's screens (the console, the counter's window for a 目視確認 grant):
  // one line of text, nothing that steers how it is shown.
  if (display_name.size() > 200 ||
      text::FindTextFault(display_name, /*multi_line=*/false) != text::TextFault::kNone) {
    return MakeError(ErrorCode::kInvalidArgument, "auth.bad_display_name",
                     "a display name is at most 200 bytes of UTF-8 on one line, without control "
                     "characters");
  }
  KAKUNIN_RETURN_IF_ERROR(CheckPasswordRule(password));
  KAKUNIN_ASSIGN_OR_RETURN(auto hash, HashPassword(password));
  KAKUNIN_ASSIGN_OR_RETURN(const std::string user_suffix, crypto::RandomHex(8));
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    const std::string sites = PgTextArray(site_ids);
    auto r = tx.exec_params1(
        "INSERT INTO users(user_id, login, display_name, password_hash, role, site_ids) "
        "VALUES ($1, $2, $3, $4, $5, $6::text[]) RETURNING *",
        "u-" + user_suffix, login, display_name, hash, RoleName(role), sites);
    UserInfo u = RowToUser(r);
    nlohmann::json details = {{"login", login}, {"role", RoleName(role)}, {"site_ids", site_ids}};
    AppendAuditInTx(tx, {AuditEvent("user.created", actor, "", "", u.user_id, details.dump())});
    tx.commit();
    return u;
  } catch (const pqxx::unique_violation&) {
    return MakeError(ErrorCode::kAlreadyExists, "auth.login_taken", "login '" + login + "' exists");
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<std::vector<UserRecord>> UserStore::List() {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    ReadTx tx(*conn);
    std::vector<UserRecord> out;
    for (const auto& r :
         tx.exec("SELECT *, " + kLockedAnywhere +
                 " AS is_locked, "
                 "coalesce((extract(epoch FROM last_login) * 1000000)::bigint, 0) AS last_login_us "
                 "FROM users ORDER BY login")) {
      out.push_back({RowToUser(r), r["is_locked"].as<bool>(), r["disabled"].as<bool>(),
                     r["last_login_us"].as<int64_t>()});
    }
    return out;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<UserRecord> UserStore::Update(const std::string& user_id, const UserChange& change,
                                     const std::string& actor) {
  std::string new_hash;
  if (!change.new_password.empty()) {
    KAKUNIN_RETURN_IF_ERROR(CheckPasswordRule(change.new_password));
    KAKUNIN_ASSIGN_OR_RETURN(new_hash, HashPassword(change.new_password));
  }
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    auto rows = tx.exec_params(std::string(kUserRow) + "WHERE user_id = $1 FOR UPDATE", user_id);
    if (rows.empty()) {
      return MakeError(ErrorCode::kNotFound, "auth.unknown_user", "no user '" + user_id + "'");
    }
    const UserInfo before = RowToUser(rows[0]);
    const bool was_disabled = rows[0]["disabled"].as<bool>();
    // What changed, for the audit record: {"role": {"from": …, "to": …}, …}.
    nlohmann::json changed = nlohmann::json::object();
    if (change.role && *change.role != before.role) {
      tx.exec_params("UPDATE users SET role = $2 WHERE user_id = $1", user_id,
                     RoleName(*change.role));
      changed["role"] = {{"from", RoleName(before.role)}, {"to", RoleName(*change.role)}};
    }
    if (change.site_ids && *change.site_ids != before.site_ids) {
      tx.exec_params("UPDATE users SET site_ids = $2::text[] WHERE user_id = $1", user_id,
                     PgTextArray(*change.site_ids));
      changed["site_ids"] = {{"from", before.site_ids}, {"to", *change.site_ids}};
    }
    if (change.disabled && *change.disabled != was_disabled) {
      tx.exec_params("UPDATE users SET disabled = $2 WHERE user_id = $1", user_id,
                     *change.disabled);
      changed["disabled"] = {{"from", was_disabled}, {"to", *change.disabled}};
    }
    if (change.unlock &&
        (rows[0]["is_locked"].as<bool>() || rows[0]["failed_logins"].as<int>() > 0)) {
      tx.exec_params("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE user_id = $1",
                     user_id);
      tx.exec_params("DELETE FROM login_lockouts WHERE user_id = $1", user_id);
      changed["unlocked"] = true;
    }
    if (!new_hash.empty()) {
      tx.exec_params(
          "UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL "
          "WHERE user_id = $1",
          user_id, new_hash);
      tx.exec_params("DELETE FROM login_lockouts WHERE user_id = $1", user_id);
      changed["password_changed"] = true;
    }
    // A disabled account or a replaced password must not keep its open sessions.
    if (changed.contains("password_changed") || (change.disabled && *change.disabled)) {
      tx.exec_params("DELETE FROM sessions WHERE user_id = $1", user_id);
    }
    if (tx.exec1("SELECT count(*) FROM users WHERE role = 'hq_admin' AND NOT disabled")[0]
            .as<int>() == 0) {
      return MakeError(ErrorCode::kFailedPrecondition, "auth.last_admin",
                       "this change would leave no enabled HQ administrator");
    }
    if (!changed.empty()) {
      nlohmann::json details = {{"login", before.login}, {"changed", changed}};
      AppendAuditInTx(tx, {AuditEvent("user.updated", actor, "", "", user_id, details.dump())});
    }
    auto r = tx.exec_params1(
        "SELECT *, " + kLockedAnywhere +
            " AS is_locked, "
            "coalesce((extract(epoch FROM last_login) * 1000000)::bigint, 0) AS last_login_us "
            "FROM users WHERE user_id = $1",
        user_id);
    UserRecord out{RowToUser(r), r["is_locked"].as<bool>(), r["disabled"].as<bool>(),
                   r["last_login_us"].as<int64_t>()};
    tx.commit();
    return out;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

void UserStore::AuditLoginFailure(const std::string& event, const std::string& login,
                                  const std::string& user_id, const std::string& why,
                                  const std::string& source, bool count) {
  if (gate_ && count) gate_->NoteFailure(source, login);
  auto conn = pool_->Acquire();
  if (!conn.ok()) return;
  try {
    pqxx::work tx(**conn);
    nlohmann::json details = {{"why", why}, {"source", source}};
    AppendAuditInTx(
        tx, {AuditEvent(event, "login:" + Printable(login), "", "", user_id, details.dump())});
    tx.commit();
  } catch (const std::exception& e) {
    spdlog::warn("auditing a failed login failed: {}", e.what());
  }
}

Result<Session> UserStore::Login(const std::string& login, const std::string& password,
                                 const std::string& source) {
  Error bad(ErrorCode::kUnauthenticated, "auth.bad_credentials", "wrong login or password");
  // Where lockouts and known addresses are kept: an IPv6 network as one (ThrottleKey).
  const std::string place = ThrottleKey(source).substr(0, 200);
  const bool well_formed = LoginWellFormed(login, password);
  // Throttling comes first, for malformed attempts too: each failure writes an audit record,
  // and the audit chain is shared with ingest, so failures must be bounded before they cost.
  const std::string key = well_formed ? login : "(malformed)";
  // The login name's limit (failures on it from anywhere) does not hold an address the account
  // is known at: it is applied once the account is read, to other addresses only.
  auto throttled = [&](bool by_login, bool count_as_failure = false) -> std::optional<Error> {
    if (!gate_) return std::nullopt;
    bool first = false;
    auto verdict = gate_->Check(source, key, &first, by_login, count_as_failure);
    if (verdict == LoginGate::Verdict::kAllowed) return std::nullopt;
    // Counted in /metrics every time; audited once per window, so a flood cannot flood the
    // audit log (or the database) in turn.
    if (first) {
      AuditLoginFailure("user.login_throttled", login, "",
                        verdict == LoginGate::Verdict::kSourceThrottled ? "source"
                        : verdict == LoginGate::Verdict::kTooManyLogins ? "logins"
                                                                        : "login",
                        source, /*count=*/false);
    }
    // The same answer for every limit: a distinct one for too many good logins would tell a
    // stranger that the account exists and is in use.
    return MakeError(ErrorCode::kResourceExhausted, "auth.rate_limited",
                     "too many failed logins; wait a minute and try again");
  };
  if (auto refused = throttled(/*by_login=*/!well_formed)) return *refused;
  if (!well_formed) {
    if (gate_) gate_->NoteFailure(source, key);
    AuditLoginFailure("user.login_failed", login, "", "malformed_login", source, /*count=*/false);
    return MakeError(ErrorCode::kInvalidArgument, "auth.malformed_login",
                     "no account has such a login name or password");
  }

  // 1. Read the account in a short transaction; no row lock and no connection is held while
  //    the password is hashed.
  std::optional<pqxx::result> rows;
  {
    KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
    try {
      ReadTx tx(*conn);
      rows = tx.exec_params(std::string(kUserRowFrom) + "WHERE login = $1", login, place);
    } catch (const std::exception& e) {
      if (dynamic_cast<const pqxx::broken_connection*>(&e)) conn.Discard();
      return DbError(e);
    }
  }
  const bool known = !rows->empty() && (*rows)[0]["source_known"].as<bool>();
  if (!known) {
    if (auto refused = throttled(/*by_login=*/true)) return *refused;
  }

  // 2. Hash, one (or a few) at a time.
  bool password_ok = false;
  if (rows->empty()) {
    // No account: nothing to hash, and no turn at the hash taken from those who have one. A
    // flood of made-up names (each proxied connection its own source) once filled the slot and
    // its queue, and every console's login was refused as busy. The failure is counted as it is
    // let through (attempts sent together then stop at the limit, as the turn made them); the
    // answer takes as long as a real check, so timing does not reveal which logins exist.
    if (auto refused = throttled(/*by_login=*/true, /*count_as_failure=*/true)) return *refused;
    std::this_thread::sleep_for(std::chrono::microseconds(hash_micros_.load()));
  } else {
    LoginGate::Slot slot;
    if (gate_) {
      slot = gate_->AcquireHashSlot();
      if (!slot) {
        return MakeError(ErrorCode::kResourceExhausted, "auth.busy",
                         "many logins are being checked; try again in a moment");
      }
      // Checked again with the failures of the attempts that hashed before this turn: attempts
      // sent together all passed the first check and would otherwise all be hashed and audited.
      if (auto refused = throttled(!known)) return *refused;
    }
    const auto started = std::chrono::steady_clock::now();
    password_ok = VerifyPassword((*rows)[0]["password_hash"].c_str(), password);
    const auto took = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - started)
                          .count();
    // A running mean of the real checks (7/8 old, 1/8 new): what an unknown name waits.
    hash_micros_.store((hash_micros_.load() * 7 + took) / 8);
  }
  if (rows->empty()) {
    AuditLoginFailure("user.login_failed", login, "", "unknown_login", source, /*count=*/false);
    return bad;
  }
  // A disabled or locked account says so only to the one who knows its password: answered
  // before the hash, as it was, these told a stranger which login names exist (five wrong
  // passwords, then "locked", where an unknown name never locks).
  if ((*rows)[0]["disabled"].as<bool>()) {
    AuditLoginFailure("user.login_failed", login, (*rows)[0]["user_id"].c_str(), "disabled",
                      source);
    if (!password_ok) return bad;
    return MakeError(ErrorCode::kPermissionDenied, "auth.disabled", "account disabled");
  }
  if (LockedHere((*rows)[0])) {
    AuditLoginFailure("user.login_locked", login, (*rows)[0]["user_id"].c_str(), "locked", source);
    if (!password_ok) return bad;
    return MakeError(ErrorCode::kPermissionDenied, "auth.locked",
                     "account locked after repeated failures; try later or ask an administrator");
  }
  const std::string user_id = (*rows)[0]["user_id"].c_str();
  const std::string hash_read = (*rows)[0]["password_hash"].c_str();

  // 3. Record the outcome in a second short transaction. The row is locked now and checked
  //    again: a password changed, an account disabled or locked meanwhile wins.
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    tx.exec_params("SELECT 1 FROM users WHERE user_id = $1 FOR UPDATE", user_id);
    // Read after the row lock, in a statement of its own: its snapshot sees the lockouts that
    // attempts committed while this one waited (every failure takes this lock too).
    auto now_rows =
        tx.exec_params(std::string(kUserRowFrom) + "WHERE user_id = $1", user_id, place);
    if (now_rows.empty() || now_rows[0]["disabled"].as<bool>() || LockedHere(now_rows[0]) ||
        now_rows[0]["password_hash"].c_str() != hash_read) {
      password_ok = false;
    }
    if (!password_ok) {
      auto counted = tx.exec_params(
          "UPDATE users SET failed_logins = failed_logins + 1, locked_until = CASE WHEN "
          "failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END "
          "WHERE user_id = $1 RETURNING failed_logins",
          user_id, policy_.max_failed_logins, static_cast<int>(policy_.lockout.count()));
      // This source's own count: it alone holds this source off, even where the account's
      // lockout does not (an address the account is known at). Stale counts of others go.
      auto mine = tx.exec_params(
          "INSERT INTO login_lockouts AS l (user_id, source, failed) VALUES ($1, $2, 1) "
          "ON CONFLICT (user_id, source) DO UPDATE SET failed = l.failed + 1, last_failed = now() "
          "RETURNING failed",
          user_id, place);
      const bool source_locked = mine[0][0].as<int>() >= policy_.max_failed_logins;
      if (source_locked) {
        tx.exec_params(
            "UPDATE login_lockouts SET locked_until = now() + make_interval(mins => $3) "
            "WHERE user_id = $1 AND source = $2",
            user_id, place, static_cast<int>(policy_.lockout.count()));
      }
      tx.exec_params(
          "DELETE FROM login_lockouts WHERE user_id = $1 AND source <> $2 AND "
          "last_failed < now() - make_interval(days => 1) AND "
          "coalesce(locked_until < now(), true)",
          user_id, place);
      const bool account_locked =
          !counted.empty() && counted[0][0].as<int>() >= policy_.max_failed_logins;
      const bool now_locked = account_locked || source_locked;
      nlohmann::json details = {{"why", "wrong_password"}, {"source", source}};
      if (now_locked) details["scope"] = account_locked ? "account" : "source";
      AppendAuditInTx(tx,
                      {AuditEvent(now_locked ? "user.locked" : "user.login_failed",
                                  "login:" + Printable(login), "", "", user_id, details.dump())});
      tx.commit();
      if (gate_) gate_->NoteFailure(source, login);
      return bad;
    }
    Session s;
    s.user = RowToUser(now_rows[0]);
    KAKUNIN_ASSIGN_OR_RETURN(s.token, crypto::RandomHex(kTokenBytes));
    s.expires_at = std::chrono::system_clock::now() + policy_.session_ttl;
    // The account's lockout stays while it runs: its owner logging in from a known address does
    // not prove the stranger behind it has gone.
    tx.exec_params(
        "UPDATE users SET failed_logins = CASE WHEN locked_until > now() THEN failed_logins "
        "ELSE 0 END, locked_until = CASE WHEN locked_until > now() THEN locked_until END, "
        "last_login = now() WHERE user_id = $1",
        s.user.user_id);
    tx.exec_params("DELETE FROM login_lockouts WHERE user_id = $1 AND source = $2", s.user.user_id,
                   place);
    tx.exec_params(
        "INSERT INTO login_known_sources AS k (user_id, source) VALUES ($1, $2) "
        "ON CONFLICT (user_id, source) DO UPDATE SET last_login = now()",
        s.user.user_id, place);
    tx.exec_params(
        "DELETE FROM login_known_sources WHERE user_id = $1 AND source NOT IN (SELECT source "
        "FROM login_known_sources WHERE user_id = $1 ORDER BY last_login DESC LIMIT $2)",
        s.user.user_id, kKnownSources);
    tx.exec_params(
        "INSERT INTO sessions(token_hash, user_id, expires_at) "
        "VALUES ($1, $2, now() + make_interval(mins => $3))",
        pqxx::binarystring(TokenHash(s.token)), s.user.user_id,
        static_cast<int>(policy_.session_ttl.count()));
    // At most kSessionsPerUser at once: the oldest give way (a script logging in again and
    // again would otherwise add a row per login for the sessions' whole lifetime).
    tx.exec_params(
        "DELETE FROM sessions WHERE user_id = $1 AND token_hash NOT IN (SELECT token_hash FROM "
        "sessions WHERE user_id = $1 ORDER BY created_at DESC, expires_at DESC LIMIT $2)",
        s.user.user_id, kSessionsPerUser);
    AppendAuditInTx(tx, {AuditEvent("user.login", "user:" + login, "", "", s.user.user_id,
                                    nlohmann::json({{"source", source}}).dump())});
    tx.commit();
    if (gate_) gate_->NoteSuccess(login);
    return s;
  } catch (const std::exception& e) {
    if (dynamic_cast<const pqxx::broken_connection*>(&e)) conn.Discard();
    return DbError(e);
  }
}

Result<UserInfo> UserStore::Authenticate(const std::string& session_token) {
  if (session_token.empty()) {
    return MakeError(ErrorCode::kUnauthenticated, "auth.no_session", "not logged in");
  }
  if (!TokenShaped(session_token)) {
    return MakeError(ErrorCode::kUnauthenticated, "auth.no_session", "unknown session");
  }
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    ReadTx tx(*conn);
    auto rows = tx.exec_params(
        "SELECT u.*, s.expires_at > now() AS live FROM sessions s JOIN users u USING (user_id) "
        "WHERE s.token_hash = $1",
        pqxx::binarystring(TokenHash(session_token)));
    if (rows.empty()) {
      return MakeError(ErrorCode::kUnauthenticated, "auth.no_session", "unknown session");
    }
    if (!rows[0]["live"].as<bool>()) {
      return MakeError(ErrorCode::kUnauthenticated, "auth.session_expired",
                       "session expired; log in again");
    }
    if (rows[0]["disabled"].as<bool>()) {
      return MakeError(ErrorCode::kPermissionDenied, "auth.disabled", "account disabled");
    }
    return RowToUser(rows[0]);
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<uint64_t> UserStore::PruneSessions() {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    const auto gone =
        tx.exec("DELETE FROM sessions WHERE expires_at < now() - interval '1 day'").affected_rows();
    tx.commit();
    return static_cast<uint64_t>(gone);
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Status UserStore::Logout(const std::string& session_token) {
  if (!TokenShaped(session_token)) return OkStatus();  // no such session to end
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    // The session's end is in the audit chain with its user, as its start (user.login) is.
    auto ended = tx.exec_params(
        "DELETE FROM sessions s USING users u WHERE s.token_hash = $1 AND u.user_id = s.user_id "
        "RETURNING u.user_id, u.login",
        pqxx::binarystring(TokenHash(session_token)));
    if (!ended.empty()) {
      AppendAuditInTx(tx, {AuditEvent("user.logout", "user:" + std::string(ended[0][1].c_str()), "",
                                      "", ended[0][0].c_str(), "{}")});
    }
    tx.commit();
    return OkStatus();
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

}  // namespace kakunin::server
