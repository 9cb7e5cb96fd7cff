#include "agent/cli/cli_common.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>

#include "agent/cli/operator_text.h"
#include "agent/daemon/install_paths.h"
#include "agent/store/local_store.h"
#include "agent/uplink/uplink_client.h"
#include "common/cli/language.h"
#include "common/core/bytes.h"
#include "common/domain/check_digit.h"
#include "common/os/files.h"
#include "common/text/charset.h"

namespace kakunin::agent {

int Fail(const Error& e, bool json) {
  if (json) {
    std::cout
        << nlohmann::json{{"ok", false}, {"reason", e.reason()}, {"message", e.message()}}.dump()
        << "\n";
  }
  std::cerr << OperatorLines(e);
  // 2 is for command-line mistakes only; bad input at the counter (a malformed PIN) is 1.
  return e.reason().rfind("cli.", 0) == 0 ? 2 : 1;
}

std::optional<int> ParseFlags(cli::Flags& f, int argc, char** argv) {
  if (auto s = f.Parse(argc, argv, 2); !s.ok()) return Fail(s.error(), false);
  if (f.help_requested()) {
    std::cout << f.Help();
    return 0;
  }
  return std::nullopt;
}

cli::Flags& StateDirOption(cli::Flags& f, bool with_outbox) {
  return f.Option("state-dir", "DIR",
                  with_outbox
                      ? cli::Localized("terminal identity and outbox",
                                       "端末の証明書と鍵、送信待ちの結果を置くディレクトリ")
                      : cli::Localized("terminal identity", "端末の証明書と鍵を置くディレクトリ"),
                  SystemStateDir());
}

cli::Flags& SocketOption(cli::Flags& f) {
  return f.Option(
      "socket", "PATH",
      cli::Localized("local API socket (default: /run/kakunin-agent/agent.sock with "
                     "the default state dir, else STATE-DIR/agent.sock)",
                     "常駐サービスのソケット（既定のディレクトリなら "
                     "/run/kakunin-agent/agent.sock、それ以外は STATE-DIR/agent.sock）"));
}

cli::Flags& JsonOption(cli::Flags& f, bool the_result) {
  return f.Bool("json", the_result
                            ? cli::Localized("print the result as JSON", "結果を JSON で出力する")
                            : cli::Localized("print JSON", "JSON で出力する"));
}

Result<std::unique_ptr<eligibility::OqsClient>> ServiceFromFlags(const cli::Flags& f) {
  if (!f.Has("oqs")) return std::unique_ptr<eligibility::OqsClient>();
  KAKUNIN_ASSIGN_OR_RETURN(auto ca, ReadFile(f.Get("oqs-ca")));
  return std::make_unique<eligibility::OqsClient>(
      eligibility::OqsClientOptions{f.Get("oqs"), ca, f.Get("institution-code")});
}

v1::TerminalFacts LocalFacts() {
  v1::TerminalFacts f;
  f.set_hostname(os::HostName());
  f.set_os(os::OsDescription());
  f.set_agent_version(kAgentVersion);
  return f;
}

std::string FormatUuid(Bytes b, int version) {
  b.resize(16);
  b[6] = static_cast<uint8_t>((b[6] & 0x0f) | (version << 4));
  b[8] = (b[8] & 0x3f) | 0x80;  // variant
  std::string h = ToHex(b);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20);
}

std::string NewUuid() {
  Bytes b(16);
  RAND_bytes(b.data(), 16);
  return FormatUuid(std::move(b), 4);
}

std::string OutcomeId(v1::Outcome o) {
  std::string name = v1::Outcome_Name(o);
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name.rfind("outcome_", 0) == 0 ? name.substr(8) : name;
}

// The staff window's words for each outcome (agent/station Labels::Outcome): staff read both.
const char* OutcomeWords(v1::Outcome o) {
  switch (o) {
    case v1::OUTCOME_ELIGIBLE:
      return "資格有効";
    case v1::OUTCOME_INELIGIBLE:
      return "資格喪失";
    case v1::OUTCOME_NOT_FOUND:
      return "該当資格なし";
    case v1::OUTCOME_NOT_REGISTERED:
      return "マイナ保険証の利用登録なし";
    case v1::OUTCOME_CERTIFICATE_EXPIRED:
      return "電子証明書の有効期限切れ";
    case v1::OUTCOME_CERTIFICATE_REVOKED:
      return "電子証明書の失効";
    case v1::OUTCOME_DOCUMENT_ACCEPTED:
      return "書類で確認済み";
    case v1::OUTCOME_DOCUMENT_REFUSED:
      return "書類が有効ではありません";
    case v1::OUTCOME_MULTIPLE:
      return "複数の資格あり";
    default:
      return "確認できませんでした";
  }
}

