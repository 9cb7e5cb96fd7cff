#pragma once
// Streaming verifier of the audit chain: records are fed in the order read (a database cursor
// in seq order, or an export file), signed heads from any source in any order. Memory is
// O(heads + findings), plus 40 bytes per record while `retain_record_hashes` is on (needed
// only for heads added after their record). The checks and the meaning of each finding are
// specified in FORMAT.md.

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/audit/chain.h"
#include "common/audit/record.h"
#include "common/audit/restore.h"
#include "common/core/bytes.h"
#include "common/crypto/openssl_types.h"

namespace kakunin::audit {

enum class FindingKind {
  kHashMismatch,       // a record's content was edited: stored hash != recomputed hash
  kBrokenLink,         // prev_hash != the previous record's hash: rows deleted/inserted/moved
  kSequenceGap,        // seq numbers skip: records missing (reported at the first missing seq)
  kSequenceDuplicate,  // seq not above the previous one: a duplicated, inserted or moved row
  kBadHeadSignature,   // head names a trusted key but its signature does not verify
  kUnknownHeadKey,     // head signed by a key that is not trusted
  kHeadFromFuture,     // head signed later than now + tolerance (clock or forgery)
  kHeadBeyondChain,    // head covers more records than exist: the tail was truncated
  kHeadMismatch,       // head's root != hash of record `size` here: history was rewritten
  kTimeWentBackwards,  // warning only: a record's time is well before the previous record's
};

// Stable ids for programs and translations, e.g. "audit.hash_mismatch".
std::string_view FindingKindName(FindingKind kind);
bool IsHeadFinding(FindingKind kind);

struct Finding {
  FindingKind kind = FindingKind::kHashMismatch;
  // The record the problem shows at. Head findings: the head's size, except kHeadBeyondChain,
  // which names the first missing record (chain end + 1).
  uint64_t seq = 0;
  std::string message;      // English, for logs and the console
  std::string head_source;  // head findings: where the head came from ("server", "agent dev-…")
  uint64_t head_size = 0;   // head findings: the head's size

  friend bool operator==(const Finding&, const Finding&) = default;
};

struct VerifyOptions {
  // Range verification: the first seq expected. Records before it are not read.
  uint64_t first_seq = 1;
  // Trusted hash of record first_seq - 1. Empty: zeros when first_seq is 1; otherwise the first
  // record's prev_hash is taken on trust (and heads of size first_seq - 1 cannot be checked).
  Bytes first_prev_hash;
  // The current time. Required: left at 0, every head is reported as from the future.
  int64_t now_us = 0;
  int64_t future_tolerance_us = 5 * 60 * 1'000'000LL;
  // KeyIdFor(key) → Ed25519 public key of the head signer (not owned).
  std::map<std::string, const EVP_PKEY*> trusted_keys;
  // Warn when a record's at_us is more than this before the previous record's (replicas stamp
  // events before taking the chain lock, so small steps back are normal). Negative: no warning.
  int64_t backwards_tolerance_us = 5 * 60 * 1'000'000LL;
  // Findings and warnings kept in the report (the first ones by seq); the totals count all.
  size_t max_findings = 1000;
  // Keep each record's hash so heads added after their record can still be checked. Off, add
  // every head before the first record; a head added too late is counted in heads_unchecked.
  bool retain_record_hashes = true;
};

// A record saying the chain was restored from a backup (restore.h).
struct RestoreSeen {
  uint64_t seq = 0;              // the record's seq
  RestoreStatement statement;    // as recorded (empty when it could not be read)
  bool verified = false;         // signed by a trusted key, right after the backup's last record
  std::string problem;           // why it explains nothing, when not verified
  uint64_t heads_set_aside = 0;  // heads of the lost history it explained

