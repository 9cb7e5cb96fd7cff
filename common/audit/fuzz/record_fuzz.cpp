// libFuzzer target over the audit parsers: the canonical record decoder, the JSON line parser
// the signed-head JSON parser and the restore statement's (a restore record's details). Any bytes
// must give a value or an Error, never a crash, and whatever parses must survive a write/parse
// round trip unchanged (abort otherwise).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/audit/chain.h"
#include "common/audit/record.h"
#include "common/audit/restore.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace audit = kakunin::audit;
  const kakunin::ByteView bytes(data, size);
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  if (auto r = audit::DecodeCanonical(bytes); r.ok()) {
    // Strict decoding means one encoding per record: re-encoding gives the input back.
    Check(audit::CanonicalBytes(*r) == kakunin::Bytes(bytes.begin(), bytes.end()));
    Check(r->hash == audit::RecordHash(*r));
    // A decoded record is valid UTF-8, so its export line reads back as the same record.
    auto line = audit::FromJsonLine(audit::ToJsonLine(*r));
    Check(line.ok() && *line == *r);
    (void)audit::ToCsvRow(*r);
  }

  if (auto r = audit::FromJsonLine(text); r.ok()) {
    auto again = audit::FromJsonLine(audit::ToJsonLine(*r));
    Check(again.ok() && *again == *r);
    auto decoded = audit::DecodeCanonical(audit::CanonicalBytes(*r));
    Check(decoded.ok());
    kakunin::audit::Record expected = *r;
    expected.hash = audit::RecordHash(*r);  // the canonical form carries no hash
    Check(*decoded == expected);
  }

  if (auto h = audit::HeadFromJson(text); h.ok()) {
    auto again = audit::HeadFromJson(audit::HeadToJson(*h));
    Check(again.ok() && *again == *h);
    (void)audit::HeadMessage(*h);
  }

  if (auto s = audit::RestoreFromJson(text); s.ok()) {
    auto again = audit::RestoreFromJson(audit::RestoreToJson(*s));
    Check(again.ok() && *again == *s);
    (void)audit::RestoreMessage(*s);
  }
  return 0;
}
