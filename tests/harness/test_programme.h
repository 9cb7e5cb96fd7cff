#pragma once
// A subsidy programme as HQ would add it in the console (one object of programmes.json, see
// server/subsidy/README.md), for tests that need one with a deadline of their choosing: one
// term per facility kind with one cost category (no category cap), no exclusion group.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kakunin::testing {

struct TestTerm {
  std::string facility_kind;  // programmes.json spelling, e.g. large_chain_pharmacy
  std::string rate;           // "3/4"
  int64_t project_cap_yen = 0;
  std::string category;              // e.g. card_reader
  std::string official_max_wording;  // e.g. "3.1万円", or ""
};

inline nlohmann::ordered_json TestProgramme(const std::string& id, const std::string& name_ja,
                                            const std::string& deadline_iso,
                                            const std::vector<TestTerm>& terms) {
  nlohmann::ordered_json out = {{"id", id},
                                {"name_ja", name_ja},
                                {"name_en", id},
                                {"legal_basis", "地域診療情報連携推進費補助金"},
                                {"source", "test fixture"},
                                {"opens", nullptr},
                                {"deadline", deadline_iso},
                                {"required_documents", {"領収書（写）", "領収書内訳書"}},
                                {"exclusion_group", ""},
                                {"exclusive_categories", nlohmann::json::array()},
                                {"terms", nlohmann::json::array()}};
  for (const auto& t : terms) {
    out["terms"].push_back({{"facility_kind", t.facility_kind},
                            {"rate", t.rate},
                            {"project_cap_yen", t.project_cap_yen},
                            {"categories", {{{"id", t.category}, {"cap_yen", nullptr}}}},
                            {"official_max_wording", t.official_max_wording}});
  }
  return out;
}

}  // namespace kakunin::testing
