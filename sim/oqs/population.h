#pragma once
// The emulator's synthetic population (population.json) and the card registry that ties a
// user-authentication certificate to a person. Everything here is FICTIONAL test data.
//
// Mapping choice: a person is keyed by the seed of their virtual card (`kakunin-vcard issue
// --seed`). At start the emulator reads every CARD.json in --cards-dir and keeps its
// certificate serial → seed; a certificate is mapped to a person by its serial. Card files
// hold private keys, but the emulator reads only `seed` and `auth_cert_pem`.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/core/result.h"
#include "kakunin/v1/common.pb.h"

namespace kakunin::sim {

struct Person {
  std::string card_seed;
  bool registered = true;  // false: マイナ保険証未登録 (has insurance, card not linked)
  v1::Eligibility eligibility;
};

class Population {
 public:
  // Parses population.json ("kakunin-oqs-population/1"). Fails with "oqs.bad_population".
  static Result<Population> FromJson(const std::string& json);
  static Result<Population> Load(const std::string& path);

  const Person* FindBySeed(const std::string& seed) const;
  // 再照会: every key must match exactly (birth date as ISO "YYYY-MM-DD").
  const Person* FindByInsured(const std::string& insurer_number, const std::string& symbol,
                              const std::string& number, const std::string& branch,
                              const std::string& birth_date) const;
  const std::vector<Person>& persons() const { return persons_; }

 private:
  std::vector<Person> persons_;
};

// QualificationValidity of a known person on `today_iso`: 2 (invalid) when today is on/after the
// disqualification date, after valid_to or before valid_from, else 1. The gRPC emulator's rule
// (eligibility_emulator.cpp AnswerFor).
int QualificationValidity(const v1::Eligibility& e, const std::string& today_iso);

// What the service answers for a person's record `e`: the records (e first, then its
// other_records, none with records of its own) and their QualificationValidity. One record: 1 or
// 2 as above. Several: 5 (several at once) when the first and another are valid, 3 (invalid,
// with a new qualification) when only a later one is; else as the first alone.
struct AnswerRecords {
  int validity = 0;
  std::vector<v1::Eligibility> records;
};
AnswerRecords RecordsOf(const v1::Eligibility& e, const std::string& today_iso);

// Certificate serial (lower-case hex, as crypto::SerialNumberHex) → card seed.
using CardRegistry = std::map<std::string, std::string>;

// Reads every *.json in `dir` that is a kakunin-vcard profile; other files are skipped. The
// serial is taken from the certificate itself, not from the profile's "serial" field.
Result<CardRegistry> LoadCardRegistry(const std::string& dir);
// One profile's JSON text → (serial, seed).
Result<std::pair<std::string, std::string>> CardRegistryEntry(const std::string& profile_json);

}  // namespace kakunin::sim
