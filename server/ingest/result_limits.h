#pragma once
// What a terminal may send in one check result, checked at the edge before the result enters
// an ingest batch. A result that breaks a limit is not stored as sent: it becomes a refusal row
// (its sequence slot filled, the reason kept) and the terminal gets a Reject with that reason,
// so one broken or hostile terminal can never make a whole group-commit fail.
//
// Every field is walked by reflection, so a field added to the proto later is bounded by the
// defaults (strings: 256 bytes, valid UTF-8, no control characters; integers: 0..32767; enums:
// a known value) until it gets a limit of its own here. The limits are listed, with reasons, in
// docs/decisions.md ("Limits of what a terminal may send").

#include <google/protobuf/message.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/text/text_fault.h"
#include "kakunin/v1/agent.pb.h"
#include "kakunin/v1/common.pb.h"

namespace kakunin::server {

// Largest sequence PostgreSQL's bigint holds.
constexpr uint64_t kMaxSequence = static_cast<uint64_t>(INT64_MAX);
// Largest outbox depth a terminal's report is taken at: far beyond what a terminal can queue
// (a branch checks a few hundred cards a day), and small enough that HQ's sum over every
// terminal stays inside a bigint. Before, one terminal saying 2^64-1 broke every dashboard.
constexpr uint64_t kMaxOutboxDepth = 1'000'000'000;
// The times a check result may carry: after 2000-01-01 and at most ten minutes ahead of HQ's
// clock. The ingest writer stores a result outside them at HQ's time (a terminal's wrong clock);
// the validation refuses them (what reaches it has been restamped). Ten minutes, not a day: a
// PC set to UTC with Japan's time typed in is 9 h ahead, and one such row dated hours in the
// future stood at the top of every search and cut every console's catch-up after a lost live
// feed short (an outside review). An ordinary drifting clock stays well inside.
constexpr int64_t kEarliestCheck = 946684800;
constexpr int64_t kMaxClockAhead = 10 * 60;
// Default bound of a string field without a limit of its own, in bytes.
constexpr size_t kDefaultStringLimit = 256;

// Whether `s` is a UUID in its 36-character text form (either case).
bool IsUuidText(std::string_view s);
// Whether `s` (a UUID's text) is of version 8: the ids the server makes for refusal rows. A
// terminal's check id may not be one, so no terminal can take the id of another device's
// refusal before the server stores it (agents make versions 4 and 5).
bool IsServerMadeId(std::string_view s);
// Whether `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// What is wrong with a text a terminal sent, in one pass: not well-formed UTF-8 (as IsValidUtf8;
// it wins when both are wrong), or a control character (C0 or DEL; CR and LF are allowed in
// multi-line text; also C1 controls, U+2028/2029 and the bidirectional controls). The validation of
// every string of every result runs this; IsValidUtf8 and a plain loop are its reference in the
// tests and the fuzz target.
// The text rule lives in common/text (the agent applies it too).
using text::FindTextFault;
using text::TextFault;

// Why `r` must not be stored as sent, as a short English reason for the Reject message and the
// refusal row (e.g. "reader.name longer than 128 bytes"); nullopt when it is acceptable.
// `now_seconds` bounds checked_at (a terminal clock more than ten minutes ahead is refused; the
// writer restamps first). `unknown_fields`, when given, is set when `r` (or a message inside it)
// carries fields this program does not know: no limit bounds them, so the caller drops them before
// storing.
std::optional<std::string> ValidateCheckResult(const v1::CheckResult& r, int64_t now_seconds,
                                               bool* unknown_fields = nullptr);

// The same walk for any message from a terminal (hello facts, for example).
std::optional<std::string> ValidateFields(const google::protobuf::Message& m);

// What is wrong with a terminal's report of its 資格確認端末 certificate (shown on HQ's
// certificate calendar): the walk above, a serial in hex digits and a problem that is a reason id.
std::optional<std::string> ValidateTerminalCertificateReport(
    const v1::TerminalCertificateReport& report);

// What HQ keeps of a heartbeat, bounded: the depths capped at kMaxOutboxDepth, the reader's and
// the outbox's states as ids HQ knows, "" or "unknown" (domain::ReaderStatusAtHq and
// StoreStatusAtHq): a terminal's 10 KB or broken text is never stored, nor refused (the rest of
// the heartbeat stands).
struct HeartbeatFacts {
  uint64_t outbox_depth = 0;
  std::string reader_status, store_status;
  uint64_t unsaved_results = 0;
};
HeartbeatFacts BoundHeartbeat(const v1::Heartbeat& heartbeat);

// The rules' field names that name no field of the protos linked into this program (a test
// with every proto linked expects none: a rule for a misspelt name would never apply).
std::vector<std::string> UnresolvedFieldRules();

}  // namespace kakunin::server
