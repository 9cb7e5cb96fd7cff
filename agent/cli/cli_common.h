#pragma once
// Helpers shared by kakunin-agent's commands.

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/eligibility/oqs_client.h"
#include "agent/uplink/terminal_state.h"
#include "common/cli/flags.h"
#include "common/core/result.h"
#include "common/core/version.h"
#include "common/domain/date.h"
#include "kakunin/v1/agent.pb.h"

namespace kakunin::agent {

inline constexpr const char* kAgentVersion = kVersion;

class LocalStore;
// The terminal's outbox for a command. A damaged one (found at open) is repaired here only while
// the daemon is stopped (this command then holds agent.lock, and says what the repair did on
// standard error); while it runs, the error says that its restart repairs it.
Result<std::unique_ptr<LocalStore>> OpenOutbox(const std::string& state_dir);

// Prints the error (JSON on stdout when asked, one line on stderr); returns the exit code:
// 2 for command-line mistakes ("cli.*"), 1 otherwise.
int Fail(const Error& e, bool json);
// Parses a command's flags (from argv[2]): an exit code when the command is already over (2 for a
// usage error, 0 after --help), nullopt to go on.
std::optional<int> ParseFlags(cli::Flags& f, int argc, char** argv);
// Options most commands share, worded once: --state-dir (with the outbox for the commands that
// talk to the daemon), --socket, --json ("the result" for check).
cli::Flags& StateDirOption(cli::Flags& f, bool with_outbox = false);
cli::Flags& SocketOption(cli::Flags& f);
cli::Flags& JsonOption(cli::Flags& f, bool the_result = false);
v1::TerminalFacts LocalFacts();
// The eligibility service from --oqs, --oqs-ca and --institution-code; nullptr without --oqs.
Result<std::unique_ptr<eligibility::OqsClient>> ServiceFromFlags(const cli::Flags& f);
std::string NewUuid();
// The first 16 bytes of `bytes` as a UUID of `version` (4 random, 5 name-based).
std::string FormatUuid(Bytes bytes, int version);
std::string OutcomeId(v1::Outcome outcome);  // "eligible", "certificate_revoked", ...
// What the counter calls each outcome (the staff window's words): "資格有効", ...
const char* OutcomeWords(v1::Outcome outcome);
// The text commands' line on a check just saved: "確認 <id>: 資格有効（通番 5）".
std::string CheckLine(const v1::CheckResult& result);
Result<std::string> ReadFile(const std::string& path);
// Root on a PC where the state folder is another user's (the package's kakunin-agent): enroll or
// run as root would leave root's key and outbox there, which the service cannot open (and a
// spent enrollment token). Refused with the command that works. Nothing on Windows.
Status RefuseRootInAnotherUsersStateDir(const std::string& state_dir, const std::string& command);
nlohmann::json EligibilityJson(const v1::Eligibility& e);
// The terminal's key for an insured person (居宅同意取得型 first visits).
std::string PatientKey(const std::string& insurer, const std::string& symbol,
                       const std::string& number, const std::string& branch,
                       const std::string& birth_date);
// Validates a 10-digit 医療機関等コード. A check-digit mismatch where the rule is unverified
// (pharmacy codes) is a warning ("institution_code.check_digit_unverified"), not a refusal.
Status CheckInstitutionCode(const std::string& code, std::vector<std::string>* warnings);
// Japan's civil date and time now.
domain::LocalDateTime NowInJapan();
// Japan's civil date (UTC+9, no daylight saving): document, visit and re-view rules use it.
domain::Date TodayInJapan();

// A reader's name as HQ takes it: at most 128 bytes (pcsc-lite's MAX_READERNAME, HQ's limit in
// server/ingest/result_limits.cpp), cut on a character boundary. A Japanese Windows friendly
// name can be longer, and HQ refused every result, hello and enrollment that carried it.
std::string ReaderNameForHq(std::string_view name);
// An instant (Unix seconds) to the minute in Japan: "2027-12-01 23:59".
std::string JapanMinute(int64_t unix_seconds);

// What happened to a result: saved durably in the outbox (always, or the command fails), and
// delivered to HQ when it was reachable. Undelivered results wait in the outbox, in order.
struct Delivery {
  bool delivered = false;
  uint64_t acked_sequence = 0;
  uint64_t queued = 0;       // outbox depth afterwards
  std::string error_reason;  // why delivery did not happen
  // HQ's reasons for the results it refused for good (noted in the outbox, as the daemon does).
  std::vector<std::string> refused;
};
// Assigns the sequence, saves, then sends everything pending (oldest first).
Result<Delivery> Persist(const TerminalState& state, v1::CheckResult& result,
                         const v1::TerminalFacts& facts);
// Sends what is pending without a new result.
Result<Delivery> Flush(const TerminalState& state, const v1::TerminalFacts& facts);
// Adds the delivery fields to a command's JSON answer.
void AddDelivery(const Delivery& d, nlohmann::json& j);
// The delivery in plain Japanese for the text commands: sent, or why not and that nothing is
// lost ("本部の承認待ちのため…", "本部につながらないため…"), with the results still waiting.
std::string DeliveryText(const Delivery& d);

}  // namespace kakunin::agent
