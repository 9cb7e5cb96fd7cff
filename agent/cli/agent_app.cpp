#include "agent/cli/agent_app.h"

#include <google/protobuf/util/time_util.h>
#include <openssl/rand.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "agent/card/card_info_cli.h"
#include "agent/card/card_session.h"
#include "agent/card/pcsc.h"
#include "agent/uplink/terminal_state.h"
#include "agent/uplink/uplink_client.h"
#include "common/cli/flags.h"
#include "common/crypto/signing.h"
#include "common/log/log.h"

namespace kakunin::agent {
namespace {

constexpr char kAgentVersion[] = "0.1.0";

int Fail(const Error& e, bool json) {
  if (json) {
    std::cout
        << nlohmann::json{{"ok", false}, {"reason", e.reason()}, {"message", e.message()}}.dump()
        << "\n";
  }
  std::cerr << "kakunin-agent: " << e.ToString() << "\n";
  return e.code() == ErrorCode::kInvalidArgument ? 2 : 1;
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

int EnrollCommand(int argc, char** argv) {
  cli::Flags f("kakunin-agent enroll --server HOST:PORT --token TOKEN --ca FILE",
               "Registers this terminal with HQ. The key pair is made here and never leaves it;\n"
               "compare the verification code printed at the end with the one HQ sees.");
  f.Option("server", "HOST:PORT", "HQ server")
      .Option("token", "TOKEN", "one-time enrollment token")
      .Option("ca", "FILE", "HQ's CA certificate (to trust the server)")
      .Option("state-dir", "DIR", "where the terminal keeps its identity", "/var/lib/kakunin-agent")
      .Option("terminal-name", "TEXT", "e.g. 本町薬局1号機")
      .Bool("json", "print JSON");
  if (auto s = f.Parse(argc, argv, 2); !s.ok()) return Fail(s.error(), false);
  if (f.help_requested()) {
    std::cout << f.Help();
    return 0;
  }
  EnrollOptions o;
  o.server = f.Get("server");
  o.token = f.Get("token");
  o.ca_file = f.Get("ca");
  o.state_dir = f.Get("state-dir");
  o.facts = LocalFacts();
  o.facts.set_terminal_name(f.Get("terminal-name"));
  // The reader's compliance is part of the terminal's facts: HQ sees non-compliant readers.
  if (auto ctx = card::PcscContext::Establish(); ctx.ok()) {
    if (auto reader = (*ctx)->ChooseReader(std::nullopt); reader.ok())
      o.facts.set_reader_name(*reader);
  }
  auto r = Enroll(o);
  if (!r.ok()) return Fail(r.error(), f.GetBool("json"));
  if (f.GetBool("json")) {
    std::cout << nlohmann::json{{"ok", true},
                                {"device_id", r->device_id()},
                                {"site_id", r->site_id()},
                                {"verification_code", r->verification_code()},
                                {"status",
                                 r->status() == v1::DEVICE_STATUS_ACTIVE ? "active" : "pending"}}
                     .dump()
              << "\n";
  } else {
    std::cout << "enrolled as " << r->device_id() << " (site " << r->site_id() << ")\n"
              << "verification code: " << r->verification_code() << "\n";
  }
  return 0;
}

int CheckCommand(int argc, char** argv) {
  cli::Flags f("kakunin-agent check --mode visual [--reader NAME] [--json]",
               "Waits for a My Number Card, reads its user-authentication certificate and\n"
               "delivers the check to HQ (acknowledged durably before this command succeeds).");
  f.Option("mode", "MODE", "visual (目視確認); pin arrives with the eligibility service", "visual")
      .Option("route", "ROUTE", "counter, home-visit, house-call, online, ward", "counter")
      .Option("reader", "NAME", "reader to use (default: the first with a card)")
      .Option("wait", "SECONDS", "how long to wait for a card", "30")
      .Option("state-dir", "DIR", "terminal identity", "/var/lib/kakunin-agent")
      .Bool("json", "print the result as JSON");
  if (auto s = f.Parse(argc, argv, 2); !s.ok()) return Fail(s.error(), false);
  if (f.help_requested()) {
    std::cout << f.Help();
    return 0;
  }
  bool json = f.GetBool("json");
  if (f.Get("mode") != "visual") {
    return Fail(MakeError(ErrorCode::kUnimplemented, "check.mode_unavailable",
                          "PIN mode needs the eligibility service's challenge (not configured)"),
                json);
  }
  auto state = LoadTerminalState(f.Get("state-dir"));
  if (!state.ok()) return Fail(state.error(), json);
  auto wait = f.GetInt("wait");
  if (!wait.ok()) return Fail(wait.error(), json);

  auto start = std::chrono::steady_clock::now();
  auto ctx = card::PcscContext::Establish();
  if (!ctx.ok()) return Fail(ctx.error(), json);
  std::string reader;
  if (f.Has("reader")) {
    reader = f.Get("reader");
    if (auto s = (*ctx)->WaitForCard(reader, std::chrono::seconds(*wait)); !s.ok())
      return Fail(s.error(), json);
  } else {
    auto r = (*ctx)->WaitForAnyCard(std::chrono::seconds(*wait));
    if (!r.ok()) return Fail(r.error(), json);
    reader = *r;
  }
  auto conn = (*ctx)->Connect(reader);
  if (!conn.ok()) return Fail(conn.error(), json);
  card::CardSession session(**conn);
  auto read = session.CheckVisual();
  if (!read.ok()) return Fail(read.error(), json);

  v1::CheckResult result;
  result.set_check_id(NewUuid());
  auto seq = NextSequence(state->dir);
  if (!seq.ok()) return Fail(seq.error(), json);
  result.set_sequence(*seq);
  *result.mutable_checked_at() = google::protobuf::util::TimeUtil::GetCurrentTime();
  result.set_mode(v1::IDENTITY_MODE_VISUAL);
  result.set_route(v1::CHECK_ROUTE_COUNTER);
  result.set_source(v1::CHECK_SOURCE_CARD);
  // The eligibility query arrives with the emulator issue; until then the check records the
  // card read honestly as not completed.
  result.set_outcome(v1::OUTCOME_ERROR);
  result.set_error_reason("eligibility.not_configured");
  result.set_error_message("card read; no eligibility service configured");
  result.mutable_reader()->set_name(reader);
  result.mutable_reader()->set_extended_apdu(true);  // CheckVisual reads with one extended APDU
  result.mutable_reader()->set_atr_hex(ToHex((*conn)->atr()));
  result.set_certificate_digest(ToString(crypto::Sha256(read->certificate)));
  result.set_apdu_count(read->counters.apdus);
  result.set_duration_ms(
      static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now() - start)
                                .count()));
  v1::TerminalFacts facts = LocalFacts();
  facts.set_reader_name(reader);
  facts.set_extended_apdu(true);
  auto acked = DeliverResults(*state, facts, {result}, std::chrono::seconds(30));
  if (!acked.ok()) return Fail(acked.error(), json);
  if (json) {
    std::cout << nlohmann::json{{"ok", true},
                                {"check_id", result.check_id()},
                                {"sequence", result.sequence()},
                                {"acked_sequence", *acked},
                                {"reader", reader},
                                {"atr", ToHex((*conn)->atr())},
                                {"apdus", read->counters.apdus},
                                {"certificate_sha256", ToHex(crypto::Sha256(read->certificate))}}
                     .dump()
              << "\n";
  } else {
    std::cout << "check " << result.check_id() << " delivered (sequence " << result.sequence()
              << ", " << read->counters.apdus << " APDUs)\n";
  }
  return 0;
}

}  // namespace

int AgentMain(int argc, char** argv) {
  InitLogging("kakunin-agent", LogFormat::kText, "warn");
  std::string cmd = argc > 1 ? argv[1] : "";
  if (cmd == "enroll") return EnrollCommand(argc, argv);
  if (cmd == "check") return CheckCommand(argc, argv);
  if (cmd == "card-info") return card::RunCardInfoCommand(argc - 1, argv + 1);
  std::cout << "Usage: kakunin-agent <command> [options]\n\n"
               "Commands:\n"
               "  enroll     register this terminal with HQ (one-time token)\n"
               "  check      read a card and deliver the check to HQ\n"
               "  card-info  reader and card diagnostics\n\n"
               "Run a command with --help for its options.\n";
  return cmd.empty() || cmd == "--help" || cmd == "-h" || cmd == "help" ? (cmd.empty() ? 2 : 0) : 2;
}

}  // namespace kakunin::agent
