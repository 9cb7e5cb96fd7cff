#include "tests/agent/oqs_sim.h"

#include <filesystem>
#include <fstream>

#include "tests/harness/card/vcard_instance.h"

namespace kakunin::testing {

Result<std::string> IssueYamadaCard(const std::string& vcard_bin, const std::string& dir) {
  const std::string ca = dir + "/jpki";
  std::filesystem::create_directories(dir + "/cards");
  KAKUNIN_RETURN_IF_ERROR(VcardInstance::InitCa(vcard_bin, ca));
  KAKUNIN_RETURN_IF_ERROR(VcardInstance::IssueCard(
      vcard_bin, ca, "yamada-taro", dir + "/cards/yamada-taro.json", {"--pin", "1234"}));
  return ca;
}

Result<OqsSim> StartOqsSim(const std::string& oqs_bin, const std::string& dir,
                           const std::string& jpki_dir, const std::string& cards_dir,
                           const std::string& listen, const std::vector<std::string>& extra) {
  std::filesystem::remove(dir + "/oqs.port");  // a restart waits for its own
  ProcessOptions o;
  o.argv = {oqs_bin,
            "--listen",
            listen,
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
  o.argv.insert(o.argv.end(), extra.begin(), extra.end());
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
