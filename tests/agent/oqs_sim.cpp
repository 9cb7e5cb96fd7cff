#include "tests/agent/oqs_sim.h"

#include <filesystem>
#include <fstream>

namespace kakunin::testing {

Result<OqsSim> StartOqsSim(const std::string& oqs_bin, const std::string& dir,
                           const std::string& jpki_dir, const std::string& cards_dir) {
  ProcessOptions o;
  o.argv = {oqs_bin,
            "--listen",
            "127.0.0.1:0",
            "--data-dir",
            dir + "/oqs",
            "--jpki-ca",
            jpki_dir + "/jpki-ca.pem",
            "--crl",
            jpki_dir + "/jpki-crl.pem",
            "--cards-dir",
            cards_dir,
            "--ready-file",
            dir + "/oqs.port"};
  o.log_path = dir + "/oqs.log";
  KAKUNIN_ASSIGN_OR_RETURN(auto p, Process::Start(o));
  OqsSim sim{std::move(p), "", dir + "/oqs/oqs.pem"};
  bool ready =
      WaitFor([&] { return std::filesystem::exists(dir + "/oqs.port") || !sim.process.running(); },
              std::chrono::seconds(30));
  if (!ready || !sim.process.running()) {
    return MakeError(ErrorCode::kUnavailable, "test.oqs",
                     "emulator did not start:\n" + sim.process.ReadLog());
  }
  int port = 0;
  std::ifstream(dir + "/oqs.port") >> port;
  sim.address = "127.0.0.1:" + std::to_string(port);
  return sim;
}

}  // namespace kakunin::testing
