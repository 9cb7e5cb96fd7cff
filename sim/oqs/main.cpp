// kakunin-oqs-sim: serves the emulated national eligibility service over TLS. The certificate
// is made on first start in --data-dir (self-signed, for 127.0.0.1/localhost). `face` and
// `face-delete` as the first argument select the face-reader modes (face_cli.h).
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string_view>
#include <thread>

#include "common/cli/flags.h"
#include "common/crypto/keys.h"
#include "common/crypto/x509.h"
#include "common/log/log.h"
#include "sim/oqs/eligibility_emulator.h"
#include "sim/oqs/emulator_setup.h"
#include "sim/oqs/face_cli.h"
#include "sim/oqs/population.h"
#include "sim/oqs/xml_responder.h"

namespace fs = std::filesystem;
using namespace kakunin;  // NOLINT

static Result<std::pair<std::string, std::string>> TlsIdentity(const std::string& dir) {
  fs::create_directories(dir);
  std::string cert_path = dir + "/oqs.pem", key_path = dir + "/oqs.key";
  if (!fs::exists(cert_path)) {
    KAKUNIN_ASSIGN_OR_RETURN(auto key, crypto::GenerateEcP256Key());
    crypto::CertificateSpec spec;
    spec.subject = {{"C", "JP"}, {"O", "Kakunin TEST"}, {"CN", "oqs-emulator"}};
    spec.not_before = std::time(nullptr) - 3600;
    spec.not_after = std::time(nullptr) + 5LL * 365 * 86400;
    spec.extended_key_usage = {"serverAuth"};
    spec.dns_names = {"localhost"};
    spec.ip_addresses = {"127.0.0.1"};
    KAKUNIN_ASSIGN_OR_RETURN(auto cert,
                             crypto::IssueCertificate(spec, key.get(), nullptr, key.get()));
    KAKUNIN_ASSIGN_OR_RETURN(auto kp, crypto::PrivateKeyToPem(key.get()));
    KAKUNIN_ASSIGN_OR_RETURN(auto cp, crypto::CertificateToPem(cert.get()));
    std::ofstream(key_path) << kp;
    fs::permissions(key_path, fs::perms::owner_read | fs::perms::owner_write);
    std::ofstream(cert_path) << cp;
  }
  std::stringstream c, k;
  c << std::ifstream(cert_path).rdbuf();
  k << std::ifstream(key_path).rdbuf();
  return std::make_pair(c.str(), k.str());
}

static Result<std::unique_ptr<sim::EligibilityEmulator>> MakeEmulator(const cli::Flags& f) {
  KAKUNIN_ASSIGN_OR_RETURN(int ttl, f.GetInt("challenge-ttl"));
  sim::EmulatorOptions options;
  options.challenge_ttl = std::chrono::seconds(ttl);
  KAKUNIN_ASSIGN_OR_RETURN(options.faults.fail_rate, sim::ParseFailRate(f.Get("fail-rate")));
  KAKUNIN_ASSIGN_OR_RETURN(options.faults.delay_ms, f.GetInt("delay-ms"));
  options.faults.unavailable = f.GetBool("unavailable");
  options.faults.malformed = f.GetBool("malformed");
  if (!f.Has("jpki-ca")) {  // challenges only, as the first version served
    auto emulator = std::make_unique<sim::EligibilityEmulator>(options.challenge_ttl);
    emulator->set_faults(options.faults);
    return emulator;
  }
  KAKUNIN_RETURN_IF_ERROR(sim::LoadEmulatorFiles(
      {f.Get("jpki-ca"), f.Get("crl"), f.Get("population"), f.Get("cards-dir")}, &options));
  return sim::EligibilityEmulator::Create(std::move(options));
}

// The XML responder from --xml-dir, --xml-cases and --xml-encoding (folders made if missing).
static Result<std::shared_ptr<sim::XmlResponder>> MakeXmlResponder(const cli::Flags& f) {
  sim::XmlResponderOptions options;
  KAKUNIN_ASSIGN_OR_RETURN(options.population, sim::Population::Load(f.Get("population")));
  if (f.Has("xml-cases")) {
    KAKUNIN_ASSIGN_OR_RETURN(options.cases, sim::LoadXmlCases(f.Get("xml-cases")));
  }
  options.encoding = f.Get("xml-encoding") == "sjis" ? eligibility::xml::Encoding::kShiftJis
                                                     : eligibility::xml::Encoding::kUtf8;
  options.req_dir = f.Get("xml-dir") + "/req";
  options.res_dir = f.Get("xml-dir") + "/res";
  fs::create_directories(options.req_dir);
  fs::create_directories(options.res_dir);
  return std::make_shared<sim::XmlResponder>(std::move(options));
}

