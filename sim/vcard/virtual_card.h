#pragma once
// The APDU state machine of the virtual My Number Card: the JPKI application (公的個人認証AP)
// as public implementations (OpenSC card-jpki.c, jpki/myna) talk to it, plus the two
// applications Kakunin must never select (券面事項入力補助AP, 券面AP), which hold FAKE data and
// count every SELECT. No I/O: the vpcd link and the CLI drive it.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "common/core/bytes.h"
#include "common/core/result.h"
#include "common/crypto/openssl_types.h"
#include "sim/vcard/apdu.h"
#include "sim/vcard/card_profile.h"

namespace kakunin::vcard {

// Application identifiers (SELECT 00 A4 04 0C 0A + AID).
inline constexpr uint8_t kJpkiAid[] = {0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01};
inline constexpr uint8_t kTextInputAid[] = {0xD3, 0x92, 0x10, 0x00, 0x31,
                                            0x00, 0x01, 0x01, 0x04, 0x08};
inline constexpr uint8_t kCardFaceAid[] = {0xD3, 0x92, 0x10, 0x00, 0x31,
                                           0x00, 0x01, 0x01, 0x04, 0x02};

// The ATR OpenSC's JPKI driver lists (card-jpki.c): TS 3B, T0 E0 (TB1 TC1 TD1, no historical
// bytes), TB1 00, TC1 FF, TD1 81, TD2 31 (T=1), TA3 FE, TB3 45, TCK 14.
inline constexpr uint8_t kAtr[] = {0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14};

// The first 32 bytes of EF 0006 on a physical card: "JPKIAPICCTOKEN2" padded with spaces
// ("JPKIAPICCTOKEN" without the 2 is the older 住基カード).
inline constexpr char kJpkiToken[] = "JPKIAPICCTOKEN2";

enum class Application { kNone, kJpki, kTextInput, kCardFace };
std::string_view ApplicationName(Application app);

struct VirtualCardOptions {
  // false: behave as if behind a reader without extended APDUs (extended Lc/Le → 67 00).
  bool extended_apdu = true;
};

struct Exchange {
  Bytes response;
  std::string note;        // what the command did, for the APDU log (never a PIN)
  bool forbidden = false;  // a forbidden application was selected
};

class VirtualCard {
 public:
  static Result<std::unique_ptr<VirtualCard>> Create(CardProfile profile,
                                                     VirtualCardOptions options = {});
  // Not movable: the PIN files point into profile_.
  VirtualCard(const VirtualCard&) = delete;
  VirtualCard& operator=(const VirtualCard&) = delete;

  // vpcd power control: every one of them clears the security state, like a real card.
  void PowerOn();
  void PowerOff();
  void Reset();

  Exchange Transmit(ByteView command);

  const CardProfile& profile() const { return profile_; }
  Application selected_application() const { return app_; }
  int forbidden_selects() const { return forbidden_selects_; }
  // Called after any PIN counter changed, with the profile to persist.
  void set_on_counters_changed(std::function<void(const CardProfile&)> callback) {
    on_counters_changed_ = std::move(callback);
  }

 private:
  enum class EfKind { kBinary, kPin, kKey };
  struct Pin {
    std::string* value;
    int* tries_left;
    int max_tries;
    size_t min_length;
    size_t max_length;
  };
  struct Ef {
    EfKind kind = EfKind::kBinary;
    std::string label;
    Bytes content;                     // kBinary
    std::optional<uint16_t> read_pin;  // PIN EF that must be verified to read (kBinary)
    std::optional<Pin> pin;            // kPin
    const EVP_PKEY* key = nullptr;     // kKey
    uint16_t key_pin = 0;              // kKey: PIN EF that must be verified to sign
  };
  using EfKey = std::pair<Application, uint16_t>;

  VirtualCard(CardProfile profile, VirtualCardOptions options);
  Status BuildFiles();
  void ClearSecurityState();
  const Ef* CurrentEf() const;
  bool Verified(uint16_t pin_ef) const { return verified_.count({app_, pin_ef}) > 0; }

  Exchange Select(const CommandApdu& apdu);
  Exchange ReadBinary(const CommandApdu& apdu);
  Exchange Verify(const CommandApdu& apdu);
  Exchange Sign(const CommandApdu& apdu);

  CardProfile profile_;
  VirtualCardOptions options_;
  crypto::EvpPkeyPtr auth_key_;
  crypto::EvpPkeyPtr sign_key_;
  std::string card_face_pin_;  // 券面AP PIN A = the (fake) individual number
  int card_face_pin_tries_ = 10;
  std::map<EfKey, Ef> files_;
  Application app_ = Application::kNone;
  std::optional<uint16_t> ef_;
  std::set<EfKey> verified_;
  int forbidden_selects_ = 0;
  std::function<void(const CardProfile&)> on_counters_changed_;
};

}  // namespace kakunin::vcard
