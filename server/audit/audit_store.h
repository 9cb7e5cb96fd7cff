#pragma once
// The audit trail in PostgreSQL: records appended to the hash chain (common/audit) inside the
// caller's transaction, signed heads, and reads for the verifier and exports.
//
// Appends from every replica go through one transaction-scoped advisory lock, so the chain stays
// gap-free and linear; the lock is held only from the append to the commit of that transaction,
// and ingest appends a whole batch at once (one lock, one COPY), which keeps it off the hot path.

#include <cstdint>
#include <functional>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/audit/chain.h"
#include "common/audit/record.h"
#include "common/audit/restore.h"
#include "common/core/result.h"
#include "common/crypto/openssl_types.h"
#include "kakunin/v1/agent.pb.h"
#include "server/storage/pool.h"

namespace kakunin::server {

// Well-known advisory lock key for the audit chain ("KAKUNIN" in ASCII, truncated).
inline constexpr int64_t kAuditChainLock = 0x4b414b554e494eLL;

// Appends `records` (seq, prev_hash and hash are filled in) in the transaction `tx`.
// Returns the new chain size. Throws pqxx exceptions like the rest of the transaction.
uint64_t AppendAuditInTx(pqxx::work& tx, std::vector<audit::Record> records);
// The same, for many records: `conn` is the connection `tx` runs on, and more than 100 records
// go by one binary COPY instead of arrays (the ingest writer's backlogs).
uint64_t AppendAuditInTx(PgConnection& conn, pqxx::work& tx, std::vector<audit::Record> records);

// Shorthand for one record with the current time.
audit::Record AuditEvent(std::string event, std::string actor, std::string site_id = "",
                         std::string device_id = "", std::string subject = "",
                         std::string details = "");

struct AuditQuery {
  uint64_t from_seq = 1;
  uint64_t to_seq = 0;                 // 0 = to the end
  int64_t since_us = 0, until_us = 0;  // 0 = open
  std::string actor, device_id, site_id, event;
  size_t limit = 0;  // 0 = no limit
  // ForEach asks between chunks; true ends the walk with "audit.cancelled" (a console that gave
  // up must not keep a connection busy walking the whole chain).
  std::function<bool()> stop;
};

class AuditStore {
 public:
  explicit AuditStore(ConnectionPool* pool) : pool_(pool) {}

  // One record in its own transaction (events with no other database change, e.g. logins).
  Status Append(audit::Record record);

  // Appends the record saying this chain was restored from a backup made at
  // `backup_created_at_us`: a statement signed with the head key, right after the backup's last
  // record (common/audit/restore.h), so the terminals' heads over the history lost with the
  // restore are explained, not taken for tampering. `kakunin-server restore` appends it once,
  // before any server uses the database; when it could not, the server does at its start
  // (server/app/restore_record.h). It must follow the backup's last record, `backup_size`:
  // refused with "audit.restore_recorded" when that record is there already, and with
  // "audit.restore_too_late" when others came first.
  Result<audit::RestoreStatement> AppendRestored(const EVP_PKEY* head_key,
                                                 int64_t backup_created_at_us,
                                                 int64_t restored_at_us, uint64_t backup_size);

  // Signs the current head if it grew since the last signed head; returns the new head if any.
  Result<std::optional<audit::SignedHead>> SignHeadIfGrown(const EVP_PKEY* key,
                                                           const std::string& key_id);
  // Newest first.
  Result<std::vector<audit::SignedHead>> Heads(size_t limit);
  Result<std::optional<audit::SignedHead>> NewestHead();

  // Newest first: up to `limit` matching records with seq < before_seq (0 = from the end).
  Result<std::vector<audit::Record>> Page(const AuditQuery& query, uint64_t before_seq,
                                          size_t limit);

  // Streams matching records in sequence order (chunked keyset reads; memory stays flat).
  Status ForEach(const AuditQuery& query, const std::function<void(const audit::Record&)>& fn);

 private:
  ConnectionPool* pool_;
};

v1::SignedAuditHead ToProtoHead(const audit::SignedHead& head);
audit::SignedHead FromProtoHead(const v1::SignedAuditHead& head);

// Loads the Ed25519 head-signing key from `path`, creating it (mode 0600) on first use.
Result<crypto::EvpPkeyPtr> LoadOrCreateAuditKey(const std::string& path);

}  // namespace kakunin::server
