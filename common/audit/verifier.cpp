#include "common/audit/verifier.h"

#include <algorithm>
#include <climits>
#include <utility>

namespace kakunin::audit {
namespace {

constexpr size_t kKindCount = 10;

struct KindInfo {
  std::string_view id;
  std::string_view plain;  // for the summary: what the count of this kind means
};

constexpr KindInfo kKinds[kKindCount] = {
    {"audit.hash_mismatch", "record(s) edited after they were written"},
    {"audit.broken_link", "broken link(s): rows deleted, inserted or moved"},
    {"audit.sequence_gap", "gap(s) in the sequence numbers: records missing"},
    {"audit.sequence_duplicate", "repeated or out-of-order sequence number(s)"},
    {"audit.bad_head_signature", "signed head(s) whose signature does not verify"},
    {"audit.unknown_head_key", "head(s) signed by a key that is not trusted"},
    {"audit.head_from_future", "head(s) dated in the future"},
    {"audit.head_beyond_chain", "head(s) covering records that no longer exist: tail cut off"},
    {"audit.head_mismatch", "head(s) that do not match the chain: history rewritten"},
    {"audit.time_went_backwards", "record time(s) going backwards"},
};

size_t Index(FindingKind kind) { return static_cast<size_t>(kind); }

// Enough of a hash to tell two apart in a message.
std::string Short(ByteView hash) {
  if (hash.empty()) return "(empty)";
  return ToHex(hash.first(std::min<size_t>(hash.size(), 8))) + "...";
}

std::string HeadName(const SignedHead& h, const std::string& source) {
  return "head of size " + std::to_string(h.size) + " from " +
         (source.empty() ? std::string("(unnamed source)") : source) + " (signed " +
         FormatUtcMicros(h.signed_at_us) + ")";
}

}  // namespace

std::string_view FindingKindName(FindingKind kind) {
  size_t i = Index(kind);
  return i < kKindCount ? kKinds[i].id : "audit.unknown_finding";
}

bool IsHeadFinding(FindingKind kind) {
  switch (kind) {
    case FindingKind::kBadHeadSignature:
    case FindingKind::kUnknownHeadKey:
    case FindingKind::kHeadFromFuture:
    case FindingKind::kHeadBeyondChain:
    case FindingKind::kHeadMismatch:
      return true;
    default:
      return false;
  }
}

void Verifier::FindingList::Add(Finding f) {
  if (!min_seq_ || f.seq < *min_seq_) min_seq_ = f.seq;
  entries_.push_back({std::move(f), total_++});
  // Trim in batches: amortised O(log cap) per finding, memory at most ~2 × cap.
  if (entries_.size() >= 2 * cap_ + 64) Trim();
}

void Verifier::FindingList::Trim() {
  // By seq, then kind, so the report does not depend on when heads were added.
  auto before = [](const Entry& a, const Entry& b) {
    if (a.finding.seq != b.finding.seq) return a.finding.seq < b.finding.seq;
    if (a.finding.kind != b.finding.kind) return a.finding.kind < b.finding.kind;
    return a.order < b.order;
  };
  if (entries_.size() > cap_) {
    std::nth_element(entries_.begin(), entries_.begin() + static_cast<ptrdiff_t>(cap_),
                     entries_.end(), before);
    entries_.resize(cap_);
  }
  std::sort(entries_.begin(), entries_.end(), before);
}

std::vector<Finding> Verifier::FindingList::Take() {
  Trim();
  std::vector<Finding> out;
  out.reserve(entries_.size());
  for (auto& e : entries_) out.push_back(std::move(e.finding));
  entries_.clear();
  return out;
}

Verifier::Verifier(VerifyOptions opts)
    : opts_(std::move(opts)), findings_(opts_.max_findings), warnings_(opts_.max_findings) {
  if (opts_.first_seq == 0) opts_.first_seq = 1;
  next_seq_ = opts_.first_seq;
  if (!opts_.first_prev_hash.empty()) {
    anchor_hash_ = opts_.first_prev_hash;
  } else if (opts_.first_seq == 1) {
    anchor_hash_ = Bytes(kHashSize, 0);
  }
  link_ = anchor_hash_;
}

void Verifier::AddRecord(const Record& r) {
  if (++records_ == 1) first_seen_ = r.seq;
  auto add = [&](FindingKind kind, uint64_t seq, std::string message) {
    ++kind_counts_[Index(kind)];
    findings_.Add({kind, seq, std::move(message), "", 0});
  };

  // Content: checked for every row. The link check below uses the stored hash, so one edited
  // record gives one finding, not one for every record after it.
  Bytes computed = RecordHash(r);
  if (computed != r.hash) {
    add(FindingKind::kHashMismatch, r.seq,
        "record " + std::to_string(r.seq) + ": stored hash " + Short(r.hash) +
            " is not the hash of its content " + Short(computed) +
            ": the record was changed after it was written");
  }

  // Position.
  if (r.seq < next_seq_ || seq_exhausted_) {
    add(FindingKind::kSequenceDuplicate, r.seq,
        "record " + std::to_string(r.seq) + " comes where record " +
            (seq_exhausted_ ? std::string("(none: the last seq was 2^64-1)")
                            : std::to_string(next_seq_)) +
            " was expected: a duplicated, inserted or out-of-order row");
    return;  // the chain continues from the record before it
  }
  if (r.seq > next_seq_) {
    add(FindingKind::kSequenceGap, next_seq_,
        "records " + std::to_string(next_seq_) + " to " + std::to_string(r.seq - 1) +
            " are missing: record " + std::to_string(r.seq) + " follows " +
            (records_ == 1 ? "the start of the range" : "record " + std::to_string(next_seq_ - 1)));
  }
  if (link_ && r.prev_hash != *link_) {
    add(FindingKind::kBrokenLink, r.seq,
        "record " + std::to_string(r.seq) + ": prev_hash " + Short(r.prev_hash) + " is not " +
            (last_accepted_ == 0 ? std::string("the trusted hash before the range ")
                                 : "the hash of record " + std::to_string(last_accepted_) + " ") +
            Short(*link_) + ": a row was removed, inserted or moved here");
  }

  // Time: a warning only, compared with the previous record so one bad clock warns once.
  if (prev_at_us_ && opts_.backwards_tolerance_us >= 0 &&
      r.at_us<*prev_at_us_&& static_cast<uint64_t>(*prev_at_us_) -
              static_cast<uint64_t>(r.at_us)> static_cast<uint64_t>(opts_.backwards_tolerance_us)) {
    ++kind_counts_[Index(FindingKind::kTimeWentBackwards)];
    warnings_.Add({FindingKind::kTimeWentBackwards, r.seq,
                   "record " + std::to_string(r.seq) + " is dated " + FormatUtcMicros(r.at_us) +
                       ", before record " + std::to_string(last_accepted_) + " (" +
                       FormatUtcMicros(*prev_at_us_) + ")",
                   "", 0});
  }
  if (r.event == kRestoredEvent) {
    NoteRestore(r, link_ ? *link_ : r.prev_hash,
                last_accepted_ + 1 == r.seq ? prev_at_us_ : std::nullopt);
  }
  Accept(r);
}

void Verifier::AddRestoreBeforeRange(const Record& r) {
  if (r.event != kRestoredEvent || r.seq >= opts_.first_seq) return;
  NoteRestore(r, r.prev_hash, std::nullopt);
}

void Verifier::NoteRestore(const Record& r, const Bytes& before,
                           std::optional<int64_t> before_at_us) {
  Restore restore;
  RestoreSeen& seen = restore.seen;
  seen.seq = r.seq;
  auto statement = RestoreFromJson(r.details);
  if (!statement.ok()) {
    seen.problem = "its statement cannot be read (" + statement.error().message() + ")";
  } else {
    seen.statement = *statement;
    auto key = opts_.trusted_keys.find(statement->key_id);
    if (key == opts_.trusted_keys.end() || key->second == nullptr) {
      seen.problem = "it is signed by key '" + statement->key_id + "', which is not trusted";
    } else if (Status s = VerifyRestore(*statement, key->second); !s.ok()) {
      seen.problem = "its signature does not verify";
    } else if (statement->backup_size + 1 != r.seq) {
      seen.problem = "it names record " + std::to_string(statement->backup_size) +
                     " as the backup's last, but follows record " + std::to_string(r.seq - 1);
    } else if (statement->backup_root != before) {
      seen.problem = "the backup's last record it names is not the record before it";
    } else {
      seen.verified = true;
    }
  }
  // A head over the lost history was signed after the backup's last record was written (less
  // the skew between replicas' clocks); without that record's time, any earlier head may be.
  restore.lost_from_us = INT64_MIN;
  if (before_at_us) {
    int64_t skew = std::max<int64_t>(opts_.backwards_tolerance_us, 0);
    restore.lost_from_us = *before_at_us > INT64_MIN + skew ? *before_at_us - skew : INT64_MIN;
  }
  restores_.push_back(std::move(restore));
}

bool Verifier::SetAsideForRestore(const SignedHead& h) {
  for (auto& restore : restores_) {
    const RestoreSeen& seen = restore.seen;
    if (seen.verified && h.size > seen.statement.backup_size &&
        h.signed_at_us >= restore.lost_from_us && h.signed_at_us < seen.statement.restored_at_us) {
      ++restore.seen.heads_set_aside;
      ++heads_set_aside_;
      return true;
    }
  }
  return false;
}

void Verifier::Accept(const Record& r) {
  if (opts_.retain_record_hashes) {
    if (r.hash.size() == kHashSize) {
      RetainedHash entry{r.seq, {}};
      std::copy(r.hash.begin(), r.hash.end(), entry.hash.begin());
      retained_.push_back(entry);
    } else {
      bad_hash_seqs_.push_back(r.seq);
    }
  }
  link_ = r.hash;
  prev_at_us_ = r.at_us;
  last_accepted_ = r.seq;
  if (r.seq == UINT64_MAX) {
    seq_exhausted_ = true;
  } else {
    next_seq_ = r.seq + 1;
  }
  ResolvePendingUpTo(r.seq);
}

void Verifier::ResolvePendingUpTo(uint64_t seq) {
  while (!pending_.empty() && pending_.begin()->first <= seq) {
    PendingHead p = std::move(pending_.begin()->second);
    pending_.erase(pending_.begin());
    CompareRoot(p.head, p.source);
  }
}

Verifier::Lookup Verifier::HashAt(uint64_t seq, Bytes& hash) const {
  if (seq + 1 == opts_.first_seq) {
    if (!anchor_hash_) return Lookup::kUnknown;
    hash = *anchor_hash_;
    return Lookup::kFound;
  }
  // The newest record is always at hand, retained or not.
  if (last_accepted_ != 0 && seq == last_accepted_) {
    hash = *link_;
    return Lookup::kFound;
  }
  if (!opts_.retain_record_hashes) return Lookup::kUnknown;
  auto it = std::lower_bound(retained_.begin(), retained_.end(), seq,
                             [](const RetainedHash& e, uint64_t s) { return e.seq < s; });
  if (it != retained_.end() && it->seq == seq) {
    hash.assign(it->hash.begin(), it->hash.end());
    return Lookup::kFound;
  }
  if (std::binary_search(bad_hash_seqs_.begin(), bad_hash_seqs_.end(), seq)) {
    hash.clear();  // a malformed stored hash matches no root
    return Lookup::kFound;
  }
  return Lookup::kMissing;
}

void Verifier::CompareRoot(const SignedHead& h, const std::string& source) {
  Bytes hash;
  switch (HashAt(h.size, hash)) {
    case Lookup::kFound:
      if (h.root_hash != hash && !SetAsideForRestore(h)) {
        AddHeadFinding(FindingKind::kHeadMismatch, h.size, h, source,
                       HeadName(h, source) + " has root " + Short(h.root_hash) + ", but " +
                           (h.size == 0 ? std::string("the empty chain's root is zero")
                                        : "record " + std::to_string(h.size) + " here hashes to " +
                                              Short(hash)) +
                           ": history up to record " + std::to_string(h.size) +
                           " was rewritten after the head was signed");
      }
      return;
    case Lookup::kMissing:
      if (SetAsideForRestore(h)) return;
      AddHeadFinding(FindingKind::kHeadMismatch, h.size, h, source,
                     HeadName(h, source) + " ends at record " + std::to_string(h.size) +
                         ", which is missing from this history");
      return;
    case Lookup::kUnknown:
      ++heads_unchecked_;
      return;
  }
}

void Verifier::AddHeadFinding(FindingKind kind, uint64_t seq, const SignedHead& h,
                              const std::string& source, std::string message) {
  ++kind_counts_[Index(kind)];
  findings_.Add({kind, seq, std::move(message), source, h.size});
}

void Verifier::AddHead(const SignedHead& h, std::string source) {
  ++heads_;
  // Only a head signed by a trusted key says anything about the chain.
  auto key = opts_.trusted_keys.find(h.key_id);
  if (key == opts_.trusted_keys.end() || key->second == nullptr) {
    AddHeadFinding(FindingKind::kUnknownHeadKey, h.size, h, source,
                   HeadName(h, source) + " is signed by key '" + h.key_id +
                       "', which is not a trusted head-signing key");
    return;
  }
  if (Status s = VerifyHead(h, key->second); !s.ok()) {
    AddHeadFinding(FindingKind::kBadHeadSignature, h.size, h, source,
                   HeadName(h, source) + " names trusted key " + h.key_id +
                       " but does not verify: " + s.error().message());
    return;
  }
  if (h.signed_at_us > opts_.now_us &&
      static_cast<uint64_t>(h.signed_at_us) - static_cast<uint64_t>(opts_.now_us) >
          static_cast<uint64_t>(std::max<int64_t>(opts_.future_tolerance_us, 0))) {
    // Still compared below: the signature is good, only its date is wrong.
    AddHeadFinding(FindingKind::kHeadFromFuture, h.size, h, source,
                   HeadName(h, source) + " is dated after now (" + FormatUtcMicros(opts_.now_us) +
                       "): the signer's clock is wrong or the key is misused");
  }
  if (h.size < opts_.first_seq - 1 || (h.size == opts_.first_seq - 1 && !anchor_hash_)) {
    ++heads_skipped_;  // ends before the verified range
    return;
  }
  if (h.size >= next_seq_ && !seq_exhausted_) {
    pending_.emplace(h.size, PendingHead{h, std::move(source)});
    return;
  }
  CompareRoot(h, source);
}

VerifyReport Verifier::Finish() {
  // Heads still waiting cover records that never came.
  for (auto& [size, p] : pending_) {
    if (SetAsideForRestore(p.head)) continue;
    AddHeadFinding(FindingKind::kHeadBeyondChain, next_seq_, p.head, p.source,
                   HeadName(p.head, p.source) + " covers " + std::to_string(size) +
                       " records, but the chain ends at record " + std::to_string(next_seq_ - 1) +
                       ": records " + std::to_string(next_seq_) + " to " + std::to_string(size) +
                       " were removed");
  }
  pending_.clear();

  VerifyReport report;
  report.records_checked = records_;
  report.first_record_seq = first_seen_;
  report.last_record_seq = last_accepted_;
  report.heads_checked = heads_;
  report.heads_skipped = heads_skipped_;
  report.heads_unchecked = heads_unchecked_;
  report.heads_set_aside = heads_set_aside_;
  for (auto& restore : restores_) report.restores.push_back(std::move(restore.seen));
  report.findings_total = findings_.total();
  report.first_bad_seq = findings_.min_seq();
  report.findings = findings_.Take();
  report.warnings_total = warnings_.total();
  report.warnings = warnings_.Take();
  report.ok = report.findings_total == 0 && heads_unchecked_ == 0;

  std::string range = records_ == 0 ? std::string("no records")
                                    : std::to_string(records_) + " record(s) (seq " +
                                          std::to_string(first_seen_) + " to " +
                                          std::to_string(last_accepted_) + ")";
  std::string& s = report.summary;
  if (report.findings_total == 0) {
    s = "Audit chain intact: " + range + " checked, every hash and link is correct";
    if (heads_ == 0) {
      s += "; no signed heads were given, so a cut-off tail or a consistently rewritten history "
           "could not be detected.";
    } else {
      s += ", and " +
           std::to_string(heads_ - heads_skipped_ - heads_unchecked_ - heads_set_aside_) + " of " +
           std::to_string(heads_) + " signed head(s) were compared and match.";
    }
  } else {
    s = "Audit chain NOT intact: " + std::to_string(report.findings_total) + " problem(s) in " +
        range + " and " + std::to_string(heads_) + " signed head(s), the first at record " +
        std::to_string(*report.first_bad_seq) + ". Found: ";
    bool first = true;
    for (size_t i = 0; i + 1 < kKindCount; ++i) {
      if (kind_counts_[i] == 0) continue;
      s += (first ? "" : "; ") + std::to_string(kind_counts_[i]) + " " +
           std::string(kKinds[i].plain);
      first = false;
    }
    s += ". Records from " + std::to_string(*report.first_bad_seq) +
         " on cannot be trusted as stored: compare them with an earlier export or backup and "
         "review who could write to the database.";
  }
  if (heads_skipped_ > 0) {
    s += " " + std::to_string(heads_skipped_) +
         " head(s) end before the verified range and were not compared.";
  }
  if (heads_unchecked_ > 0) {
    s += " " + std::to_string(heads_unchecked_) +
         " head(s) could not be compared: they were added after their record with "
         "retain_record_hashes off.";
  }
  for (const auto& restore : report.restores) {
    const RestoreStatement& st = restore.statement;
    if (restore.verified) {
      s += " The chain was restored from a backup at record " + std::to_string(restore.seq) +
           " (restored " + FormatUtcMicros(st.restored_at_us) + ", backup made " +
           FormatUtcMicros(st.backup_created_at_us) + ", ending at record " +
           std::to_string(st.backup_size) +
           "): what was recorded after that backup and before the restore is not in this chain";
      s += restore.heads_set_aside == 0
               ? std::string(".")
               : "; " + std::to_string(restore.heads_set_aside) +
                     " witnessed head(s) of that lost history were set aside, not compared.";
    } else {
      s += " Record " + std::to_string(restore.seq) + " says the chain was restored, but " +
           restore.problem + ": it explains no head.";
    }
  }
  if (report.warnings_total > 0) {
    s += " Warning: " + std::to_string(report.warnings_total) + " " +
         std::string(kKinds[Index(FindingKind::kTimeWentBackwards)].plain) + ".";
  }
  return report;
}

}  // namespace kakunin::audit
