// kakunin-card-bench: what one identity check costs through our card layer (CardSession over
// PcscContext/PcscCard), against OpenSC reading the same certificate from the same card in the
// same run. Both run over a private pcscd + vpcd + kakunin-vcard started by the test harness.
//
// Counting: our side reports ApduCounters; both sides are also counted on the card itself (the
// vcard's APDU log: every C-APDU that reached the card), which is the only count OpenSC gives
// us without parsing its debug log. The vcard log has no timestamps, so the card's own
// processing cannot be subtracted: every time includes pcscd + vpcd + vcard.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "agent/card/card_session.h"
#include "agent/card/pcsc.h"
#include "common/cli/flags.h"
#include "common/core/result.h"
#include "common/crypto/signing.h"
#include "common/crypto/x509.h"
#include "tests/harness/card/pcscd_instance.h"
#include "tests/harness/card/vcard_instance.h"

#ifndef KAKUNIN_VCARD_BIN
#error "KAKUNIN_VCARD_BIN must name the kakunin-vcard binary"
#endif

namespace kakunin::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr char kPin[] = "1234";

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

void Progress(const std::string& line) { std::cerr << "[card-bench] " << line << std::endl; }

struct Stats {
  double median = 0;
  double p95 = 0;
  double mean = 0;
};

// Nearest-rank percentiles: no interpolation between samples that were never measured.
Stats Summarize(std::vector<double> v) {
  Stats s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  auto rank = [&](double p) {
    size_t i = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size())));
    return v[std::clamp<size_t>(i, 1, v.size()) - 1];
  };
  s.median = rank(0.5);
  s.p95 = rank(0.95);
  for (double x : v) s.mean += x;
  s.mean /= static_cast<double>(v.size());
  return s;
}

// Times every round trip through the real transport: the part of a check spent in pcscd, vpcd
// and the card, as opposed to our own encoding, parsing and bookkeeping.
class TimedTransport : public card::CardTransport {
 public:
  explicit TimedTransport(card::CardTransport& inner) : inner_(inner) {}
  Result<Bytes> Transmit(ByteView command) override {
    const auto t0 = Clock::now();
    auto r = inner_.Transmit(command);
    spent_ += Clock::now() - t0;
    return r;
  }
  double spent_ms() const { return Ms(spent_); }

 private:
  card::CardTransport& inner_;
  Clock::duration spent_{};
};

// What the card saw, from its APDU log ("in" = C-APDU to the card, "out" = R-APDU).
struct CardSide {
  uint64_t apdus = 0;
  uint64_t bytes_to_card = 0;
  uint64_t bytes_from_card = 0;
};

uint64_t HexBytes(const std::string& spaced_hex) {
  return spaced_hex.empty() ? 0 : (spaced_hex.size() + 1) / 3;  // "AA BB" and "**" tokens
}

// Entries [from, end) of the log; `from` is advanced to the end.
CardSide CardSideSince(const testing::VcardInstance& vcard, size_t& from) {
  const std::vector<testing::ApduLogEntry> log = vcard.ApduLog();
  CardSide c;
  for (size_t i = from; i < log.size(); ++i) {
    if (log[i].dir == "in") {
      ++c.apdus;
      c.bytes_to_card += HexBytes(log[i].hex);
    } else if (log[i].dir == "out") {
      c.bytes_from_card += HexBytes(log[i].hex);
    }
  }
  from = log.size();
  return c;
}

struct ModeResult {
  std::string name;
  int runs = 0;
  card::ApduCounters counters;      // summed over runs (ours only)
  CardSide card;                    // summed over runs
  std::vector<double> total_ms;     // ours: connect + check + disconnect; OpenSC: process
  std::vector<double> check_ms;     // ours: the CardSession call only
  std::vector<double> transmit_ms;  // ours: inside PcscCard::Transmit
  double PerRun(uint64_t sum) const { return runs ? double(sum) / runs : 0; }
};

struct Rig {
  std::string dir;
  std::string card_json;
  std::string opensc_conf;
  std::unique_ptr<testing::PcscdInstance> pcscd;
  std::unique_ptr<testing::VcardInstance> vcard;
  size_t log_pos = 0;
  ~Rig() {
    vcard.reset();  // the card leaves before the reader goes
    pcscd.reset();
    if (!dir.empty()) testing::RemoveTree(dir);
  }
};

