#include "server/audit/audit_verify.h"

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>

namespace kakunin::server {

Result<std::vector<WitnessedHead>> ReadWitnessFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return MakeError(ErrorCode::kNotFound, "audit.no_witness_file", "cannot read " + path);
  std::vector<WitnessedHead> out;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) continue;
    auto head = audit::HeadFromJson(line);
    if (!head.ok()) {
      return MakeError(ErrorCode::kInvalidArgument, head.error().reason(),
                       path + ":" + std::to_string(n) + ": " + head.error().message());
    }
    out.push_back({*head, path});
  }
  return out;
}

Result<audit::VerifyReport> VerifyStoredChain(AuditStore& store, const VerifyRequest& request) {
  audit::VerifyOptions options;
  options.first_seq = request.from_seq == 0 ? 1 : request.from_seq;
  options.now_us = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  for (const EVP_PKEY* key : request.trusted_keys) {
    options.trusted_keys[audit::KeyIdFor(key)] = key;
  }
  // Heads first, so the verifier need not keep every record's hash in memory.
  options.retain_record_hashes = false;
  audit::Verifier verifier(options);
  KAKUNIN_ASSIGN_OR_RETURN(auto heads, store.Heads(0));
  // A range check can only judge heads whose last record lies inside the range.
  auto in_range = [&](const audit::SignedHead& h) {
    return request.to_seq == 0 || h.size <= request.to_seq;
  };
  for (const auto& h : heads) {
    if (in_range(h)) verifier.AddHead(h, "server");
  }
  for (const auto& w : request.witnesses) {
    if (in_range(w.head)) verifier.AddHead(w.head, w.source);
  }
  // A restore before the range still explains the terminals' heads over what it lost.
  if (options.first_seq > 1) {
    AuditQuery before;
    before.to_seq = options.first_seq - 1;
    before.event = std::string(audit::kRestoredEvent);
    before.stop = request.stop;
    KAKUNIN_RETURN_IF_ERROR(
        store.ForEach(before, [&](const audit::Record& r) { verifier.AddRestoreBeforeRange(r); }));
  }
  AuditQuery q;
  q.from_seq = options.first_seq;
  q.to_seq = request.to_seq;
  q.stop = request.stop;
  KAKUNIN_RETURN_IF_ERROR(store.ForEach(q, [&](const audit::Record& r) { verifier.AddRecord(r); }));
  return verifier.Finish();
}

std::string ReportToJson(const audit::VerifyReport& r) {
  nlohmann::json j;
  j["ok"] = r.ok;
  j["records_checked"] = r.records_checked;
  j["first_record_seq"] = r.first_record_seq;
  j["last_record_seq"] = r.last_record_seq;
  j["heads_checked"] = r.heads_checked;
  j["heads_skipped"] = r.heads_skipped;
  if (r.first_bad_seq) j["first_bad_seq"] = *r.first_bad_seq;
  j["findings_total"] = r.findings_total;
  j["findings"] = nlohmann::json::array();
  for (const auto& f : r.findings) {
    nlohmann::json x;
    x["kind"] = std::string(audit::FindingKindName(f.kind));
    x["seq"] = f.seq;
    x["message"] = f.message;
    if (!f.head_source.empty()) {
      x["head_source"] = f.head_source;
      x["head_size"] = f.head_size;
    }
    j["findings"].push_back(x);
  }
  j["heads_unchecked"] = r.heads_unchecked;
  j["heads_set_aside"] = r.heads_set_aside;
  j["restores"] = nlohmann::json::array();
  for (const auto& restore : r.restores) {
    nlohmann::json x;
    x["seq"] = restore.seq;
    x["verified"] = restore.verified;
    if (!restore.problem.empty()) x["problem"] = restore.problem;
    x["backup_size"] = restore.statement.backup_size;
    x["backup_created_at"] = audit::FormatUtcMicros(restore.statement.backup_created_at_us);
    x["restored_at"] = audit::FormatUtcMicros(restore.statement.restored_at_us);
    x["heads_set_aside"] = restore.heads_set_aside;
    j["restores"].push_back(x);
  }
  j["warnings_total"] = r.warnings_total;
  j["warnings"] = nlohmann::json::array();
  for (const auto& w : r.warnings) {
    j["warnings"].push_back({{"kind", std::string(audit::FindingKindName(w.kind))},
                             {"seq", w.seq},
                             {"message", w.message}});
  }
  j["summary"] = r.summary;
  return j.dump();
}

}  // namespace kakunin::server
