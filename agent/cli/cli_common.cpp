#include "agent/cli/cli_common.h"

#include <openssl/rand.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cctype>
#include <fstream>
#include <iostream>
#include <sstream>

#include "common/core/bytes.h"

namespace kakunin::agent {

int Fail(const Error& e, bool json) {
  if (json) {
    std::cout
        << nlohmann::json{{"ok", false}, {"reason", e.reason()}, {"message", e.message()}}.dump()
        << "\n";
  }
  std::cerr << "kakunin-agent: " << e.ToString() << "\n";
  // 2 is for command-line mistakes only; bad input at the counter (a malformed PIN) is 1.
  return e.reason().rfind("cli.", 0) == 0 ? 2 : 1;
}

v1::TerminalFacts LocalFacts() {
  v1::TerminalFacts f;
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  f.set_hostname(host);
  utsname u{};
  if (::uname(&u) == 0) f.set_os(std::string(u.sysname) + " " + u.release);
  f.set_agent_version(kAgentVersion);
  return f;
}

std::string NewUuid() {
  Bytes b(16);
  RAND_bytes(b.data(), 16);
  b[6] = (b[6] & 0x0f) | 0x40;  // version 4
  b[8] = (b[8] & 0x3f) | 0x80;  // variant
  std::string h = ToHex(b);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20);
}

std::string OutcomeId(v1::Outcome o) {
  std::string name = v1::Outcome_Name(o);
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name.rfind("outcome_", 0) == 0 ? name.substr(8) : name;
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return MakeError(ErrorCode::kNotFound, "agent.read", "cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

nlohmann::json EligibilityJson(const v1::Eligibility& e) {
  return {{"name", e.name()},
          {"name_kana", e.name_kana()},
          {"birth_date", e.birth_date()},
          {"insurer_number", e.insurer_number()},
          {"insurer_name", e.insurer_name()},
          {"insured_symbol", e.insured_symbol()},
          {"insured_number", e.insured_number()},
          {"insured_branch_number", e.insured_branch_number()},
          {"copayment_percent", e.copayment_percent()},
          {"valid_from", e.valid_from()},
          {"valid_to", e.valid_to()},
          {"disqualification_date", e.disqualification_date()},
          {"loss_reason", e.loss_reason()},
          {"medical_aid", !e.medical_aid().public_expense_number().empty()}};
}

}  // namespace kakunin::agent