Status StartRig(Rig& rig) {
  rig.dir = testing::MakeTempDir("kakunin-card-bench");
  rig.card_json = rig.dir + "/card.json";
  Progress("issuing a TEST card (PIN 1234) in " + rig.dir);
  KAKUNIN_RETURN_IF_ERROR(testing::VcardInstance::InitCa(KAKUNIN_VCARD_BIN, rig.dir + "/ca"));
  KAKUNIN_RETURN_IF_ERROR(testing::VcardInstance::IssueCard(
      KAKUNIN_VCARD_BIN, rig.dir + "/ca", "card-bench", rig.card_json, {"--pin", kPin}));
  // No OpenSC file cache: every invocation must read the card, as ours does.
  rig.opensc_conf = rig.dir + "/opensc.conf";
  std::ofstream(rig.opensc_conf) << "app default {\n"
                                    "  framework pkcs15 { use_file_caching = no; }\n"
                                    "}\n";
  Progress("starting pcscd (waits for " + std::string(testing::kPcscdLockFile) +
           " if another run holds it)");
  KAKUNIN_ASSIGN_OR_RETURN(rig.pcscd, testing::PcscdInstance::Start());
  KAKUNIN_ASSIGN_OR_RETURN(rig.vcard, testing::VcardInstance::Start(
                                          KAKUNIN_VCARD_BIN, rig.card_json, rig.pcscd->port(0)));
  KAKUNIN_RETURN_IF_ERROR(rig.pcscd->WaitForCard(0, true));
  Progress("pcscd pid " + std::to_string(rig.pcscd->pid()) + ", vcard pid " +
           std::to_string(rig.vcard->pid()) + ", reader \"" + rig.pcscd->reader_name(0) + "\"");
  return OkStatus();
}

Bytes Challenge(int i) {
  Bytes c(32);
  for (size_t j = 0; j < c.size(); ++j) c[j] = static_cast<uint8_t>(i * 31 + j);
  return c;
}

// One check as the agent does it: connect (shared, T=1), transaction, check, disconnect (which
// resets the card, so every PIN check starts unverified and sends a fresh VERIFY).
Result<card::CardCheck> OneCheck(card::PcscContext& context, const std::string& reader, bool pin,
                                 int i, ModeResult& out) {
  const auto t0 = Clock::now();
  KAKUNIN_ASSIGN_OR_RETURN(std::unique_ptr<card::PcscCard> pcsc, context.Connect(reader));
  KAKUNIN_RETURN_IF_ERROR(pcsc->BeginTransaction());
  TimedTransport timed(*pcsc);
  card::CardSession session(timed);
  const auto t1 = Clock::now();
  Result<card::CardCheck> check =
      pin ? session.CheckWithPin(kPin, Challenge(i)) : session.CheckVisual();
  const auto t2 = Clock::now();
  pcsc.reset();
  const auto t3 = Clock::now();
  if (!check.ok()) return check.error();
  out.total_ms.push_back(Ms(t3 - t0));
  out.check_ms.push_back(Ms(t2 - t1));
  out.transmit_ms.push_back(timed.spent_ms());
  return check;
}

Result<ModeResult> RunOurs(Rig& rig, bool pin, int n, Bytes& certificate) {
  ModeResult r;
  r.name = pin ? "ours: PIN" : "ours: visual";
  KAKUNIN_ASSIGN_OR_RETURN(std::unique_ptr<card::PcscContext> context,
                           card::PcscContext::Establish());
  const std::string reader = rig.pcscd->reader_name(0);
  // One untimed warm-up (first connect after insertion powers the card up); it also checks
  // that the result is right, outside the timed loop.
  ModeResult warm;
  KAKUNIN_ASSIGN_OR_RETURN(card::CardCheck first, OneCheck(*context, reader, pin, -1, warm));
  KAKUNIN_ASSIGN_OR_RETURN(crypto::X509Ptr cert, crypto::CertificateFromDer(first.certificate));
  if (pin) {
    KAKUNIN_RETURN_IF_ERROR(
        crypto::VerifyRsaSha256WithCertificate(cert.get(), Challenge(-1), first.signature));
  }
  certificate = first.certificate;
  CardSideSince(*rig.vcard, rig.log_pos);
  for (int i = 0; i < n; ++i) {
    KAKUNIN_ASSIGN_OR_RETURN(card::CardCheck check, OneCheck(*context, reader, pin, i, r));
    if (pin && check.pin_tries_left != 3) {
      return MakeError(ErrorCode::kInternal, "bench.pin_tries",
                       "PIN tries did not come back to 3 after a correct VERIFY");
    }
    r.counters.apdus += check.counters.apdus;
    r.counters.bytes_out += check.counters.bytes_out;
    r.counters.bytes_in += check.counters.bytes_in;
    ++r.runs;
    if ((i + 1) % 10 == 0 || i + 1 == n)
      Progress(r.name + " " + std::to_string(i + 1) + "/" + std::to_string(n));
  }
  r.card = CardSideSince(*rig.vcard, rig.log_pos);
  return r;
}

