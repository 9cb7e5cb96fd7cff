#include "agent/card/card_info.h"

#include <ctime>
#include <nlohmann/json.hpp>

#include "agent/card/jpki.h"
#include "agent/card/probe.h"
#include "common/crypto/x509.h"

namespace kakunin::card {
namespace {

std::string IsoUtc(time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

Result<CertificateSummary> SummarizeCertificate(ByteView der) {
  Result<crypto::X509Ptr> cert = crypto::CertificateFromDer(der);
  if (!cert.ok()) {
    return MakeError(ErrorCode::kDataLoss, "card.bad_certificate",
                     "the card's certificate does not parse: " + cert.error().message());
  }
  X509* x = cert->get();
  return CertificateSummary{.subject = crypto::SubjectString(x),
                            .serial = crypto::SerialNumberHex(x),
                            .issuer = crypto::IssuerString(x),
                            .not_after = IsoUtc(crypto::NotAfter(x))};
}

Result<CardInfo> ReadCardInfoFrom(CardTransport& transport, CardInfo info) {
  ApduChannel channel(transport);
  JpkiCard card(channel);
  Result<ProbeResult> probe = ProbeReader(card);
  if (!probe.ok()) {
    if (probe.error().reason() != "card.jpki_missing") return probe.error();
    info.jpki_present = false;  // some other card: nothing more to ask it
    info.counters = channel.counters();
    return info;
  }
  info.jpki_present = true;
  info.extended_apdu = probe->extended_apdu;
  info.probe_diagnosis = std::string(ProbeDiagnosisName(probe->diagnosis));
  info.probe_detail = probe->detail;
  // A certificate read by short APDUs is still worth showing to support staff.
  if (!probe->certificate.empty()) {
    KAKUNIN_ASSIGN_OR_RETURN(CertificateSummary summary, SummarizeCertificate(probe->certificate));
    info.certificate = std::move(summary);
  }
  Result<PinStatus> pin = card.QueryPinStatus();
  if (pin.ok()) {
    info.pin_tries_left = pin->verified ? kUserAuthPinMaxTries : pin->tries_left;
  } else if (IsConnectionLost(pin.error())) {
    return pin.error();
  }
  info.counters = channel.counters();
  return info;
}

std::string CardInfoToJson(const CardInfo& info) {
  using nlohmann::json;
  json j;
  j["reader"] = info.reader;
  j["atr"] = info.atr;
  j["extended_apdu"] = info.extended_apdu;
  j["probe_diagnosis"] = info.probe_diagnosis.empty() ? json() : json(info.probe_diagnosis);
  j["probe_detail"] = info.probe_detail.empty() ? json() : json(info.probe_detail);
  j["jpki_present"] = info.jpki_present;
  const CertificateSummary* c = info.certificate ? &*info.certificate : nullptr;
  j["subject"] = c ? json(c->subject) : json();
  j["serial"] = c ? json(c->serial) : json();
  j["issuer"] = c ? json(c->issuer) : json();
  j["not_after"] = c ? json(c->not_after) : json();
  j["pin_tries_left"] = info.pin_tries_left ? json(*info.pin_tries_left) : json();
  j["apdus"] = info.counters.apdus;
  j["bytes_out"] = info.counters.bytes_out;
  j["bytes_in"] = info.counters.bytes_in;
  // Invalid UTF-8 in a certificate name must not abort the dump.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// For the operator or branch manager looking into "cards that will not read": Japanese labels,
// the ids (probe diagnosis) in brackets for support; --json keeps the English keys.
std::string CardInfoToText(const CardInfo& info) {
  auto or_dash = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
  std::string out;
  out += "カードリーダー: " + info.reader + "\n";
  out += "ATR: " + or_dash(info.atr) + "\n";
  out += "マイナンバーカード対応（拡張APDU）: " +
         std::string(info.extended_apdu ? "対応" : "非対応（この機種では読めません）");
  if (!info.probe_diagnosis.empty()) out += "（" + info.probe_diagnosis + "）";
  out += "\n";
  if (!info.probe_detail.empty()) out += "調べた内容: " + info.probe_detail + "\n";
  out += "電子証明書（利用者証明用）: " + std::string(info.jpki_present ? "あり" : "なし") + "\n";
  if (info.certificate) {
    out += "  発行先: " + or_dash(info.certificate->subject) + "\n";
    out += "  シリアル番号: " + or_dash(info.certificate->serial) + "\n";
    out += "  発行者: " + or_dash(info.certificate->issuer) + "\n";
    out += "  有効期限: " + or_dash(info.certificate->not_after) + "\n";
  }
  out += "暗証番号の残り回数: " +
         (info.pin_tries_left ? std::to_string(*info.pin_tries_left) + "回" : std::string("-")) +
         "\n";
  out += "カードとのやり取り: " + std::to_string(info.counters.apdus) + " 回（送信 " +
         std::to_string(info.counters.bytes_out) + " バイト、受信 " +
         std::to_string(info.counters.bytes_in) + " バイト）\n";
  return out;
}

}  // namespace kakunin::card