std::string CheckLine(const v1::CheckResult& result) {
  // Sequence 0: not saved yet (the daemon holds it until its outbox takes it).
  return "確認 " + result.check_id() + ": " + OutcomeWords(result.outcome()) +
         (result.sequence() == 0 ? "（未保存）"
                                 : "（通番 " + std::to_string(result.sequence()) + "）");
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(os::PathFromUtf8(path));
  if (!in) return MakeError(ErrorCode::kNotFound, "agent.read", "cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

nlohmann::json EligibilityJson(const v1::Eligibility& e) {
  nlohmann::json j = {{"name", e.name()},
                      {"name_unrepresentable", e.name_has_unrepresentable()},
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
  // The answer's other records (a new qualification, or several at once): see common.proto.
  if (!e.other_records().empty()) {
    j["other_records"] = nlohmann::json::array();
    for (const auto& other : e.other_records())
      j["other_records"].push_back(EligibilityJson(other));
  }
  return j;
}

std::string PatientKey(const std::string& insurer, const std::string& symbol,
                       const std::string& number, const std::string& branch,
                       const std::string& birth_date) {
  return insurer + "|" + symbol + "|" + number + "|" + branch + "|" + birth_date;
}

Status CheckInstitutionCode(const std::string& code, std::vector<std::string>* warnings) {
  if (code.empty()) return OkStatus();
  auto check = domain::ValidateMedicalInstitutionCode10(code);
  if (check.ok()) return OkStatus();
  if (check.override_allowed) {
    warnings->push_back("institution_code.check_digit_unverified");
    return OkStatus();
  }
  return check.ToStatus();
}

domain::LocalDateTime NowInJapan() {
  std::time_t t = std::time(nullptr) + 9 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  return domain::LocalDateTime{domain::Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday},
                               tm.tm_hour, tm.tm_min, tm.tm_sec};
}

std::string JapanMinute(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds) + 9 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &tm);
  return text;
}

domain::Date TodayInJapan() { return domain::JapanDateOf(std::time(nullptr)); }

std::string ReaderNameForHq(std::string_view name) {
  return std::string(text::Utf8Prefix(name, 128));
}

namespace {
Result<Delivery> SendPending(LocalStore& store, const TerminalState& state,
                             const v1::TerminalFacts& facts) {
  Delivery d;
  d.delivered = true;  // nothing waiting is nothing undelivered
  KAKUNIN_ASSIGN_OR_RETURN(auto pending, store.Pending(1000));
  // A second round only for results HQ refused a number for: moved to new numbers, sent again.
  for (int round = 0; round < 2 && !pending.empty(); ++round) {
    DeliveryNotes notes;
    auto acked =
        DeliverResults(state, facts, pending, std::chrono::seconds(30), kRenewBefore, &notes);
    if (!acked.ok()) {
      d.delivered = false;
      d.error_reason = acked.error().reason();
      // HQ's refusal apart from an outage, even when it is heard only as a closed handshake.
      for (const auto& server : state.servers) {
        if (auto refusal = HqRefusal(acked.error(), state, server); !refusal.empty()) {
          d.error_reason = refusal;
          break;
        }
      }
      break;
    }
    // Before the acknowledgement drops them: results at numbers HQ holds for other results (this
    // outbox was restored from an older copy) go to new numbers, after HQ's.
    // Refusals first: the acknowledgement below takes the refused results out of the outbox.
    for (const auto& [seq, reason] : notes.refused) {
      KAKUNIN_RETURN_IF_ERROR(store.NoteRefusal(seq, reason, std::time(nullptr)));
      d.refused.push_back(reason);
    }
    // Past every number HQ acknowledged: another PC speaking as this terminal (a copied disk)
    // may be ahead of this one's count.
    KAKUNIN_RETURN_IF_ERROR(store.RaiseLastSequence(std::max(notes.welcome_acked, *acked)));
    for (uint64_t seq : notes.taken) {
      if (auto moved = store.Renumber(seq); !moved.ok()) return moved.error();
    }
    // Only what was sent here: HQ acknowledges for the device, and a copy of this terminal's
    // disk may have filled numbers this outbox holds unsent (see UplinkLoop::OnAck).
    const uint64_t sent = pending.back().sequence();
    KAKUNIN_RETURN_IF_ERROR(store.Acknowledge(std::min(*acked, sent)));
    d.acked_sequence = *acked;
    d.delivered = true;
    if (notes.taken.empty()) break;
    KAKUNIN_ASSIGN_OR_RETURN(pending, store.Pending(1000));
    d.delivered = pending.empty();
  }
  KAKUNIN_ASSIGN_OR_RETURN(d.queued, store.Depth());
  return d;
}
}  // namespace

