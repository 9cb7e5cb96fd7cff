#include "sim/oqs/population.h"

#include <google/protobuf/util/json_util.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/crypto/x509.h"
#include "common/domain/coverage.h"

namespace kakunin::sim {
namespace fs = std::filesystem;

namespace {

constexpr char kPopulationFormat[] = "kakunin-oqs-population/1";

Error BadPopulation(const std::string& what) {
  return MakeError(ErrorCode::kInvalidArgument, "oqs.bad_population", what);
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kNotFound, "oqs.io", path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

Result<Population> Population::FromJson(const std::string& json) {
  auto j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return BadPopulation("not a JSON object");
  if (j.value("format", "") != kPopulationFormat) {
    return BadPopulation(std::string("format is not ") + kPopulationFormat);
  }
  if (!j.contains("persons") || !j["persons"].is_array()) return BadPopulation("no persons");
  Population pop;
  for (const auto& p : j["persons"]) {
    if (!p.is_object() || !p.contains("card_seed") || !p["card_seed"].is_string() ||
        !p.contains("eligibility")) {
      return BadPopulation("a person needs card_seed and eligibility");
    }
    Person person;
    person.card_seed = p["card_seed"].get<std::string>();
    person.registered = p.value("registered", true);
    // The eligibility object uses the proto's own field names, so protobuf parses it and an
    // unknown or misspelt field is an error rather than a silently empty value.
    auto status =
        google::protobuf::util::JsonStringToMessage(p["eligibility"].dump(), &person.eligibility);
    if (!status.ok()) {
      return BadPopulation(person.card_seed + ": " + std::string(status.message()));
    }
    if (pop.FindBySeed(person.card_seed) != nullptr) {
      return BadPopulation("duplicate card_seed " + person.card_seed);
    }
    pop.persons_.push_back(std::move(person));
  }
  return pop;
}

Result<Population> Population::Load(const std::string& path) {
  KAKUNIN_ASSIGN_OR_RETURN(auto text, ReadFile(path));
  return FromJson(text);
}

const Person* Population::FindBySeed(const std::string& seed) const {
  for (const auto& p : persons_) {
    if (p.card_seed == seed) return &p;
  }
  return nullptr;
}

const Person* Population::FindByInsured(const std::string& insurer_number,
                                        const std::string& symbol, const std::string& number,
                                        const std::string& branch,
                                        const std::string& birth_date) const {
  for (const auto& p : persons_) {
    const auto& e = p.eligibility;
    if (e.insurer_number() == insurer_number && e.insured_symbol() == symbol &&
        e.insured_number() == number && e.insured_branch_number() == branch &&
        e.birth_date() == birth_date) {
      return &p;
    }
  }
  return nullptr;
}

Result<std::pair<std::string, std::string>> CardRegistryEntry(const std::string& profile_json) {
  auto j = nlohmann::json::parse(profile_json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || !j.contains("seed") || !j["seed"].is_string() ||
      !j.contains("auth_cert_pem") || !j["auth_cert_pem"].is_string()) {
    return MakeError(ErrorCode::kInvalidArgument, "oqs.bad_card", "not a card profile");
  }
  KAKUNIN_ASSIGN_OR_RETURN(auto cert,
                           crypto::CertificateFromPem(j["auth_cert_pem"].get<std::string>()));
  return std::make_pair(crypto::SerialNumberHex(cert.get()), j["seed"].get<std::string>());
}

Result<CardRegistry> LoadCardRegistry(const std::string& dir) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) return MakeError(ErrorCode::kNotFound, "oqs.io", dir + ": " + ec.message());
  CardRegistry registry;
  for (const auto& entry : it) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    KAKUNIN_ASSIGN_OR_RETURN(auto text, ReadFile(entry.path().string()));
    auto card = CardRegistryEntry(text);
    if (!card.ok()) continue;  // not a card profile (e.g. an APDU log or a note)
    registry[card->first] = card->second;
  }
  return registry;
}

int QualificationValidity(const v1::Eligibility& e, const std::string& today_iso) {
  return domain::CoversDay(e.valid_from(), e.valid_to(), e.disqualification_date(), today_iso) ? 1
                                                                                               : 2;
}

AnswerRecords RecordsOf(const v1::Eligibility& e, const std::string& today_iso) {
  AnswerRecords out;
  out.records.push_back(e);
  out.records.back().clear_other_records();
  bool another_valid = false;
  for (const auto& other : e.other_records()) {
    out.records.push_back(other);
    out.records.back().clear_other_records();
    another_valid |= QualificationValidity(other, today_iso) == 1;
  }
  const bool first_valid = QualificationValidity(e, today_iso) == 1;
  out.validity = !another_valid ? (first_valid ? 1 : 2) : first_valid ? 5 : 3;
  return out;
}

}  // namespace kakunin::sim
