// The shape of a batch of results (field numbers, types, repetition; nested messages and enum
// values) is pinned per format: a new field or enum value in what a terminal sends that leaves
// kResultFormat alone fails here, so an older HQ is not sent fields it would drop
// (common/rpc/result_format.h). Names and declaration order are left out: neither changes the
// wire. New values of a text code (error_reason, loss_reason) are not seen here.

#include "common/rpc/result_format.h"

#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "common/core/bytes.h"
#include "common/crypto/signing.h"
#include "kakunin/v1/agent.pb.h"

namespace kakunin::rpc {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

// The wire shape of a message and everything inside it. A message met again (Eligibility holds
// other Eligibility records) is named by the order it was first met in.
void Shape(const Descriptor* d, std::vector<const Descriptor*>& seen, std::string& out) {
  for (size_t i = 0; i < seen.size(); ++i) {
    if (seen[i] == d) {
      out += "@" + std::to_string(i);
      return;
    }
  }
  seen.push_back(d);
  out += "{";
  std::vector<const FieldDescriptor*> fields;
  for (int i = 0; i < d->field_count(); ++i) fields.push_back(d->field(i));
  std::sort(fields.begin(), fields.end(),
            [](const auto* a, const auto* b) { return a->number() < b->number(); });
  for (const FieldDescriptor* f : fields) {
    out += std::to_string(f->number()) + ":" + (f->is_repeated() ? "*" : "") +
           (f->has_presence() ? "?" : "") + f->type_name();
    if (f->message_type()) Shape(f->message_type(), seen, out);
    if (f->enum_type()) {
      out += "(";
      std::vector<int> values;
      for (int v = 0; v < f->enum_type()->value_count(); ++v) {
        values.push_back(f->enum_type()->value(v)->number());
      }
      std::sort(values.begin(), values.end());
      for (int v : values) out += std::to_string(v) + ",";
      out += ")";
    }
    out += ";";
  }
  out += "}";
}

std::string Fingerprint() {
  std::string shape;
  std::vector<const Descriptor*> seen;
  Shape(v1::ResultBatch::descriptor(), seen, shape);
  const Bytes digest = crypto::Sha256(ToBytes(shape));
  return ToHex(ByteView(digest.data(), 8));
}

TEST(ResultFormat, TheShapeOfAResultBatchIsTheOnePinnedForThisFormat) {
  // One line per format, never edited afterwards.
  const std::map<uint32_t, std::string> pinned = {
      {1, "4474b1cfd86408c5"},
  };
  const std::string now = Fingerprint();
  auto it = pinned.find(kResultFormat);
  ASSERT_NE(it, pinned.end()) << "format " << kResultFormat << " has no pinned shape; add {"
                              << kResultFormat << ", \"" << now << "\"}";
  EXPECT_EQ(it->second, now) << "The fields of ResultBatch or CheckResult changed: an older HQ "
                                "would drop the new ones. Raise kResultFormat "
                                "in common/rpc/result_format.h and pin {"
                             << kResultFormat + 1 << ", \"" << now << "\"} here.";
}

// The shape reaches inside a result: the records an answer carries, and those inside them.
TEST(ResultFormat, TheShapeReachesEveryMessageInsideAResult) {
  std::string shape;
  std::vector<const Descriptor*> seen;
  Shape(v1::ResultBatch::descriptor(), seen, shape);
  EXPECT_NE(std::find(seen.begin(), seen.end(), v1::CheckResult::descriptor()), seen.end());
  EXPECT_NE(std::find(seen.begin(), seen.end(), v1::Eligibility::descriptor()), seen.end());
  EXPECT_NE(shape.find("*message@"), std::string::npos) << "other_records, met again: " << shape;
}

}  // namespace
}  // namespace kakunin::rpc
