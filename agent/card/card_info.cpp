#include "agent/card/card_info.h"

#include <ctime>
#include <nlohmann/json.hpp>

#include "agent/card/jpki.h"
#include "agent/card/pcsc.h"
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

Result<CardInfo> ReadCardInfo(const std::optional<std::string>& reader) {
  KAKUNIN_ASSIGN_OR_RETURN(std::unique_ptr<PcscContext> context, PcscContext::Establish());
  KAKUNIN_ASSIGN_OR_RETURN(std::string name, context->ChooseReader(reader));
  KAKUNIN_ASSIGN_OR_RETURN(std::unique_ptr<PcscCard> connected, context->Connect(name));
  // Nobody else may interleave commands (and move the selected file) while we read.
  KAKUNIN_RETURN_IF_ERROR(connected->BeginTransaction());
  CardInfo info;
  info.reader = name;
  info.atr = ToSpacedHex(connected->atr());
  return ReadCardInfoFrom(*connected, std::move(info));
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

std::string CardInfoToText(const CardInfo& info) {
  auto or_dash = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
  std::string out;
  out += "reader:          " + info.reader + "\n";
  out += "atr:             " + or_dash(info.atr) + "\n";
  out += "extended APDU:   " + std::string(info.extended_apdu ? "yes" : "no");
  if (!info.probe_diagnosis.empty()) out += " (" + info.probe_diagnosis + ")";
  out += "\n";
  if (!info.probe_detail.empty()) out += "probe detail:    " + info.probe_detail + "\n";
  out += "JPKI present:    " + std::string(info.jpki_present ? "yes" : "no") + "\n";
  if (info.certificate) {
    out += "subject:         " + or_dash(info.certificate->subject) + "\n";
    out += "serial:          " + or_dash(info.certificate->serial) + "\n";
    out += "issuer:          " + or_dash(info.certificate->issuer) + "\n";
    out += "not after:       " + or_dash(info.certificate->not_after) + "\n";
  }
  out += "PIN tries left:  " +
         (info.pin_tries_left ? std::to_string(*info.pin_tries_left) : std::string("-")) + "\n";
  out += "APDUs:           " + std::to_string(info.counters.apdus) + " (" +
         std::to_string(info.counters.bytes_out) + " bytes out, " +
         std::to_string(info.counters.bytes_in) + " bytes in)\n";
  return out;
}

}  // namespace kakunin::card
