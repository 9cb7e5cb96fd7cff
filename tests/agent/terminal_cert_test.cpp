// The daemon's reader of the 資格確認端末 certificate (issue 19), one seam: HQ's settings name a
// file; real PEM and DER files generated here end up on the status board (which the heartbeat
// and the staff window read) with notAfter, subject and serial; a file with a private key is
// refused with its reason and nothing of the key reaches the board; a replaced file is read
// again; no path clears the report.
#include "agent/daemon/terminal_cert.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "common/crypto/keys.h"
#include "common/crypto/x509.h"

namespace kakunin::agent {
namespace {

struct Issued {
  std::string pem, der, key_pem;
};

Issued Issue(time_t not_after, std::vector<uint8_t> serial) {
  auto key = std::move(crypto::GenerateEcP256Key()).value();
  crypto::CertificateSpec spec;
  spec.subject = {{"C", "JP"}, {"O", "駅前薬局"}, {"CN", "1341234566-01"}};
  spec.serial = std::move(serial);
  spec.not_before = not_after - 86400 * 1000;
  spec.not_after = not_after;
  auto cert = std::move(crypto::IssueCertificate(spec, key.get(), nullptr, key.get())).value();
  auto der = std::move(crypto::CertificateToDer(cert.get())).value();
  return {std::move(crypto::CertificateToPem(cert.get())).value(),
          std::string(der.begin(), der.end()),
          std::move(crypto::PrivateKeyToPem(key.get())).value()};
}

class TerminalCertWatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/kakunin-termcert-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void NamePath(const std::string& path) {
    board_.Update([&](v1::AgentStatus& s) {
      s.mutable_config()->mutable_terminal_certificate()->set_path(path);
    });
  }
  void Write(const std::string& path, const std::string& bytes) {
    // Write beside and rename: a new inode, as a copy over a share would give.
    std::ofstream(path + ".tmp", std::ios::binary) << bytes;
    std::filesystem::rename(path + ".tmp", path);
  }

  std::string dir_;
  StatusBoard board_;
  TerminalCertWatch watch_{&board_};
};

TEST_F(TerminalCertWatchTest, ReadsPemAndDerAndReReadsAReplacedFile) {
  const std::string path = dir_ + "/terminal.cer";
  const Issued first = Issue(1838332799, {0x0a, 0x1b});
  Write(path, first.der);
  NamePath(path);
  watch_.Refresh();
  auto r = board_.Snapshot().terminal_certificate();
  EXPECT_EQ(r.path(), path);
  EXPECT_TRUE(r.problem().empty()) << r.problem();
  EXPECT_EQ(r.not_after().seconds(), 1838332799);
  EXPECT_EQ(r.serial_hex(), "0a1b");
  EXPECT_NE(r.subject().find("O=駅前薬局"), std::string::npos);

  // Renewed at the store: the new certificate (PEM this time) replaces the file.
  const Issued renewed = Issue(1940000000, {0x0c});
  Write(path, renewed.pem);
  watch_.Refresh();
  r = board_.Snapshot().terminal_certificate();
  EXPECT_EQ(r.not_after().seconds(), 1940000000);
  EXPECT_EQ(r.serial_hex(), "0c");
}

TEST_F(TerminalCertWatchTest, AFileWithAPrivateKeyIsRefusedAndNothingOfItIsKept) {
  const std::string path = dir_ + "/terminal.pem";
  const Issued issued = Issue(1838332799, {0x01});
  Write(path, issued.pem + issued.key_pem);
  NamePath(path);
  watch_.Refresh();
  const v1::AgentStatus s = board_.Snapshot();
  EXPECT_EQ(s.terminal_certificate().problem(), "cert_file.private_key");
  EXPECT_FALSE(s.terminal_certificate().has_not_after());
  EXPECT_EQ(s.SerializeAsString().find("PRIVATE"), std::string::npos);
}

TEST_F(TerminalCertWatchTest, MissingFileThenNoPath) {
  NamePath(dir_ + "/none.pem");
  watch_.Refresh();
  EXPECT_EQ(board_.Snapshot().terminal_certificate().problem(), "cert_file.unreadable");
  NamePath("");
  watch_.Refresh();
  EXPECT_FALSE(board_.Snapshot().has_terminal_certificate());
}

}  // namespace
}  // namespace kakunin::agent