Result<Bytes> PemFileToDer(const std::string& path) {
  std::ifstream in(path);
  std::stringstream pem;
  pem << in.rdbuf();
  KAKUNIN_ASSIGN_OR_RETURN(crypto::X509Ptr cert, crypto::CertificateFromPem(pem.str()));
  return crypto::CertificateToDer(cert.get());
}

Status RunPkcs15Tool(const Rig& rig, const std::string& output) {
  KAKUNIN_ASSIGN_OR_RETURN(
      testing::CommandOutput out,
      testing::RunCommand({"pkcs15-tool", "--reader", rig.pcscd->reader_name(0),
                           "--read-certificate", "01", "--output", output},
                          {{"OPENSC_CONF", rig.opensc_conf}, {"HOME", rig.dir}}, "",
                          /*merge_stderr=*/true, std::chrono::seconds(60)));
  if (out.exit_code != 0) {
    std::string first_line = out.output.substr(0, out.output.find('\n'));
    return MakeError(ErrorCode::kInternal, "bench.opensc",
                     "pkcs15-tool exited " + std::to_string(out.exit_code) + ": " + first_line);
  }
  return OkStatus();
}

// OpenSC reference: one pkcs15-tool process per read, timed from fork to exit (OpenSC's tools
// establish a context and detect the card on every start; that is its per-read cost).
Result<ModeResult> RunOpenSc(Rig& rig, int n, const Bytes& our_certificate) {
  ModeResult r;
  r.name = "OpenSC read cert";
  // Untimed warm-up into a file: proves OpenSC reads the very certificate we read.
  const std::string pem_path = rig.dir + "/opensc-01.pem";
  KAKUNIN_RETURN_IF_ERROR(RunPkcs15Tool(rig, pem_path));
  KAKUNIN_ASSIGN_OR_RETURN(Bytes der, PemFileToDer(pem_path));
  if (der != our_certificate) {
    return MakeError(ErrorCode::kInternal, "bench.opensc",
                     "OpenSC read a different certificate than ours");
  }
  CardSideSince(*rig.vcard, rig.log_pos);
  for (int i = 0; i < n; ++i) {
    const auto t0 = Clock::now();
    KAKUNIN_RETURN_IF_ERROR(RunPkcs15Tool(rig, "/dev/null"));
    r.total_ms.push_back(Ms(Clock::now() - t0));
    ++r.runs;
    if ((i + 1) % 10 == 0 || i + 1 == n)
      Progress(r.name + " " + std::to_string(i + 1) + "/" + std::to_string(n));
  }
  r.card = CardSideSince(*rig.vcard, rig.log_pos);
  return r;
}

constexpr char kTimingNote[] =
    "the vcard APDU log carries no timestamps, so the virtual card's own work cannot be "
    "subtracted: all times include pcscd + vpcd + vcard";

nlohmann::ordered_json StatsJson(const std::vector<double>& v) {
  if (v.empty()) return nullptr;
  const Stats s = Summarize(v);
  return {{"median_ms", s.median}, {"p95_ms", s.p95}, {"mean_ms", s.mean}};
}

void PrintJson(const std::vector<ModeResult>& modes, int n) {
  nlohmann::ordered_json j;
  j["checks"] = n;
  j["timing_note"] = kTimingNote;
  for (const ModeResult& m : modes) {
    nlohmann::ordered_json o;
    o["name"] = m.name;
    o["runs"] = m.runs;
    if (m.counters.apdus) {
      o["apdus_per_check"] = m.PerRun(m.counters.apdus);
      o["bytes_out_per_check"] = m.PerRun(m.counters.bytes_out);
      o["bytes_in_per_check"] = m.PerRun(m.counters.bytes_in);
    }
    o["card_apdus_per_check"] = m.PerRun(m.card.apdus);
    o["card_bytes_to_card_per_check"] = m.PerRun(m.card.bytes_to_card);
    o["card_bytes_from_card_per_check"] = m.PerRun(m.card.bytes_from_card);
    o["total"] = StatsJson(m.total_ms);
    o["check_only"] = StatsJson(m.check_ms);
    o["in_transmit"] = StatsJson(m.transmit_ms);
    j["modes"].push_back(o);
  }
  const ModeResult& visual = modes[0];
  const ModeResult& opensc = modes[2];
  j["ratio_visual_time_vs_opensc"] =
      Summarize(visual.total_ms).median / Summarize(opensc.total_ms).median;
  j["ratio_visual_apdus_vs_opensc"] = double(visual.card.apdus) / double(opensc.card.apdus);
  std::cout << j.dump(2) << "\n";
}

std::string Fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), format, v);
  return buf;
}

