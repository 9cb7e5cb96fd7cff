#include "sim/vcard/virtual_card.h"

#include <algorithm>
#include <cstdio>

#include "common/crypto/keys.h"
#include "common/crypto/signing.h"
#include "common/crypto/x509.h"

namespace kakunin::vcard {
namespace {

// Elementary files of the JPKI application.
constexpr uint16_t kEfSignCert = 0x0001;
constexpr uint16_t kEfSignCaCert = 0x0002;
constexpr uint16_t kEfToken = 0x0006;
constexpr uint16_t kEfAuthCert = 0x000A;
constexpr uint16_t kEfAuthCaCert = 0x000B;
constexpr uint16_t kEfAuthKey = 0x0017;
constexpr uint16_t kEfAuthPin = 0x0018;
constexpr uint16_t kEfSignKey = 0x001A;
constexpr uint16_t kEfSignPin = 0x001B;
// 券面事項入力補助AP (layout as read by jpki/myna).
constexpr uint16_t kEfTextNumber = 0x0001;
constexpr uint16_t kEfTextAttributes = 0x0002;
constexpr uint16_t kEfTextPin = 0x0011;
// 券面AP.
constexpr uint16_t kEfFaceFront = 0x0002;
constexpr uint16_t kEfFacePinA = 0x0013;

Exchange Answer(uint16_t sw, std::string note) { return {MakeResponse(sw), std::move(note)}; }

std::string Hex16(uint16_t v) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), "%04X", v);
  return buf;
}

// BER TLV with a two-byte private tag (FF xx), as the card-face applications use.
Bytes Tlv(uint8_t tag, ByteView value) {
  Bytes out = {0xFF, tag};
  if (value.size() < 0x80) {
    out.push_back(static_cast<uint8_t>(value.size()));
  } else if (value.size() < 0x100) {
    out.insert(out.end(), {0x81, static_cast<uint8_t>(value.size())});
  } else {
    out.insert(out.end(), {0x82, static_cast<uint8_t>(value.size() >> 8),
                           static_cast<uint8_t>(value.size() & 0xFF)});
  }
  out.insert(out.end(), value.begin(), value.end());
  return out;
}

Result<Bytes> PemToDer(const std::string& pem, const char* what) {
  auto cert = crypto::CertificateFromPem(pem);
  if (!cert.ok()) {
    return MakeError(ErrorCode::kInvalidArgument, "vcard.bad_profile",
                     std::string(what) + ": " + cert.error().message());
  }
  return crypto::CertificateToDer(cert->get());
}

