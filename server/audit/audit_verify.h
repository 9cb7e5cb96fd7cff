#pragma once
// Verifies the stored audit chain: every record's hash and link, every signed head in the
// database, and any heads witnessed elsewhere (terminals' files, earlier exports). A rewrite of
// history that recomputes every hash still fails against an older witnessed head.

#include <functional>
#include <string>
#include <vector>

#include "common/audit/verifier.h"
#include "common/core/result.h"
#include "server/audit/audit_store.h"

namespace kakunin::server {

struct WitnessedHead {
  audit::SignedHead head;
  std::string source;  // "agent dev-…", a file name
};

// Heads from a file of JSON lines (audit::HeadToJson), as terminals keep them.
Result<std::vector<WitnessedHead>> ReadWitnessFile(const std::string& path);

struct VerifyRequest {
  uint64_t from_seq = 1;
  uint64_t to_seq = 0;  // 0 = to the end
  std::vector<WitnessedHead> witnesses;
  std::vector<const EVP_PKEY*> trusted_keys;  // Ed25519 public keys of the head signer
  std::function<bool()> stop;                 // as AuditQuery::stop
};

Result<audit::VerifyReport> VerifyStoredChain(AuditStore& store, const VerifyRequest& request);

// The report as one JSON object (for scripts and the console).
std::string ReportToJson(const audit::VerifyReport& report);

}  // namespace kakunin::server
