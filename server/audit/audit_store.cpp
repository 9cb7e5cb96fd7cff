#include "server/audit/audit_store.h"

#include <google/protobuf/util/time_util.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

#include "common/crypto/keys.h"
#include "server/storage/pg_binary_copy.h"
#include "server/storage/pg_text.h"
#include "server/storage/read_tx.h"

namespace kakunin::server {
namespace {

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Bytes FieldBytes(const pqxx::field& f) {
  pqxx::binarystring b(f);
  return Bytes(b.data(), b.data() + b.size());
}

audit::Record RowToRecord(const pqxx::row& r) {
  audit::Record rec;
  rec.seq = r["seq"].as<uint64_t>();
  rec.at_us = r["at_us"].as<int64_t>();
  rec.event = r["event"].c_str();
  rec.actor = r["actor"].c_str();
  rec.site_id = r["site_id"].c_str();
  rec.device_id = r["device_id"].c_str();
  rec.subject = r["subject"].c_str();
  rec.details = r["details"].c_str();
  rec.prev_hash = FieldBytes(r["prev_hash"]);
  rec.hash = FieldBytes(r["hash"]);
  return rec;
}

audit::SignedHead RowToHead(const pqxx::row& r) {
  audit::SignedHead h;
  h.size = r["size"].as<uint64_t>();
  h.root_hash = FieldBytes(r["root_hash"]);
  h.signed_at_us = r["signed_at_us"].as<int64_t>();
  h.key_id = r["key_id"].c_str();
  h.signature = FieldBytes(r["signature"]);
  return h;
}

// The SQL for an actor filter bound as `param`. A terminal's records ('device:<id>' with that
// device_id; migration 0014's constraint) are found through audit_log_device; the actor index
// holds only the other actors, and its predicate is repeated so the planner may use it.
std::string ActorClause(const std::string& actor, const std::string& param) {
  constexpr std::string_view kDevice = "device:";
  if (actor.empty()) return "(" + param + " = '')";
  if (actor.rfind(kDevice, 0) == 0) {
    // substr counts from 1: the device id starts right after the prefix.
    return "(actor = " + param + " AND device_id = substr(" + param + ", " +
           std::to_string(kDevice.size() + 1) + "))";
  }
  return "(actor = " + param + " AND actor NOT LIKE '" + std::string(kDevice) + "%')";
}

// audit_log's columns as AppendAuditInTx writes them, their types, and a chained record in
// their order, as text; the hashes as bytea's hex text, or with `raw_hashes` their bytes (for a
// binary COPY).
const std::vector<std::string> kAuditColumns = {"seq",     "at",        "at_us",     "event",
                                                "actor",   "site_id",   "device_id", "subject",
                                                "details", "prev_hash", "hash"};
const std::vector<PgType> kAuditTypes = {PgType::kInt8,  PgType::kTimestampTz, PgType::kInt8,
                                         PgType::kText,  PgType::kText,        PgType::kText,
                                         PgType::kText,  PgType::kText,        PgType::kText,
                                         PgType::kBytea, PgType::kBytea};
std::vector<std::string> AuditRow(audit::Record r, bool raw_hashes = false) {
  auto hash = [&](const Bytes& h) {
    return raw_hashes ? std::string(h.begin(), h.end()) : PgByteaHex(h);
  };
  return {std::to_string(r.seq),  PgTimestamp(r.at_us), std::to_string(r.at_us),
          std::move(r.event),     std::move(r.actor),   std::move(r.site_id),
          std::move(r.device_id), std::move(r.subject), std::move(r.details),
          hash(r.prev_hash),      hash(r.hash)};
}

}  // namespace

audit::Record AuditEvent(std::string event, std::string actor, std::string site_id,
                         std::string device_id, std::string subject, std::string details) {
  audit::Record r;
  r.at_us = NowMicros();
  r.event = std::move(event);
  r.actor = std::move(actor);
  r.site_id = std::move(site_id);
  r.device_id = std::move(device_id);
  r.subject = std::move(subject);
  r.details = std::move(details);
  return r;
}

namespace {
// With `copy_on`, more than kMaxArrayRecords go by binary COPY on it; without, always as arrays.
uint64_t AppendAudit(pqxx::work& tx, std::vector<audit::Record> records, PgConnection* copy_on) {
  // Prepared once per connection: the ingest writer appends in every transaction, and parsing
  // and planning these each time was a share of PostgreSQL's CPU (bench/README, issue 18).
  pqxx::connection_base& conn = tx.conn();
  conn.prepare("kakunin_audit_lock", "SELECT pg_advisory_xact_lock($1)");
  conn.prepare("kakunin_audit_head", "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
  tx.exec_prepared("kakunin_audit_lock", kAuditChainLock);
  // A statement of its own after the lock: its snapshot is taken once the lock is held, so it
  // sees the head the previous holder committed.
  auto head = tx.exec_prepared("kakunin_audit_head");
  uint64_t next = 1;
  Bytes prev(audit::kHashSize, 0);
  if (!head.empty()) {
    next = head[0][0].as<uint64_t>() + 1;
    prev = FieldBytes(head[0][1]);
  }
  if (records.empty()) return next - 1;
  audit::ChainAppender chain(next, prev);
  constexpr size_t kMaxArrayRecords = 100;
  if (records.size() <= kMaxArrayRecords || !copy_on) {
    // A few records (a quiet branch's transaction) go as one array per column in one round
    // trip; COPY needs two (its start, then its end).
    std::vector<std::vector<std::string>> cols(kAuditColumns.size());
    for (auto& c : cols) c.reserve(records.size());
    for (auto& fields : records) {
      std::vector<std::string> row = AuditRow(chain.Append(std::move(fields)));
      for (size_t i = 0; i < row.size(); ++i) cols[i].push_back(std::move(row[i]));
    }
    conn.prepare("kakunin_audit_insert",
                 "INSERT INTO audit_log(seq, at, at_us, event, actor, site_id, device_id, "
                 "subject, details, prev_hash, hash) SELECT * FROM unnest($1::bigint[], "
                 "$2::timestamptz[], $3::bigint[], $4::text[], $5::text[], $6::text[], "
                 "$7::text[], $8::text[], $9::text[], $10::bytea[], $11::bytea[])");
    tx.exec_prepared("kakunin_audit_insert", PgTextArray(cols[0]), PgTextArray(cols[1]),
                     PgTextArray(cols[2]), PgTextArray(cols[3]), PgTextArray(cols[4]),
                     PgTextArray(cols[5]), PgTextArray(cols[6]), PgTextArray(cols[7]),
                     PgTextArray(cols[8]), PgTextArray(cols[9]), PgTextArray(cols[10]));
    return chain.size();
  }
  BinaryCopyWriter out(*copy_on, tx, "audit_log", kAuditColumns, kAuditTypes);
  for (auto& fields : records) {
    out.Row(AuditRow(chain.Append(std::move(fields)), /*raw_hashes=*/true));
  }
  out.Complete();
  return chain.size();
}
}  // namespace

uint64_t AppendAuditInTx(pqxx::work& tx, std::vector<audit::Record> records) {
  return AppendAudit(tx, std::move(records), nullptr);
}

uint64_t AppendAuditInTx(PgConnection& conn, pqxx::work& tx, std::vector<audit::Record> records) {
  return AppendAudit(tx, std::move(records), &conn);
}

Status AuditStore::Append(audit::Record record) {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    AppendAuditInTx(tx, {std::move(record)});
    tx.commit();
    return OkStatus();
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<audit::RestoreStatement> AuditStore::AppendRestored(const EVP_PKEY* head_key,
                                                           int64_t backup_created_at_us,
                                                           int64_t restored_at_us,
                                                           uint64_t backup_size) {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    // The lock first, as every append: the statement names the record it is appended after.
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", kAuditChainLock);
    auto head = tx.exec("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    uint64_t size = 0;
    Bytes root(audit::kHashSize, 0);
    if (!head.empty()) {
      size = head[0][0].as<uint64_t>();
      root = FieldBytes(head[0][1]);
    }
    if (size != backup_size) {
      auto next =
          tx.exec_params("SELECT event FROM audit_log WHERE seq = $1 AND event = 'audit.restored'",
                         static_cast<int64_t>(backup_size + 1));
      if (!next.empty()) {
        return MakeError(
            ErrorCode::kAlreadyExists, "audit.restore_recorded",
            "the restore is recorded already (record " + std::to_string(backup_size + 1) + ")");
      }
      return MakeError(ErrorCode::kFailedPrecondition, "audit.restore_too_late",
                       "the backup ended at record " + std::to_string(backup_size) +
                           ", but the log now ends at record " + std::to_string(size) +
                           ": the restore's record can no longer follow the backup's last");
    }
    KAKUNIN_ASSIGN_OR_RETURN(auto statement,
                             audit::SignRestore(size, root, backup_created_at_us, restored_at_us,
                                                audit::KeyIdFor(head_key), head_key));
    // Spelled out, as every event is (the console's label list is checked against these calls).
    static_assert(audit::kRestoredEvent == "audit.restored");
    audit::Record record = AuditEvent("audit.restored", "system");
    record.details = audit::RestoreToJson(statement);
    AppendAuditInTx(tx, {std::move(record)});
    tx.commit();
    return statement;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<std::optional<audit::SignedHead>> AuditStore::SignHeadIfGrown(const EVP_PKEY* key,
                                                                     const std::string& key_id) {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    // Same lock as appends: the head read is the true end of the chain at this instant.
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", kAuditChainLock);
    auto head = tx.exec("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (head.empty()) return std::optional<audit::SignedHead>();
    uint64_t size = head[0][0].as<uint64_t>();
    auto last = tx.exec("SELECT coalesce(max(size), 0) FROM audit_heads");
    if (last[0][0].as<uint64_t>() >= size) return std::optional<audit::SignedHead>();
    KAKUNIN_ASSIGN_OR_RETURN(
        auto signed_head, audit::SignHead(size, FieldBytes(head[0][1]), NowMicros(), key_id, key));
    tx.exec_params(
        "INSERT INTO audit_heads(size, root_hash, signed_at, signed_at_us, key_id, signature) "
        "VALUES ($1, decode($2, 'hex'), 'epoch'::timestamptz + $3::bigint * interval '1 "
        "microsecond', $3, $4, decode($5, 'hex'))",
        static_cast<int64_t>(signed_head.size), ToHex(signed_head.root_hash),
        signed_head.signed_at_us, signed_head.key_id, ToHex(signed_head.signature));
    tx.commit();
    return std::optional<audit::SignedHead>(signed_head);
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<std::vector<audit::SignedHead>> AuditStore::Heads(size_t limit) {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    ReadTx tx(*conn);
    std::vector<audit::SignedHead> out;
    for (const auto& r : tx.exec_params("SELECT * FROM audit_heads ORDER BY size DESC LIMIT $1",
                                        static_cast<int64_t>(limit == 0 ? INT64_MAX : limit)))
      out.push_back(RowToHead(r));
    return out;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<std::optional<audit::SignedHead>> AuditStore::NewestHead() {
  KAKUNIN_ASSIGN_OR_RETURN(auto heads, Heads(1));
  if (heads.empty()) return std::optional<audit::SignedHead>();
  return std::optional<audit::SignedHead>(heads[0]);
}

Result<std::vector<audit::Record>> AuditStore::Page(const AuditQuery& q, uint64_t before_seq,
                                                    size_t limit) {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    ReadTx tx(*conn);
    auto rows = tx.exec_params(
        "SELECT * FROM audit_log WHERE ($1 = 0 OR seq < $1) "
        "AND ($2 = 0 OR at_us >= $2) AND ($3 = 0 OR at_us < $3) "
        "AND " +
            ActorClause(q.actor, "$4") +
            " AND ($5 = '' OR device_id = $5) "
            "AND ($6 = '' OR site_id = $6) AND ($7 = '' OR event = $7 OR event LIKE $7 || '.%') "
            "ORDER BY seq DESC LIMIT $8",
        static_cast<int64_t>(before_seq), q.since_us, q.until_us, q.actor, q.device_id, q.site_id,
        q.event, static_cast<int64_t>(limit));
    std::vector<audit::Record> out;
    for (const auto& r : rows) out.push_back(RowToRecord(r));
    return out;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Status AuditStore::ForEach(const AuditQuery& q,
                           const std::function<void(const audit::Record&)>& fn) {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    // Keyset chunks, each in a transaction of its own and bounded as every read is. Records
    // never change once appended, so the walk needs no snapshot of its own: one snapshot held
    // for a whole walk (minutes over a long chain, again and again from a console) kept vacuum
    // from the rows every ingest commit updates. It ends at the chain's size when it started, as
    // a snapshot would, instead of chasing records appended meanwhile.
    uint64_t last = q.to_seq;
    if (last == 0) {
      pqxx::read_transaction tx(*conn);
      BoundReads(tx, *conn);
      last = tx.exec1("SELECT coalesce(max(seq), 0) FROM audit_log")[0].as<uint64_t>();
      if (last == 0) return OkStatus();
    }
    uint64_t after = q.from_seq == 0 ? 0 : q.from_seq - 1;
    size_t emitted = 0;
    constexpr int kChunk = 5000;
    while (true) {
      pqxx::read_transaction tx(*conn);
      BoundReads(tx, *conn);
      auto rows = tx.exec_params(
          "SELECT * FROM audit_log WHERE seq > $1 AND ($2 = 0 OR seq <= $2) "
          "AND ($3 = 0 OR at_us >= $3) AND ($4 = 0 OR at_us < $4) "
          "AND " +
              ActorClause(q.actor, "$5") +
              " AND ($6 = '' OR device_id = $6) "
              "AND ($7 = '' OR site_id = $7) AND ($8 = '' OR event = $8 OR event LIKE $8 || '.%') "
              "ORDER BY seq LIMIT $9",
          static_cast<int64_t>(after), static_cast<int64_t>(last), q.since_us, q.until_us, q.actor,
          q.device_id, q.site_id, q.event, kChunk);
      tx.commit();
      for (const auto& r : rows) {
        fn(RowToRecord(r));
        if (q.limit && ++emitted >= q.limit) return OkStatus();
      }
      if (rows.size() < static_cast<size_t>(kChunk)) break;
      after = rows[rows.size() - 1]["seq"].as<uint64_t>();
      if (q.stop && q.stop()) {
        return MakeError(ErrorCode::kCancelled, "audit.cancelled", "the walk was stopped");
      }
    }
    return OkStatus();
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

v1::SignedAuditHead ToProtoHead(const audit::SignedHead& h) {
  v1::SignedAuditHead p;
  p.set_size(h.size);
  p.set_root_hash(ToString(h.root_hash));
  *p.mutable_signed_at() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(h.signed_at_us);
  p.set_signature(ToString(h.signature));
  p.set_key_id(h.key_id);
  return p;
}

audit::SignedHead FromProtoHead(const v1::SignedAuditHead& p) {
  audit::SignedHead h;
  h.size = p.size();
  h.root_hash = ToBytes(p.root_hash());
  h.signed_at_us = google::protobuf::util::TimeUtil::TimestampToMicroseconds(p.signed_at());
  h.signature = ToBytes(p.signature());
  h.key_id = p.key_id();
  return h;
}

Result<crypto::EvpPkeyPtr> LoadOrCreateAuditKey(const std::string& path) {
  namespace fs = std::filesystem;
  if (!fs::exists(path)) {
    KAKUNIN_ASSIGN_OR_RETURN(auto key, crypto::GenerateEd25519Key());
    KAKUNIN_ASSIGN_OR_RETURN(auto pem, crypto::PrivateKeyToPem(key.get()));
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    std::string tmp = path + ".tmp";
    {
      std::ofstream f(tmp, std::ios::trunc);
      ::chmod(tmp.c_str(), 0600);
      f << pem;
      if (!f) {
        return MakeError(ErrorCode::kUnavailable, "audit.key_write", "cannot write " + tmp);
      }
    }
    fs::rename(tmp, path, ec);
    if (ec) return MakeError(ErrorCode::kUnavailable, "audit.key_write", ec.message());
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & 077)) {
    return MakeError(ErrorCode::kFailedPrecondition, "audit.key_permissions",
                     path + " must not be readable by group or others (chmod 600)");
  }
  std::stringstream ss;
  ss << std::ifstream(path).rdbuf();
  return crypto::PrivateKeyFromPem(ss.str());
}

}  // namespace kakunin::server