// Flag combinations Parse cannot check; "" when fine.
static std::string UsageProblem(const cli::Flags& f) {
  const std::string encoding = f.Get("xml-encoding");
  if (encoding != "utf8" && encoding != "sjis") return "--xml-encoding is utf8 or sjis";
  if ((f.Has("xml-cases") || f.Has("xml-encoding")) && !f.Has("xml-dir")) {
    return "--xml-cases and --xml-encoding need --xml-dir";
  }
  return "";
}

int main(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "face") return sim::FaceMain(argc, argv);
  if (argc > 1 && std::string_view(argv[1]) == "face-delete") {
    return sim::FaceDeleteMain(argc, argv);
  }
  cli::Flags f(
      "kakunin-oqs-sim [options]",
      "Emulates the national eligibility service (オンライン資格確認等システム) for tests\n"
      "and the demo. Never used by production code paths.");
  f.Option("listen", "HOST:PORT", "address", "127.0.0.1:7444")
      .Option("data-dir", "DIR", "where the TLS certificate is kept", "oqs-data")
      .Option("challenge-ttl", "SECONDS", "how long a challenge may be used", "60")
      .Option("ready-file", "FILE", "write the bound port here once serving")
      .Option("xml-dir", "DIR", "also answer the 資格確認端末 XML exchange: DIR/req -> DIR/res")
      .Option("xml-cases", "FILE", "scripted XML answers by insured number (JSON, see README)")
      .Option("xml-encoding", "utf8|sjis", "encoding of the XML answers", "utf8")
      .Option("jpki-ca", "FILE", "TEST JPKI CA (PEM); without it only challenges are served")
      .Option("crl", "FILE", "CRL of the JPKI CA (PEM); without it nothing is revoked")
      .Option("population", "FILE", "synthetic population", KAKUNIN_OQS_POPULATION)
      .Option("cards-dir", "DIR", "CARD.json profiles (kakunin-vcard issue): serial -> person")
      .Option("fail-rate", "0..1", "share of calls answered UNAVAILABLE", "0")
      .Option("delay-ms", "MS", "delay added to every call", "0")
      .Bool("unavailable", "answer every call UNAVAILABLE")
      .Bool("malformed", "answer with garbage, inconsistent fields");
  if (auto s = f.Parse(argc, argv); !s.ok()) {
    std::cerr << "kakunin-oqs-sim: " << s.error().ToString() << "\n";
    return 2;
  }
  if (f.help_requested()) {
    std::cout << f.Help();
    return 0;
  }
  if (const std::string problem = UsageProblem(f); !problem.empty()) {
    std::cerr << "kakunin-oqs-sim: " << problem << "\n";
    return 2;
  }
  InitLogging("kakunin-oqs-sim", LogFormat::kText, "info");
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, nullptr);
  auto emulator = MakeEmulator(f);
  auto tls = TlsIdentity(f.Get("data-dir"));
  if (!emulator.ok() || !tls.ok()) {
    std::cerr << "kakunin-oqs-sim: " << (!emulator.ok() ? emulator.error() : tls.error()).ToString()
              << "\n";
    return 1;
  }
  // Bad XML files fail the start before anything is served.
  std::shared_ptr<sim::XmlResponder> xml_responder;
  if (f.Has("xml-dir")) {
    auto made = MakeXmlResponder(f);
    if (!made.ok()) {
      std::cerr << "kakunin-oqs-sim: " << made.error().ToString() << "\n";
      return 1;
    }
    xml_responder = std::move(*made);
  }
  grpc::SslServerCredentialsOptions opts;
  opts.pem_key_cert_pairs.push_back({tls->second, tls->first});
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(f.Get("listen"), grpc::SslServerCredentials(opts), &port);
  builder.RegisterService(emulator->get());
  auto server = builder.BuildAndStart();
  if (!server) {
    std::cerr << "kakunin-oqs-sim: cannot listen on " << f.Get("listen") << "\n";
    return 1;
  }
  spdlog::info("eligibility emulator serving on port {}", port);
  if (f.Has("ready-file")) {
    std::ofstream(f.Get("ready-file") + ".tmp") << port << "\n";
    fs::rename(f.Get("ready-file") + ".tmp", f.Get("ready-file"));
  }
  // The on-site terminal's file exchange, answered from the same population.
  std::atomic<bool> xml_stop{false};
  std::thread xml_thread;
  if (xml_responder) xml_thread = std::thread([&] { xml_responder->Run(xml_stop); });
  int sig = 0;
  sigwait(&sigs, &sig);
  xml_stop = true;
  if (xml_thread.joinable()) xml_thread.join();
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(3));
  return 0;
}
