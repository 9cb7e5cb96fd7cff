// Any bytes as a terminal's stream message or enrollment request: parsing and the edge limits
// must never crash, and whatever they accept must really be within the limits a batch relies on
// (a sequence PostgreSQL can store, no NUL, bounded strings). The patient fields cut from a
// result's serialisation are the bytes serialising them alone gives, whatever the result holds.
#include <google/protobuf/stubs/logging.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "kakunin/v1/agent.pb.h"
#include "server/ingest/patient_fields.h"
#include "server/ingest/result_limits.h"

// Invalid UTF-8 is an expected parse failure here; protobuf's log line for each is noise.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kakunin;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  v1::AgentMessage m;
  if (m.ParseFromString(bytes)) {
    for (const auto& r : m.results().results()) {
      std::string cut, alone;
      if (server::ingest_rows::PatientFieldsFromWire(r, r.SerializeAsString(), &cut)) {
        v1::CheckResult copy = r;
        server::ingest_rows::SerializePatientFields(copy, &alone);
        if (cut != alone) std::abort();
      }
      if (!server::ValidateCheckResult(r, 1795000000)) {
        // Accepted: what the COPY in the ingest writer assumes.
        if (r.sequence() == 0 || r.sequence() > server::kMaxSequence) std::abort();
        if (r.reader().name().size() > 128) std::abort();
        if (r.reader().name().find('\0') != std::string::npos) std::abort();
        if (!server::IsValidUtf8(r.eligibility().name())) std::abort();
        if (r.apdu_count() > 1000000 || r.duration_ms() > 86400000) std::abort();
      }
    }
    (void)server::ValidateFields(m.hello());
  }
  // Any bytes at all: the cut reads within them or says no.
  std::string cut;
  (void)server::ingest_rows::PatientFieldsFromWire(v1::CheckResult(), bytes, &cut);
  v1::EnrollRequest enroll;
  if (enroll.ParseFromString(bytes)) (void)server::ValidateFields(enroll);
  // The one-pass text check every string of a result goes through agrees with its plain
  // definition: IsValidUtf8, then a loop over the code points for controls.
  const bool utf8 = server::IsValidUtf8(bytes);
  for (bool multi_line : {false, true}) {
    bool control = false;
    for (size_t i = 0; utf8 && i < bytes.size();) {
      const auto c = static_cast<unsigned char>(bytes[i]);
      const size_t len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
      uint32_t cp = len == 1 ? c : c & (0x7f >> len);
      for (size_t k = 1; k < len; ++k) {
        cp = (cp << 6) | (static_cast<unsigned char>(bytes[i + k]) & 0x3f);
      }
      i += len;
      if (multi_line && (cp == '\n' || cp == '\r')) continue;
      control = control || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 ||
                cp == 0x2029 || cp == 0x061c || cp == 0x200e || cp == 0x200f ||
                (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
    }
    const auto want = !utf8     ? server::TextFault::kNotUtf8
                      : control ? server::TextFault::kControl
                                : server::TextFault::kNone;
    if (server::FindTextFault(bytes, multi_line) != want) std::abort();
  }
  return 0;
}