void PrintTable(const std::vector<ModeResult>& modes, int n) {
  std::printf("kakunin-card-bench: %d checks per mode, pcscd + vpcd + kakunin-vcard\n", n);
  std::printf("note: %s.\n\n", kTimingNote);
  std::printf("%-18s %7s %7s %7s %7s %9s %9s %9s %9s %9s\n", "mode", "APDUs", "card", "B out",
              "B in", "total", "total", "check", "check", "transmit");
  std::printf("%-18s %7s %7s %7s %7s %9s %9s %9s %9s %9s\n", "", "/check", "APDUs", "/check",
              "/check", "med ms", "p95 ms", "med ms", "p95 ms", "med ms");
  for (const ModeResult& m : modes) {
    const Stats total = Summarize(m.total_ms);
    const bool ours = !m.check_ms.empty();
    const Stats check = Summarize(m.check_ms);
    const Stats transmit = Summarize(m.transmit_ms);
    // Bytes: ours from ApduCounters, OpenSC from the card log (same quantity, other side).
    const double out = ours ? m.PerRun(m.counters.bytes_out) : m.PerRun(m.card.bytes_to_card);
    const double in = ours ? m.PerRun(m.counters.bytes_in) : m.PerRun(m.card.bytes_from_card);
    std::printf("%-18s %7s %7s %7s %7s %9s %9s %9s %9s %9s\n", m.name.c_str(),
                ours ? Fmt("%.1f", m.PerRun(m.counters.apdus)).c_str() : "-",
                Fmt("%.1f", m.PerRun(m.card.apdus)).c_str(), Fmt("%.0f", out).c_str(),
                Fmt("%.0f", in).c_str(), Fmt("%.2f", total.median).c_str(),
                Fmt("%.2f", total.p95).c_str(), ours ? Fmt("%.2f", check.median).c_str() : "-",
                ours ? Fmt("%.2f", check.p95).c_str() : "-",
                ours ? Fmt("%.2f", transmit.median).c_str() : "-");
  }
  const ModeResult& visual = modes[0];
  const ModeResult& opensc = modes[2];
  std::printf(
      "\ncolumns: APDUs = our ApduCounters; card APDUs = C-APDUs in the vcard log (the only\n"
      "count for OpenSC); total = ours: connect + transaction + check + disconnect, OpenSC:\n"
      "one pkcs15-tool process (fork to exit); check = the CardSession call alone; transmit =\n"
      "time inside PcscCard::Transmit (pcscd + vpcd + vcard round trips).\n\n");
  std::printf("ratio ours visual / OpenSC read: time %.3f (total medians), APDUs %.3f (card log)\n",
              Summarize(visual.total_ms).median / Summarize(opensc.total_ms).median,
              double(visual.card.apdus) / double(opensc.card.apdus));
}

int Run(int argc, char** argv) {
  cli::Flags flags("kakunin-card-bench [--checks N] [--json]",
                   "Times visual and PIN card checks through CardSession over a private pcscd +\n"
                   "vpcd + kakunin-vcard, and OpenSC's pkcs15-tool reading the same certificate.");
  flags.Option("checks", "N", "checks per mode", "50")
      .Bool("json", "machine-readable output on stdout");
  if (auto s = flags.Parse(argc, argv); !s.ok()) {
    std::cerr << "kakunin-card-bench: " << s.error().ToString() << "\n";
    return 2;
  }
  if (flags.help_requested()) {
    std::cout << flags.Help();
    return 0;
  }
  Result<int> n = flags.GetInt("checks");
  if (!n.ok() || *n < 1) {
    std::cerr << "kakunin-card-bench: --checks must be a positive integer\n";
    return 2;
  }
  auto fail = [](const Error& e) {
    std::cerr << "kakunin-card-bench: " << e.ToString() << "\n";
    return 1;
  };
  std::vector<ModeResult> modes;
  {
    Rig rig;  // destroyed (vcard, pcscd stopped; temp dir removed) before we print
    if (Status s = StartRig(rig); !s.ok()) return fail(s.error());
    Bytes certificate;
    for (bool pin : {false, true}) {
      Result<ModeResult> r = RunOurs(rig, pin, *n, certificate);
      if (!r.ok()) return fail(r.error());
      modes.push_back(std::move(r).value());
    }
    Result<ModeResult> opensc = RunOpenSc(rig, *n, certificate);
    if (!opensc.ok()) return fail(opensc.error());
    modes.push_back(std::move(opensc).value());
    Progress("stopping vcard and pcscd");
  }
  if (flags.GetBool("json")) {
    PrintJson(modes, *n);
  } else {
    PrintTable(modes, *n);
  }
  return 0;
}

}  // namespace
}  // namespace kakunin::bench

int main(int argc, char** argv) { return kakunin::bench::Run(argc, argv); }