  friend bool operator==(const RestoreSeen&, const RestoreSeen&) = default;
};

struct VerifyReport {
  bool ok = false;  // no findings (warnings allowed) and every head in range was checked
  uint64_t records_checked = 0;
  uint64_t first_record_seq = 0, last_record_seq = 0;  // of the chain as read (0 if empty)
  uint64_t heads_checked = 0;                          // heads given to AddHead
  uint64_t heads_skipped = 0;    // of those, lying before the range: root not compared
  uint64_t heads_unchecked = 0;  // added after their record with retain_record_hashes off
  // Heads of a history lost to a restore (signed after the backup's last record, before the
  // restore, covering more than the backup held): not compared, not findings.
  uint64_t heads_set_aside = 0;
  std::vector<RestoreSeen> restores;  // in seq order
  std::optional<uint64_t> first_bad_seq;
  uint64_t findings_total = 0;
  std::vector<Finding> findings;  // sorted by seq (then kind), at most max_findings
  uint64_t warnings_total = 0;
  std::vector<Finding> warnings;  // kTimeWentBackwards; do not affect ok
  std::string summary;            // one paragraph of plain English
};

class Verifier {
 public:
  explicit Verifier(VerifyOptions opts);

  // Records in the order read (should be seq order).
  void AddRecord(const Record& r);
  // A signed head and where it came from; before, between or after the records.
  void AddHead(const SignedHead& h, std::string source);
  // A restore record before the range (range verification, first_seq > 1), given before the
  // records: the heads it explains are set aside as in a whole-chain verification. Its
  // statement is checked against its own prev_hash, which the range does not reach.
  void AddRestoreBeforeRange(const Record& r);
  // Ends the stream: heads not yet matched are judged, findings sorted. Call once.
  VerifyReport Finish();

 private:
  // Bounded list of findings: keeps the first `cap` by (seq, kind, arrival).
  class FindingList {
   public:
    explicit FindingList(size_t cap) : cap_(cap) {}
    void Add(Finding f);
    uint64_t total() const { return total_; }
    std::optional<uint64_t> min_seq() const { return min_seq_; }
    std::vector<Finding> Take();

   private:
    void Trim();
    struct Entry {
      Finding finding;
      uint64_t order;
    };
    size_t cap_;
    uint64_t total_ = 0;
    std::optional<uint64_t> min_seq_;
    std::vector<Entry> entries_;
  };
  struct PendingHead {
    SignedHead head;
    std::string source;
  };
  struct RetainedHash {
    uint64_t seq;
    std::array<uint8_t, kHashSize> hash;
  };
  enum class Lookup { kFound, kMissing, kUnknown };

  void Accept(const Record& r);
  // A restore record accepted at its place: verified, it explains heads of the lost history.
  // `before`: the hash of the record before r; `before_at_us`: its time, when known.
  void NoteRestore(const Record& r, const Bytes& before, std::optional<int64_t> before_at_us);
  // True (and counted) when a verified restore explains why head `h` cannot match.
  bool SetAsideForRestore(const SignedHead& h);
  void ResolvePendingUpTo(uint64_t seq);
  // The hash of the record at `seq` in this history, when it can be known now.
  Lookup HashAt(uint64_t seq, Bytes& hash) const;
  void CompareRoot(const SignedHead& h, const std::string& source);
  void AddHeadFinding(FindingKind kind, uint64_t seq, const SignedHead& h,
                      const std::string& source, std::string message);

  VerifyOptions opts_;
  std::array<uint64_t, 10> kind_counts_{};  // indexed by FindingKind
  std::optional<Bytes> anchor_hash_;        // hash of record first_seq - 1, if known
  uint64_t next_seq_;                       // seq the next record should have
  bool seq_exhausted_ = false;              // a record had seq 2^64-1: nothing can follow it
  std::optional<Bytes> link_;               // hash the next record must link to (none: trust it)
  std::optional<int64_t> prev_at_us_;
  uint64_t records_ = 0, first_seen_ = 0, last_accepted_ = 0;
  uint64_t heads_ = 0, heads_skipped_ = 0, heads_unchecked_ = 0, heads_set_aside_ = 0;
  std::multimap<uint64_t, PendingHead> pending_;
  std::vector<RetainedHash> retained_;   // accepted records, seq strictly increasing
  std::vector<uint64_t> bad_hash_seqs_;  // accepted records whose stored hash is not 32 bytes
  FindingList findings_, warnings_;
  struct Restore {
    RestoreSeen seen;
    int64_t lost_from_us = 0;  // heads signed from here (the backup's last record, less skew) …
  };                           // … to the statement's restored_at_us belong to the lost history
  std::vector<Restore> restores_;
};

}  // namespace kakunin::audit