bool ConstantTimeEqual(ByteView a, const std::string& b) {
  if (a.size() != b.size()) return false;
  uint8_t diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<uint8_t>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

std::string_view ApplicationName(Application app) {
  switch (app) {
    case Application::kNone:
      return "none";
    case Application::kJpki:
      return "JPKI AP";
    case Application::kTextInput:
      return "券面事項入力補助AP";
    case Application::kCardFace:
      return "券面AP";
  }
  return "?";
}

VirtualCard::VirtualCard(CardProfile profile, VirtualCardOptions options)
    : profile_(std::move(profile)), options_(options) {}

Result<std::unique_ptr<VirtualCard>> VirtualCard::Create(CardProfile profile,
                                                         VirtualCardOptions options) {
  std::unique_ptr<VirtualCard> card(new VirtualCard(std::move(profile), options));
  KAKUNIN_RETURN_IF_ERROR(card->BuildFiles());
  return card;
}

Status VirtualCard::BuildFiles() {
  KAKUNIN_ASSIGN_OR_RETURN(auth_key_, crypto::PrivateKeyFromPem(profile_.auth_key_pem));
  if (crypto::GetKeyType(auth_key_.get()) != crypto::KeyType::kRsa) {
    return MakeError(ErrorCode::kInvalidArgument, "vcard.bad_profile",
                     "the user-auth key must be RSA");
  }
  KAKUNIN_ASSIGN_OR_RETURN(Bytes auth_cert, PemToDer(profile_.auth_cert_pem, "auth_cert_pem"));
  KAKUNIN_ASSIGN_OR_RETURN(Bytes auth_ca, PemToDer(profile_.auth_ca_pem, "auth_ca_pem"));
  Bytes sign_cert, sign_ca;
  if (!profile_.sign_cert_pem.empty()) {
    KAKUNIN_ASSIGN_OR_RETURN(sign_cert, PemToDer(profile_.sign_cert_pem, "sign_cert_pem"));
  }
  if (!profile_.sign_ca_pem.empty()) {
    KAKUNIN_ASSIGN_OR_RETURN(sign_ca, PemToDer(profile_.sign_ca_pem, "sign_ca_pem"));
  }
  if (!profile_.sign_key_pem.empty()) {
    KAKUNIN_ASSIGN_OR_RETURN(sign_key_, crypto::PrivateKeyFromPem(profile_.sign_key_pem));
  }
  const auto J = Application::kJpki;
  Bytes token = ToBytes(kJpkiToken);
  token.resize(32, ' ');
  files_[{J, kEfAuthCert}] = {EfKind::kBinary, "user-auth certificate", auth_cert};
  files_[{J, kEfAuthCaCert}] = {EfKind::kBinary, "user-auth CA certificate", auth_ca};
  // Public implementations read the signature CA certificate without a PIN (OpenSC lists it as
  // public); only the signature certificate itself needs the signature password.
  files_[{J, kEfSignCert}] = {EfKind::kBinary, "signature certificate", sign_cert, kEfSignPin};
  files_[{J, kEfSignCaCert}] = {EfKind::kBinary, "signature CA certificate", sign_ca};
  files_[{J, kEfToken}] = {EfKind::kBinary, "token", token};
  files_[{J, kEfAuthPin}] = {EfKind::kPin, "user-auth PIN"};
  files_[{J, kEfAuthPin}].pin =
      Pin{&profile_.pin, &profile_.pin_tries_left, profile_.pin_max_tries, 4, 4};
  files_[{J, kEfSignPin}] = {EfKind::kPin, "signature password"};
  files_[{J, kEfSignPin}].pin = Pin{&profile_.sign_password, &profile_.sign_password_tries_left,
                                    kSignPasswordMaxTries, 6, 16};
  files_[{J, kEfAuthKey}] = {EfKind::kKey, "user-auth private key"};
  files_[{J, kEfAuthKey}].key = auth_key_.get();
  files_[{J, kEfAuthKey}].key_pin = kEfAuthPin;
  files_[{J, kEfSignKey}] = {EfKind::kKey, "signature private key"};
  files_[{J, kEfSignKey}].key = sign_key_.get();
  files_[{J, kEfSignKey}].key_pin = kEfSignPin;

  // FAKE card-face data. Present only so that tests can prove Kakunin never reads it.
  const auto T = Application::kTextInput;
  Bytes attributes;
  for (const auto& [tag, value] : {std::pair<uint8_t, std::string>{0x22, profile_.fake_name},
                                   {0x23, profile_.fake_address},
                                   {0x24, profile_.fake_birth_date},
                                   {0x25, profile_.fake_sex}}) {
    Bytes item = Tlv(tag, ToBytes(value));
    attributes.insert(attributes.end(), item.begin(), item.end());
  }
  files_[{T, kEfTextNumber}] = {EfKind::kBinary, "FAKE individual number",
                                Tlv(0x10, ToBytes(profile_.fake_individual_number)), kEfTextPin};
  files_[{T, kEfTextAttributes}] = {EfKind::kBinary, "FAKE name/address/birth/sex",
                                    Tlv(0x20, attributes), kEfTextPin};
  files_[{T, kEfTextPin}] = {EfKind::kPin, "券面事項入力補助用 PIN"};
  files_[{T, kEfTextPin}].pin =
      Pin{&profile_.text_pin, &profile_.text_pin_tries_left, kTextPinMaxTries, 4, 4};
  const auto F = Application::kCardFace;
  card_face_pin_ = profile_.fake_individual_number;
  files_[{F, kEfFaceFront}] = {EfKind::kBinary, "FAKE card face",
                               Tlv(0x30, ToBytes("FAKE card face: " + profile_.fake_name)),
                               kEfFacePinA};
  files_[{F, kEfFacePinA}] = {EfKind::kPin, "券面AP PIN A (individual number)"};
  files_[{F, kEfFacePinA}].pin = Pin{&card_face_pin_, &card_face_pin_tries_, 10, 12, 12};
  return OkStatus();
}

void VirtualCard::ClearSecurityState() {
  app_ = Application::kNone;
  ef_.reset();
  verified_.clear();
}

void VirtualCard::PowerOn() { ClearSecurityState(); }
void VirtualCard::PowerOff() { ClearSecurityState(); }
void VirtualCard::Reset() { ClearSecurityState(); }

const VirtualCard::Ef* VirtualCard::CurrentEf() const {
  if (!ef_) return nullptr;
  auto it = files_.find({app_, *ef_});
  return it == files_.end() ? nullptr : &it->second;
}

Exchange VirtualCard::Transmit(ByteView command) {
  auto parsed = ParseCommandApdu(command);
  if (!parsed.ok()) return Answer(kSwWrongLength, "malformed: " + parsed.error().message());
  const CommandApdu& apdu = *parsed;
  if (apdu.extended && !options_.extended_apdu) {
    return Answer(kSwWrongLength, "extended length refused (reader without extended APDUs)");
  }
  if (apdu.cla != 0x00 && apdu.cla != 0x80) return Answer(kSwClaNotSupported, "unknown CLA");
  switch (apdu.ins) {
    case 0xA4:
      if (apdu.cla != 0x00) break;
      return Select(apdu);
    case 0xB0:
      if (apdu.cla != 0x00) break;
      return ReadBinary(apdu);
    case 0x20:
      if (apdu.cla != 0x00) break;
      return Verify(apdu);
    case 0x2A:
      if (apdu.cla != 0x80) break;
      return Sign(apdu);
    default:
      return Answer(kSwInsNotSupported, "unknown INS");
  }
  return Answer(kSwClaNotSupported, "wrong CLA for this INS");
}

Exchange VirtualCard::Select(const CommandApdu& apdu) {
  if (apdu.p1 == 0x04) {
    if (apdu.p2 != 0x0C && apdu.p2 != 0x00) return Answer(kSwIncorrectP1P2, "SELECT bad P2");
    if (apdu.data.empty()) return Answer(kSwWrongLength, "SELECT without AID");
    const ByteView aid(apdu.data);
    Application app = Application::kNone;
    if (std::ranges::equal(aid, ByteView(kJpkiAid))) app = Application::kJpki;
    if (std::ranges::equal(aid, ByteView(kTextInputAid))) app = Application::kTextInput;
    if (std::ranges::equal(aid, ByteView(kCardFaceAid))) app = Application::kCardFace;
    if (app == Application::kNone) return Answer(kSwFileNotFound, "SELECT unknown AID");
    // Selecting an application (even the same one again) drops every verified PIN.
    ClearSecurityState();
    app_ = app;
    if (app == Application::kJpki) return Answer(kSwOk, "SELECT JPKI AP");
    ++forbidden_selects_;
    Exchange out = Answer(kSwOk, "FORBIDDEN: SELECT " + std::string(ApplicationName(app)) +
                                     " (holds the individual number / card-face data)");
    out.forbidden = true;
    return out;
  }
  if (apdu.p1 == 0x02) {
    if (apdu.p2 != 0x0C && apdu.p2 != 0x00) return Answer(kSwIncorrectP1P2, "SELECT bad P2");
    if (apdu.data.size() != 2) return Answer(kSwWrongLength, "SELECT EF needs a 2-byte id");
    const uint16_t id = static_cast<uint16_t>((apdu.data[0] << 8) | apdu.data[1]);
    auto it = files_.find({app_, id});
    if (app_ == Application::kNone || it == files_.end()) {
      return Answer(kSwFileNotFound, "SELECT EF " + Hex16(id) + ": not found");
    }
    ef_ = id;
    return Answer(kSwOk, "SELECT EF " + Hex16(id) + " (" + it->second.label + ")");
  }
  return Answer(kSwIncorrectP1P2, "SELECT by this P1 not supported");
}

Exchange VirtualCard::ReadBinary(const CommandApdu& apdu) {
  if (!apdu.le) return Answer(kSwWrongLength, "READ BINARY without Le");
  if (apdu.p1 & 0x80) return Answer(kSwIncorrectP1P2, "READ BINARY by SFI not supported");
  const Ef* ef = CurrentEf();
  if (!ef || ef->kind != EfKind::kBinary) {
    return Answer(kSwCommandNotAllowed, "READ BINARY: no binary EF selected");
  }
  if (ef->read_pin && !Verified(*ef->read_pin)) {
    return Answer(kSwSecurityNotSatisfied, "READ BINARY " + ef->label + ": PIN not verified");
  }
  const size_t offset = (static_cast<size_t>(apdu.p1) << 8) | apdu.p2;
  if (offset >= ef->content.size()) return Answer(kSwWrongP1P2, "READ BINARY past the end");
  const size_t count = std::min(*apdu.le, ef->content.size() - offset);
  const ByteView data = ByteView(ef->content).subspan(offset, count);
  return {MakeResponse(data, kSwOk), "READ BINARY " + ef->label + " offset " +
                                         std::to_string(offset) + " length " +
                                         std::to_string(count)};
}

Exchange VirtualCard::Verify(const CommandApdu& apdu) {
  if (apdu.p1 != 0x00 || apdu.p2 != 0x80) return Answer(kSwIncorrectP1P2, "VERIFY bad P1/P2");
  const Ef* ef = CurrentEf();
  if (!ef || ef->kind != EfKind::kPin) {
    return Answer(kSwCommandNotAllowed, "VERIFY: no PIN EF selected");
  }
  const Pin& pin = *ef->pin;
  const std::string what = "VERIFY " + ef->label;
  auto tries_sw = [&] { return static_cast<uint16_t>(kSwPinWrongBase | (*pin.tries_left & 0xF)); };
  if (apdu.data.empty()) {
    return Answer(tries_sw(), what + ": " + std::to_string(*pin.tries_left) + " tries left");
  }
  if (*pin.tries_left <= 0) return Answer(kSwAuthMethodBlocked, what + ": locked");
  if (apdu.data.size() < pin.min_length || apdu.data.size() > pin.max_length) {
    return Answer(kSwWrongLength, what + ": wrong length (data masked)");
  }
  const int before = *pin.tries_left;
  Exchange out;
  if (ConstantTimeEqual(apdu.data, *pin.value)) {
    *pin.tries_left = pin.max_tries;
    verified_.insert({app_, *ef_});
    out = Answer(kSwOk, what + ": ok (data masked)");
  } else {
    --*pin.tries_left;
    verified_.erase({app_, *ef_});
    out = Answer(tries_sw(), what + ": wrong, " + std::to_string(*pin.tries_left) +
                                 " tries left (data masked)");
  }
  if (before != *pin.tries_left && on_counters_changed_) on_counters_changed_(profile_);
  return out;
}

Exchange VirtualCard::Sign(const CommandApdu& apdu) {
  if (apdu.p1 != 0x00 || apdu.p2 != 0x80) return Answer(kSwIncorrectP1P2, "SIGN bad P1/P2");
  const Ef* ef = CurrentEf();
  if (!ef || ef->kind != EfKind::kKey || !ef->key) {
    return Answer(kSwCommandNotAllowed, "SIGN: no key EF selected");
  }
  if (!Verified(ef->key_pin)) {
    return Answer(kSwSecurityNotSatisfied, "SIGN with " + ef->label + ": PIN not verified");
  }
  if (apdu.data.empty() || !apdu.le) return Answer(kSwWrongLength, "SIGN needs data and Le");
  auto sig = crypto::RsaSignDigestInfo(ef->key, apdu.data);
  if (!sig.ok()) return Answer(kSwWrongData, "SIGN failed: " + sig.error().message());
  if (*apdu.le < sig->size()) return Answer(kSwWrongLength, "SIGN: Le shorter than signature");
  return {MakeResponse(*sig, kSwOk), "SIGN with " + ef->label};
}

}  // namespace kakunin::vcard
