// The sealed patient fields cut from a result's own serialisation (PatientFieldsFromWire) are the
// same bytes as serialising them alone (SerializePatientFields), for results with and without
// eligibility and document, empty ones, long texts (lengths of two and three bytes), the fields
// after them present or not. A result with unknown fields, or bytes it cannot read, it leaves to
// the plain way.

#include "server/ingest/patient_fields.h"

#include <google/protobuf/unknown_field_set.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <string>

#include "server/ingest/ingest_rows.h"

namespace kakunin::server {
namespace {
using ingest_rows::PatientFieldsFromWire;
using ingest_rows::SerializePatientFields;

std::string Text(std::mt19937& rng) {
  // Mostly short Japanese names; now and then over 127 or 16,383 bytes.
  static const std::vector<size_t> kLengths = {0, 1, 4, 12, 40, 130, 17000};
  std::string s;
  const size_t n = kLengths[rng() % kLengths.size()];
  while (s.size() < n) s += (rng() % 2) ? "山田" : "a";
  return s;
}

v1::CheckResult RandomResult(std::mt19937& rng) {
  v1::CheckResult r;
  if (rng() % 4) r.set_check_id("0000000" + std::to_string(rng() % 10) + "-0000-4000-8000-0");
  if (rng() % 4) r.set_sequence(rng());
  if (rng() % 4) r.mutable_checked_at()->set_seconds(1'700'000'000 + rng() % 100'000'000);
  if (rng() % 2) r.set_mode(v1::IDENTITY_MODE_VISUAL);
  if (rng() % 2) r.set_outcome(v1::OUTCOME_ELIGIBLE);
  switch (rng() % 3) {
    case 0:
      break;  // none
    case 1:
      r.mutable_eligibility();  // present, empty
      break;
    default:
      r.mutable_eligibility()->set_name(Text(rng));
      r.mutable_eligibility()->set_insurer_name(Text(rng));
      r.mutable_eligibility()->set_personal_family(static_cast<int32_t>(rng() % 3));
  }
  switch (rng() % 3) {
    case 0:
      break;
    case 1:
      r.mutable_document();
      break;
    default:
      r.mutable_document()->set_note(Text(rng));
      r.mutable_document()->set_elderly_scheme(rng() % 2);
  }
  if (rng() % 2) r.mutable_reader()->set_name("Virtual PCD 00 00");
  if (rng() % 2) r.set_error_reason(Text(rng));
  if (rng() % 2) r.set_visual_allowance_id("a");
  // The fields sealed with them (12-18), each now and then.
  if (rng() % 3 == 0) r.set_error_message(Text(rng));
  if (rng() % 3 == 0) r.set_certificate_digest(std::string(32, '\x5a'));
  if (rng() % 3 == 0) r.set_certificate_not_after("2030-04-01");
  if (rng() % 3 == 0) r.set_certificate_in_grace(true);
  if (rng() % 3 == 0) r.set_contract_insurer_number("06139993");
  if (rng() % 3 == 0) r.set_contract_insurer_match(true);
  if (rng() % 3 == 0) r.set_operator_name(Text(rng));
  if (rng() % 3 == 0) r.set_apdu_count(rng() % 20);
  // Now and then an unknown field, as a newer terminal's would arrive.
  if (rng() % 8 == 0) r.GetReflection()->MutableUnknownFields(&r)->AddVarint(40, rng());
  return r;
}

TEST(PatientFieldsFromWire, CutsTheSameBytesAsSerialisingThemAlone) {
  std::mt19937 rng(20261205);
  int cut = 0;
  for (int i = 0; i < 3000; ++i) {
    v1::CheckResult r = RandomResult(rng);
    const std::string wire = r.SerializeAsString();
    std::string alone, from_wire;
    SerializePatientFields(r, &alone);
    ASSERT_EQ(r.SerializeAsString(), wire) << "the result must be given back as it was";
    if (!PatientFieldsFromWire(r, wire, &from_wire)) {
      ASSERT_FALSE(r.GetReflection()->GetUnknownFields(r).empty())
          << i << ": refused a plain result";
      continue;  // the caller serialises them
    }
    ++cut;
    ASSERT_EQ(from_wire, alone) << i << ": " << r.ShortDebugString().substr(0, 300);
  }
  EXPECT_GT(cut, 2000);  // all but those with an unknown field (one in eight)
}

TEST(PatientFieldsFromWire, SaysSoWhenItCannotBeSure) {
  v1::CheckResult r;
  r.set_sequence(7);
  r.mutable_eligibility()->set_name("山田太郎");
  r.mutable_reader()->set_name("Virtual PCD 00 00");
  const std::string wire = r.SerializeAsString();
  std::string out;
  ASSERT_TRUE(PatientFieldsFromWire(r, wire, &out));
  // Cut short inside the eligibility, or inside a tag: not well formed.
  EXPECT_FALSE(PatientFieldsFromWire(r, std::string_view(wire).substr(0, wire.size() - 25), &out));
  EXPECT_FALSE(PatientFieldsFromWire(r, std::string("\x08\xff", 2), &out));
  // A field 8 that is a number, not a message, where the eligibility would be.
  EXPECT_FALSE(PatientFieldsFromWire(r, std::string("\x10\x07\x40\x01", 4), &out));
  // Nothing at all: both fields absent, each sealed as an empty message.
  ASSERT_TRUE(PatientFieldsFromWire(r, "", &out));
  EXPECT_EQ(out, std::string("\x42\x00\x4a\x00", 4));
  // Unknown fields are serialised after the known ones in any order: one that says 9 would be
  // taken for the document. Such a result is left to the plain way.
  r.GetReflection()->MutableUnknownFields(&r)->AddLengthDelimited(9, "not the document");
  EXPECT_FALSE(PatientFieldsFromWire(r, r.SerializeAsString(), &out));
}

// Every field of a check result is kept by HQ: in a column of check_results, sealed with the
// patient fields, or dropped on purpose (named here with why). Fields 12-18 were acknowledged and
// stored nowhere; a field added to CheckResult later fails this test until it is placed.
TEST(ResultFields, EveryFieldIsAColumnSealedOrDroppedOnPurpose) {
  const std::set<std::string> columns(ingest_rows::kResultColumns.begin(),
                                      ingest_rows::kResultColumns.end());
  // The reader's name and its extended-APDU flag are columns; its ATR only tells the card's
  // type, which every My Number Card shares: dropped.
  const std::map<std::string, std::string> column_of = {{"reader", "reader_name"}};
  // Consumed, not kept as a field: the allowance is marked used by this check (visual_allowances).
  const std::set<std::string> consumed = {"visual_allowance_id"};
  const auto* d = v1::CheckResult::descriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const auto* f = d->field(i);
    const std::string name = f->name();
    if (consumed.contains(name)) continue;
    auto mapped = column_of.find(name);
    if (columns.contains(mapped == column_of.end() ? name : mapped->second)) continue;
    // Otherwise it must travel in the sealed bytes: set it, seal, read it back.
    v1::CheckResult r;
    const auto* reflection = r.GetReflection();
    switch (f->cpp_type()) {
      case google::protobuf::FieldDescriptor::CPPTYPE_STRING:
        reflection->SetString(&r, f, "x");
        break;
      case google::protobuf::FieldDescriptor::CPPTYPE_BOOL:
        reflection->SetBool(&r, f, true);
        break;
      case google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE: {
        // A message with one of its own fields set, so it is not empty.
        auto* inner = reflection->MutableMessage(&r, f);
        const auto* inner_d = inner->GetDescriptor();
        for (int j = 0; j < inner_d->field_count(); ++j) {
          const auto* g = inner_d->field(j);
          if (g->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_STRING &&
              !g->is_repeated()) {
            inner->GetReflection()->SetString(inner, g, "x");
            break;
          }
        }
        break;
      }
      default:
        FAIL() << name << ": neither a column, sealed nor consumed";
    }
    EXPECT_TRUE(ingest_rows::HasPatientFields(r)) << name << " would not be sealed";
    std::string sealed, cut;
    SerializePatientFields(r, &sealed);
    v1::CheckResult back;
    ASSERT_TRUE(back.ParseFromString(sealed)) << name;
    // The field as set, and the placeholders of the two patient messages only.
    v1::CheckResult expected = r;
    expected.mutable_eligibility();
    expected.mutable_document();
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(back, expected))
        << name << ": not kept in the sealed bytes: " << back.ShortDebugString();
    ASSERT_TRUE(PatientFieldsFromWire(r, r.SerializeAsString(), &cut)) << name;
    EXPECT_EQ(cut, sealed) << name;
  }
}

}  // namespace
}  // namespace kakunin::server
