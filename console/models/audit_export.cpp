#include "console/models/audit_export.h"

#include "common/core/bytes.h"

namespace kakunin::console {
namespace {

int64_t Micros(const google::protobuf::Timestamp& t) {
  return t.seconds() * 1'000'000 + t.nanos() / 1000;
}

}  // namespace

audit::Record RecordFromProto(const v1::AuditRecord& p) {
  audit::Record r;
  r.seq = p.seq();
  r.at_us = Micros(p.at());
  r.event = p.event_type();
  r.actor = p.actor();
  r.site_id = p.site_id();
  r.device_id = p.device_id();
  r.subject = p.subject();
  r.details = p.details_json();
  r.prev_hash = ToBytes(p.prev_hash());
  r.hash = ToBytes(p.hash());
  return r;
}

audit::SignedHead HeadFromProto(const v1::SignedAuditHead& p) {
  audit::SignedHead h;
  h.size = p.size();
  h.root_hash = ToBytes(p.root_hash());
  h.signed_at_us = Micros(p.signed_at());
  h.key_id = p.key_id();
  h.signature = ToBytes(p.signature());
  return h;
}

std::string AuditCsvHeader() { return std::string(audit::kCsvHeader) + "\r\n"; }

std::string AuditCsvRows(const v1::QueryAuditResponse& page) {
  std::string out;
  for (const auto& r : page.records()) out += audit::ToCsvRow(RecordFromProto(r)) + "\r\n";
  return out;
}

std::string AuditJsonLines(const v1::QueryAuditResponse& page) {
  std::string out;
  for (const auto& r : page.records()) out += audit::ToJsonLine(RecordFromProto(r)) + "\n";
  return out;
}

std::string HeadsJsonLines(const v1::ListSignedHeadsResponse& heads) {
  std::string out;
  for (const auto& h : heads.heads()) out += audit::HeadToJson(HeadFromProto(h)) + "\n";
  return out;
}

}  // namespace kakunin::console
