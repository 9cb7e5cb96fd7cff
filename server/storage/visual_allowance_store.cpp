#include "server/storage/visual_allowance_store.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <unordered_map>

#include "server/audit/audit_store.h"
#include "server/ingest/result_limits.h"
#include "server/storage/pg_text.h"
#include "server/storage/read_tx.h"

namespace kakunin::server {
namespace {

using google::protobuf::util::TimeUtil;

Error Refusal(ErrorCode code, const std::string& reason) {
  return MakeError(code, reason, domain::AllowanceRefusalMessage(reason));
}

bool Sees(const UserInfo& who, const std::string& site_id) {
  if (who.role == Role::kHqAdmin || who.role == Role::kAuditor) return true;
  return std::find(who.site_ids.begin(), who.site_ids.end(), site_id) != who.site_ids.end();
}

// Columns of kSelectRecord, in order.
constexpr char kSelectRecord[] =
    "SELECT allowance_id::text, device_id, site_id, reason, granted_by, granted_by_name, "
    "(extract(epoch FROM granted_at) * 1000000)::bigint, "
    "(extract(epoch FROM expires_at) * 1000000)::bigint, "
    "CASE WHEN used_check_id IS NOT NULL THEN 'used' WHEN replaced_at IS NOT NULL THEN "
    "'replaced' WHEN expires_at < now() THEN 'expired' ELSE 'open' END, "
    "coalesce(used_check_id::text, ''), "
    "coalesce((extract(epoch FROM used_at) * 1000000)::bigint, 0) FROM visual_allowances ";

v1::VisualAllowanceRecord ToRecord(const pqxx::row& row) {
  v1::VisualAllowanceRecord r;
  r.set_allowance_id(row[0].c_str());
  r.set_device_id(row[1].c_str());
  r.set_site_id(row[2].c_str());
  r.set_reason(row[3].c_str());
  r.set_granted_by(row[4].c_str());
  r.set_granted_by_name(row[5].c_str());
  *r.mutable_granted_at() = TimeUtil::MicrosecondsToTimestamp(row[6].as<int64_t>());
  *r.mutable_expires_at() = TimeUtil::MicrosecondsToTimestamp(row[7].as<int64_t>());
  r.set_state(row[8].c_str());
  r.set_used_check_id(row[9].c_str());
  if (row[10].as<int64_t>() != 0) {
    *r.mutable_used_at() = TimeUtil::MicrosecondsToTimestamp(row[10].as<int64_t>());
  }
  return r;
}

}  // namespace

Result<v1::VisualAllowanceRecord> VisualAllowanceStore::Grant(const std::string& device_id,
                                                              const std::string& reason,
                                                              const UserInfo& who) {
  if (who.role != Role::kHqAdmin && who.role != Role::kBranchManager) {
    return MakeError(ErrorCode::kPermissionDenied, "auth.forbidden", "your role may not do this");
  }
  if (auto why = domain::CheckAllowanceReason(reason); !why.empty()) {
    return Refusal(ErrorCode::kInvalidArgument, std::string(why));
  }
  const std::string actor = "user:" + who.login;
  const std::string name = who.display_name.empty() ? who.login : who.display_name;
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    // A branch manager hears the same for a terminal of another store and for no terminal, and
    // locks nothing outside their stores (that row is the one every acknowledgement of its
    // terminal updates).
    auto out_of_scope = [] {
      return MakeError(ErrorCode::kPermissionDenied, "auth.out_of_scope",
                       "a branch manager may allow this only for their own stores' terminals");
    };
    if (who.role != Role::kHqAdmin) {
      auto seen = tx.exec_params("SELECT site_id FROM devices WHERE device_id = $1", device_id);
      if (seen.empty() || !Sees(who, seen[0][0].c_str())) return out_of_scope();
    }
    // The terminal's row is locked: two grants for one terminal cannot both stay open.
    auto device = tx.exec_params(
        "SELECT site_id, status FROM devices WHERE device_id = $1 FOR UPDATE", device_id);
    if (device.empty()) return Refusal(ErrorCode::kNotFound, "allowance.unknown_terminal");
    const std::string site_id = device[0][0].c_str();
    // The scope is judged again on the locked row, in the transaction that grants.
    if (who.role != Role::kHqAdmin && !Sees(who, site_id)) return out_of_scope();
    if (std::string(device[0][1].c_str()) != "active") {
      return Refusal(ErrorCode::kFailedPrecondition, "allowance.terminal_inactive");
    }
    auto replaced = tx.exec_params(
        "UPDATE visual_allowances SET replaced_at = now() WHERE device_id = $1 AND "
        "used_check_id IS NULL AND replaced_at IS NULL AND expires_at >= now() "
        "RETURNING allowance_id::text",
        device_id);
    auto inserted = tx.exec_params(
        "INSERT INTO visual_allowances(allowance_id, device_id, site_id, reason, granted_by, "
        "granted_by_name, expires_at) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, "
        "now() + make_interval(secs => $6)) RETURNING allowance_id::text",
        device_id, site_id, reason, actor, name, std::to_string(ttl_seconds_));
    const std::string id = inserted[0][0].c_str();
    nlohmann::json details = {
        {"reason", reason}, {"granted_by_name", name}, {"ttl_seconds", ttl_seconds_}};
    if (!replaced.empty()) {
      auto& list = details["replaces"] = nlohmann::json::array();
      for (const auto& row : replaced) list.push_back(row[0].c_str());
    }
    AppendAuditInTx(tx, {AuditEvent("visual_allowance.granted", actor, site_id, device_id, id,
                                    details.dump())});
    // Every replica's listener hears it and sends the allowance to the terminal's stream.
    tx.exec_params("SELECT pg_notify('kakunin_devices', $1)", device_id);
    auto row = tx.exec_params(std::string(kSelectRecord) + "WHERE allowance_id = $1::uuid", id);
    tx.commit();
    return ToRecord(row[0]);
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<std::vector<v1::VisualAllowance>> VisualAllowanceStore::Usable(
    const std::string& device_id) {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    ReadTx tx(*conn);
    auto rows = tx.exec_params(
        "SELECT allowance_id::text, reason, granted_by_name, "
        "(extract(epoch FROM granted_at) * 1000000)::bigint, "
        "(extract(epoch FROM expires_at) * 1000000)::bigint, "
        "greatest(0, ceil(extract(epoch FROM expires_at - now())))::bigint "
        "FROM visual_allowances WHERE device_id = $1 AND used_check_id IS NULL AND "
        "replaced_at IS NULL AND expires_at > now() ORDER BY granted_at DESC LIMIT 1",
        device_id);
    std::vector<v1::VisualAllowance> out;
    for (const auto& row : rows) {
      v1::VisualAllowance a;
      a.set_allowance_id(row[0].c_str());
      a.set_reason(row[1].c_str());
      a.set_granted_by(row[2].c_str());
      *a.mutable_granted_at() = TimeUtil::MicrosecondsToTimestamp(row[3].as<int64_t>());
      *a.mutable_expires_at() = TimeUtil::MicrosecondsToTimestamp(row[4].as<int64_t>());
      a.set_seconds_left(static_cast<uint32_t>(row[5].as<int64_t>()));
      out.push_back(std::move(a));
    }
    return out;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<std::vector<v1::VisualAllowanceRecord>> VisualAllowanceStore::List(
    const v1::ListVisualAllowancesRequest& req, const UserInfo& who) {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    ReadTx tx(*conn);
    const bool all = who.role == Role::kHqAdmin || who.role == Role::kAuditor;
    std::vector<std::string> sites = who.site_ids;
    auto rows = tx.exec_params(
        std::string(kSelectRecord) +
            "WHERE granted_at > now() - interval '30 days' AND ($1 = '' OR site_id = $1) AND "
            "($2 = '' OR device_id = $2) AND ($3 OR site_id = ANY($4::text[])) "
            "ORDER BY granted_at DESC LIMIT 200",
        req.site_id(), req.device_id(), all, PgTextArray(sites));
    std::vector<v1::VisualAllowanceRecord> out;
    for (const auto& row : rows) out.push_back(ToRecord(row));
    return out;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

std::vector<domain::AllowanceUse> ConsumeVisualAllowancesInTx(
    pqxx::transaction_base& tx, const std::vector<AllowanceClaim>& claims) {
  std::vector<domain::AllowanceUse> uses(claims.size(), domain::AllowanceUse::kUnknown);
  std::vector<std::string> ids;
  for (const auto& c : claims) {
    // A malformed id would abort the whole batch's transaction at the uuid cast.
    if (IsUuidText(c.result->visual_allowance_id())) ids.push_back(c.result->visual_allowance_id());
  }
  if (ids.empty()) return uses;
  struct Row {
    std::string device_id, used_by;
    bool replaced = false;
    int64_t expires_at = 0;
  };
  std::unordered_map<std::string, Row> found;  // by lower-case allowance id
  // Locked in one order, so two writers' transactions never wait on each other in a cycle.
  for (const auto& r : tx.exec_params(
           "SELECT allowance_id::text, device_id, coalesce(used_check_id::text, ''), "
           "replaced_at IS NOT NULL, extract(epoch FROM expires_at)::bigint FROM "
           "visual_allowances WHERE allowance_id = ANY($1::uuid[]) ORDER BY allowance_id "
           "FOR UPDATE",
           PgTextArray(ids))) {
    found[r[0].c_str()] = {r[1].c_str(), r[2].c_str(), r[3].as<bool>(), r[4].as<int64_t>()};
  }
  std::vector<std::string> used_ids, used_checks;
  for (size_t i = 0; i < claims.size(); ++i) {
    const v1::CheckResult& result = *claims[i].result;
    if (!IsUuidText(result.visual_allowance_id())) continue;
    std::string id = result.visual_allowance_id();
    std::transform(id.begin(), id.end(), id.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    domain::AllowanceFacts facts;
    facts.checked_at = result.checked_at().seconds();
    auto row = found.find(id);
    if (row != found.end()) {
      facts.found = true;
      facts.same_terminal = *claims[i].device_id == row->second.device_id;
      facts.used = !row->second.used_by.empty();
      facts.used_by_this_check = row->second.used_by == result.check_id();
      facts.replaced = row->second.replaced;
      facts.expires_at = row->second.expires_at;
    }
    uses[i] = domain::DecideAllowanceUse(facts);
    if (uses[i] == domain::AllowanceUse::kAccepted && !facts.used && row != found.end()) {
      row->second.used_by = result.check_id();  // a later claim in this batch finds it used
      used_ids.push_back(id);
      used_checks.push_back(result.check_id());
    }
  }
  if (!used_ids.empty()) {
    tx.exec_params(
        "UPDATE visual_allowances v SET used_check_id = u.check_id, used_at = now() FROM "
        "unnest($1::uuid[], $2::uuid[]) AS u(allowance_id, check_id) "
        "WHERE v.allowance_id = u.allowance_id",
        PgTextArray(used_ids), PgTextArray(used_checks));
  }
  return uses;
}

std::string WithAllowanceUse(const std::string& details_json, const std::string& allowance_id,
                             domain::AllowanceUse use) {
  nlohmann::json details = nlohmann::json::parse(details_json, nullptr, false);
  if (!details.is_object()) details = nlohmann::json::object();
  details["visual_allowance"] = allowance_id;
  details["visual_allowance_use"] = std::string(domain::AllowanceUseName(use));
  return details.dump();
}

}  // namespace kakunin::server
