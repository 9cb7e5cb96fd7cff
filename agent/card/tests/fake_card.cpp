#include "agent/card/tests/fake_card.h"

#include <algorithm>
#include <cstring>

#include "agent/card/jpki.h"
#include "common/crypto/keys.h"
#include "common/crypto/signing.h"
#include "common/crypto/x509.h"

namespace kakunin::card::testing {

Bytes Sw(uint16_t sw) { return {static_cast<uint8_t>(sw >> 8), static_cast<uint8_t>(sw)}; }

Bytes WithSw(Bytes data, uint16_t sw) {
  data.push_back(static_cast<uint8_t>(sw >> 8));
  data.push_back(static_cast<uint8_t>(sw));
  return data;
}

const TestCredentials& Credentials() {
  static const TestCredentials* credentials = [] {
    auto* c = new TestCredentials;
    c->key = std::move(crypto::DeterministicRsaKey("kakunin-card-unit-test").value());
    crypto::CertificateSpec spec;
    spec.subject = {{"C", "JP"}, {"O", "JPKI"}, {"CN", "Kakunin Test User Auth"}};
    spec.not_before = 1700000000;
    spec.not_after = 1900000000;
    spec.key_usage = crypto::kDigitalSignature;
    c->certificate =
        std::move(crypto::IssueCertificate(spec, c->key.get(), nullptr, c->key.get()).value());
    c->certificate_der = crypto::CertificateToDer(c->certificate.get()).value();
    return c;
  }();
  return *credentials;
}

Result<Bytes> ScriptedTransport::Transmit(ByteView command) {
  commands.emplace_back(command.begin(), command.end());
  if (answers.empty()) return MakeError(ErrorCode::kUnavailable, "card.removed", "script ended");
  Result<Bytes> answer = std::move(answers.front());
  answers.pop_front();
  return answer;
}

FakeJpkiCard::FakeJpkiCard() {
  certificate_file = Credentials().certificate_der;
  certificate_file.resize(certificate_file.size() + 200, 0xFF);
}

int FakeJpkiCard::VerifyCommandsWithData() const {
  return static_cast<int>(std::count_if(commands.begin(), commands.end(), [](const Bytes& c) {
    return c.size() > 4 && c[1] == 0x20;
  }));
}

int FakeJpkiCard::CountIns(uint8_t ins) const {
  return static_cast<int>(std::count_if(commands.begin(), commands.end(),
                                        [ins](const Bytes& c) { return c[1] == ins; }));
}

Result<Bytes> FakeJpkiCard::Transmit(ByteView command) {
  commands.emplace_back(command.begin(), command.end());
  if (intercept) {
    if (auto answer = intercept(command)) return std::move(*answer);
  }
  if (command.size() < 4) return Sw(0x6700);
  Bytes answer = Respond(command);
  if (!get_response_mode || answer.size() <= 2 || command[1] == 0xC0) return answer;
  pending_.assign(answer.begin(), answer.end() - 2);
  pending_sw_.assign(answer.end() - 2, answer.end());
  return Sw(static_cast<uint16_t>(0x6100 | std::min<size_t>(pending_.size(), 256) % 256));
}

Bytes FakeJpkiCard::Respond(ByteView c) {
  const bool extended = c.size() >= 7 && c[4] == 0x00;
  if (extended && !extended_supported) return Sw(0x6700);
  switch (c[1]) {
    case 0xA4:
      if (c[2] == 0x04) {
        const bool jpki = c.size() == 15 && std::memcmp(&c[5], kJpkiAid, 10) == 0;
        app_selected_ = jpki && has_jpki;
        ef_ = 0;
        return Sw(app_selected_ ? 0x9000 : 0x6A82);
      }
      if (c[2] == 0x02 && c.size() == 7 && app_selected_) {
        const uint16_t fid = static_cast<uint16_t>((c[5] << 8) | c[6]);
        if (fid != kEfUserAuthCertificate && fid != kEfUserAuthKey && fid != kEfUserAuthPin) {
          return Sw(0x6A82);
        }
        ef_ = fid;
        return Sw(0x9000);
      }
      return Sw(0x6A82);
    case 0xB0:
      return ReadBinary(c);
    case 0x20:
      return Verify(c);
    case 0x2A:
      return Sign(c);
    case 0xC0:
      return GetResponse(c);
  }
  return Sw(0x6D00);
}

Bytes FakeJpkiCard::ReadBinary(ByteView c) {
  if (ef_ != kEfUserAuthCertificate) return Sw(0x6986);
  const bool extended = c.size() == 7 && c[4] == 0x00;
  if (!extended && !short_reads_work) return Sw(0x6F00);
  size_t le = extended ? ((c[5] << 8) | c[6]) : (c.size() == 5 ? c[4] : 0);
  if (le == 0) le = extended ? 65536 : 256;
  const size_t offset = (static_cast<size_t>(c[2]) << 8) | c[3];
  if (offset >= certificate_file.size()) return Sw(0x6B00);
  const size_t n = std::min(le, certificate_file.size() - offset);
  Bytes data(certificate_file.begin() + offset, certificate_file.begin() + offset + n);
  if (extended && extended_limit && data.size() > *extended_limit) {
    data.resize(*extended_limit);
  }
  return WithSw(std::move(data), (!extended && n < le) ? 0x6282 : 0x9000);
}

Bytes FakeJpkiCard::Verify(ByteView c) {
  if (ef_ != kEfUserAuthPin) return Sw(0x6986);
  if (tries_left == 0) return Sw(0x6984);
  if (c.size() == 4) return Sw(static_cast<uint16_t>(0x63C0 | tries_left));
  const std::string given(c.begin() + 5, c.end());
  if (c.size() == 9 && given == pin) {
    tries_left = 3;
    verified_ = true;
    return Sw(0x9000);
  }
  verified_ = false;
  --tries_left;
  return Sw(static_cast<uint16_t>(0x63C0 | tries_left));
}

Bytes FakeJpkiCard::Sign(ByteView c) {
  if (ef_ != kEfUserAuthKey) return Sw(0x6986);
  if (!verified_) return Sw(0x6982);
  if (c.size() < 6 || c[4] == 0 || c.size() < 5u + c[4]) return Sw(0x6700);
  const Bytes digest_info(c.begin() + 5, c.begin() + 5 + c[4]);
  auto signature = crypto::RsaSignDigestInfo(Credentials().key.get(), digest_info);
  if (!signature.ok()) return Sw(0x6A80);
  return WithSw(std::move(signature).value(), 0x9000);
}

Bytes FakeJpkiCard::GetResponse(ByteView c) {
  if (pending_.empty()) return Sw(0x6985);
  size_t le = c.size() == 5 ? c[4] : 0;
  if (le == 0) le = 256;
  const size_t n = std::min(le, pending_.size());
  Bytes out(pending_.begin(), pending_.begin() + n);
  pending_.erase(pending_.begin(), pending_.begin() + n);
  if (pending_.empty()) {
    out.insert(out.end(), pending_sw_.begin(), pending_sw_.end());
  } else {
    out.push_back(0x61);
    out.push_back(static_cast<uint8_t>(std::min<size_t>(pending_.size(), 256) % 256));
  }
  return out;
}

}  // namespace kakunin::card::testing