Result<std::unique_ptr<LocalStore>> OpenOutbox(const std::string& state_dir) {
  const std::string path = state_dir + "/outbox.db";
  auto store = LocalStore::Open(path);
  if (store.ok() || store.error().reason() != "outbox.damaged") return store;
  // The daemon holds agent.lock: a file moved aside under it would go on taking its results.
  auto lock = os::InstanceLock::Take(state_dir + "/agent.lock");
  if (!lock.ok()) {
    return MakeError(
        ErrorCode::kDataLoss, "outbox.damaged",
        store.error().message() + " (the agent's service repairs it when it starts: restart it)");
  }
  auto repaired = LocalStore::Open(path, LocalStore::OnDamage::kRepair);
  if (repaired.ok() && (*repaired)->repair()) {
    std::cerr << OutboxRepairText(*(*repaired)->repair()) << "\n";
  }
  return repaired;
}

Result<Delivery> Persist(const TerminalState& state, v1::CheckResult& result,
                         const v1::TerminalFacts& facts) {
  KAKUNIN_ASSIGN_OR_RETURN(auto store, OpenOutbox(state.dir));
  KAKUNIN_RETURN_IF_ERROR(store->Save(result, TodayInJapan()));
  // Saved: whatever goes wrong in sending now is "not sent yet", never the command's failure
  // (staff told a saved check failed record it again).
  auto sent = SendPending(*store, state, facts);
  if (sent.ok()) return sent;
  Delivery d;
  d.error_reason = sent.error().reason();
  auto depth = store->Depth();
  d.queued = depth.ok() ? *depth : 1;
  return d;
}

Result<Delivery> Flush(const TerminalState& state, const v1::TerminalFacts& facts) {
  KAKUNIN_ASSIGN_OR_RETURN(auto store, OpenOutbox(state.dir));
  return SendPending(*store, state, facts);
}

std::string DeliveryText(const Delivery& d) {
  const std::string waiting = "未送信の結果: " + std::to_string(d.queued) + " 件";
  if (!d.refused.empty()) {
    return "本部が受け付けなかった結果があります（" + std::to_string(d.refused.size()) +
           " 件。理由: " + RefusedByHqText(d.refused.back()) +
           "）。この端末に残してあります（kakunin-agent status）。本部に連絡してください。" +
           waiting;
  }
  if (d.delivered) return "本部に送りました。" + waiting;
  if (d.error_reason == "device.pending") {
    return "この端末は本部の承認待ちのため送れませんでした。結果はこの端末に保存されていて、承認"
           "されると送られます。" +
           waiting;
  }
  if (d.error_reason == "device.revoked") {
    return "この端末は本部で失効されたため送れませんでした。結果はこの端末に保存されて"
           "います。本部に連絡してください。" +
           waiting;
  }
  if (d.error_reason == "device.stale_certificate") {
    return "この端末の証明書は本部で新しいものに置き換えられているため、送れませんでした。"
           "以前のバックアップから戻したパソコンか、この端末の複製の可能性があります。"
           "結果はこの端末に保存されています。本部に連絡してください。" +
           waiting;
  }
  if (d.error_reason == "device.unknown") {
    return "本部にこの端末の登録がないため、送れませんでした（本部のデータが、この端末を登録する"
           "前のバックアップから復元された可能性があります）。結果はこの端末に保存されています。"
           "本部に連絡し、この端末を登録し直してください。" +
           waiting;
  }
  if (d.error_reason == "uplink.hq_older") {
    return "本部のサーバーがこの端末より古い版のため送りませんでした。結果はこの端末に保存されて"
           "いて、本部のサーバーが更新されると送られます。本部にサーバーの更新を依頼してください"
           "。" +
           waiting;
  }
  return "本部につながらないため送れませんでした。結果はこの端末に保存されていて、つながると"
         "送られます。" +
         waiting;
}

void AddDelivery(const Delivery& d, nlohmann::json& j) {
  j["saved"] = true;
  j["delivered"] = d.delivered;
  j["queued"] = d.queued;
  if (d.delivered) j["acked_sequence"] = d.acked_sequence;
  if (!d.error_reason.empty()) j["delivery_error"] = d.error_reason;
  if (!d.refused.empty()) j["refused_by_hq"] = d.refused;
}

Status RefuseRootInAnotherUsersStateDir(const std::string& state_dir, const std::string& command) {
  const auto owner = os::OtherOwnerIfRoot(state_dir);
  if (!owner) return OkStatus();
  return MakeError(ErrorCode::kFailedPrecondition, "agent.run_as_owner",
                   cli::Localized("the state folder " + state_dir + " belongs to " + *owner +
                                      "; run the command as that user: sudo -u " + *owner +
                                      " kakunin-agent " + command + " …",
                                  "状態フォルダー " + state_dir + " は " + *owner +
                                      " のものです。root ではなく、そのユーザーで実行してくださ"
                                      "い: sudo -u " +
                                      *owner + " kakunin-agent " + command + " …"));
}

}  // namespace kakunin::agent
