#include "common/subsidy/programme_data.h"

#include <algorithm>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <utility>

namespace kakunin::subsidy {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr std::string_view kBadFile = "subsidy.bad_programme_file";
constexpr std::string_view kBadProgramme = "subsidy.bad_programme";
constexpr int kMaxNesting = 16;  // the format needs 5 levels; deeper input is not a programme file

// Where an error is, for messages HQ can act on: "programme 'kyotaku_online_2026': terms[2].rate".
struct Where {
  std::string_view reason;
  std::string prefix;

  Error Fail(std::string_view field, std::string_view what) const {
    return MakeError(ErrorCode::kInvalidArgument, std::string(reason),
                     prefix + ": " + std::string(field) + ": " + std::string(what));
  }
};

std::string Index(std::string_view field, size_t i) {
  return std::string(field) + "[" + std::to_string(i) + "]";
}

std::string Join(std::string_view a, std::string_view b) {
  return std::string(a) + "." + std::string(b);
}

bool IsIdentifier(std::string_view s) {
  if (s.empty() || s.size() > 64 || s[0] < 'a' || s[0] > 'z') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// Every key of `obj` must be listed, and every required one present.
Status CheckKeys(const json& obj, std::string_view path,
                 std::initializer_list<const char*> required,
                 std::initializer_list<const char*> optional, const Where& where) {
  if (!obj.is_object()) return where.Fail(path, "must be an object");
  for (const char* key : required) {
    if (!obj.contains(key)) return where.Fail(path.empty() ? key : Join(path, key), "missing");
  }
  const auto listed = [](std::initializer_list<const char*> keys, const std::string& key) {
    return std::any_of(keys.begin(), keys.end(), [&](const char* k) { return key == k; });
  };
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    const std::string& key = it.key();
    if (!listed(required, key) && !listed(optional, key)) {
      return where.Fail(path.empty() ? key : Join(path, key), "unknown field");
    }
  }
  return OkStatus();
}

Result<std::string> GetString(const json& value, std::string_view field, bool allow_empty,
                              const Where& where) {
  if (!value.is_string()) return where.Fail(field, "must be a string");
  std::string s = value.get<std::string>();
  if (s.empty() && !allow_empty) return where.Fail(field, "must not be empty");
  return s;
}

Result<std::string> GetIdentifier(const json& value, std::string_view field, const Where& where) {
  KAKUNIN_ASSIGN_OR_RETURN(std::string s, GetString(value, field, false, where));
  if (!IsIdentifier(s)) {
    return where.Fail(field, "'" + s + "' must be lower-case ASCII letters, digits and '_'");
  }
  return s;
}

// A whole number of yen in 1..kMaxAmountYen: 0 would pay nothing, and a float or a negative
// number is a typo.
Result<int64_t> GetAmount(const json& value, std::string_view field, const Where& where) {
  if (!value.is_number_integer()) return where.Fail(field, "must be a whole number of yen");
  if (value.is_number_unsigned()) {
    const uint64_t u = value.get<uint64_t>();
    if (u == 0 || u > static_cast<uint64_t>(kMaxAmountYen)) {
      return where.Fail(field, "must be between 1 and " + std::to_string(kMaxAmountYen) + " yen");
    }
    return static_cast<int64_t>(u);
  }
  const int64_t v = value.get<int64_t>();
  if (v < 0) return where.Fail(field, "must not be negative (got " + std::to_string(v) + ")");
  if (v == 0 || v > kMaxAmountYen) {
    return where.Fail(field, "must be between 1 and " + std::to_string(kMaxAmountYen) + " yen");
  }
  return v;
}

Result<domain::Date> GetDate(const json& value, std::string_view field, const Where& where) {
  if (!value.is_string()) return where.Fail(field, "must be a date string YYYY-MM-DD");
  Result<domain::Date> date = domain::ParseIsoDate(value.get<std::string>());
  if (!date.ok()) return where.Fail(field, date.error().message());
  return *date;
}

// Digits without a leading zero, at most 7 of them (the denominator bound has 7).
int64_t ParseSmallNumber(std::string_view s) {
  if (s.empty() || s.size() > 7 || (s.size() > 1 && s[0] == '0')) return -1;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

// "3/4" as the seeds write it (without their spaces). 0 < rate ≤ 1.
Result<domain::Rate> GetRate(const json& value, std::string_view field, const Where& where) {
  if (!value.is_string()) return where.Fail(field, "must be a string like \"3/4\"");
  const std::string s = value.get<std::string>();
  const size_t slash = s.find('/');
  const int64_t num = slash == std::string::npos ? -1 : ParseSmallNumber(s.substr(0, slash));
  const int64_t den = slash == std::string::npos ? -1 : ParseSmallNumber(s.substr(slash + 1));
  if (num < 0 || den < 0) return where.Fail(field, "'" + s + "' is not of the form \"3/4\"");
  if (den == 0 || den > kMaxRateDenominator) {
    return where.Fail(field, "denominator must be between 1 and " +
                                 std::to_string(kMaxRateDenominator) + " (got '" + s + "')");
  }
  if (num == 0) return where.Fail(field, "rate must be above 0 (got '" + s + "')");
  if (num > den) return where.Fail(field, "rate must be at most 1 (got '" + s + "')");
  return domain::Rate{num, den};
}

// A list of distinct strings (distinct identifiers when `identifiers`).
Result<std::vector<std::string>> GetStringList(const json& value, std::string_view field,
                                               bool identifiers, const Where& where) {
  if (!value.is_array()) return where.Fail(field, "must be an array");
  std::vector<std::string> out;
  for (size_t i = 0; i < value.size(); ++i) {
    const std::string item_field = Index(field, i);
    Result<std::string> item = identifiers ? GetIdentifier(value[i], item_field, where)
                                           : GetString(value[i], item_field, false, where);
    if (!item.ok()) return item.error();
    if (std::find(out.begin(), out.end(), *item) != out.end()) {
      return where.Fail(item_field, "'" + *item + "' is listed twice");
    }
    out.push_back(std::move(item).value());
  }
  return out;
}

// FacilityKind from its id. Scans the enum through FacilityKindId (which answers "unknown" past
// the last kind), so a kind added to the domain is accepted here without a second list.
std::optional<domain::FacilityKind> FacilityKindFromId(std::string_view id) {
  for (int i = 0; i < 64; ++i) {
    const auto kind = static_cast<domain::FacilityKind>(i);
    const std::string_view name = domain::FacilityKindId(kind);
    if (name == "unknown") break;
    if (name == id) return kind;
  }
  return std::nullopt;
}

bool Declared(const std::vector<CategoryInfo>& categories, const std::string& id) {
  return std::any_of(categories.begin(), categories.end(),
                     [&](const CategoryInfo& c) { return c.id == id; });
}

Result<std::vector<CategoryInfo>> ParseCategories(const json& value) {
  const Where where{kBadFile, "file"};
  if (!value.is_array()) return where.Fail("categories", "must be an array");
  std::vector<CategoryInfo> out;
  for (size_t i = 0; i < value.size(); ++i) {
    const std::string path = Index("categories", i);
    const Where at{kBadFile, path};
    KAKUNIN_RETURN_IF_ERROR(CheckKeys(value[i], "", {"id", "name_ja", "name_en"}, {}, at));
    CategoryInfo c;
    KAKUNIN_ASSIGN_OR_RETURN(c.id, GetIdentifier(value[i]["id"], "id", at));
    KAKUNIN_ASSIGN_OR_RETURN(c.name_ja, GetString(value[i]["name_ja"], "name_ja", false, at));
    KAKUNIN_ASSIGN_OR_RETURN(c.name_en, GetString(value[i]["name_en"], "name_en", false, at));
    if (Declared(out, c.id)) return at.Fail("id", "category '" + c.id + "' is declared twice");
    out.push_back(std::move(c));
  }
  return out;
}

// The official wording must be the computed maximum rounded to its last digit, at most one unit
// off: the leaflets round inconsistently (3.1万 for 30,750) but never by more than that, so a
// bigger gap means a typo in a cap or a rate.
Status CheckWording(const domain::FacilityTerms& terms, std::string_view field,
                    const Where& where) {
  if (terms.official_max_wording.empty()) return OkStatus();
  Result<OfficialFigure> figure = ParseOfficialWording(terms.official_max_wording);
  if (!figure.ok()) return where.Fail(field, figure.error().message());
  const int64_t exact = domain::MaxPayable(terms);
  const int64_t gap = figure->yen > exact ? figure->yen - exact : exact - figure->yen;
  if (gap >= figure->unit_yen) {
    return where.Fail(field, "'" + terms.official_max_wording + "' is far from the computed " +
                                 "maximum of " + std::to_string(exact) +
                                 " yen; check the rate and caps");
  }
  return OkStatus();
}

Result<domain::FacilityTerms> ParseTerms(const json& value, const std::string& path,
                                         const std::vector<CategoryInfo>& declared,
                                         const Where& where) {
  KAKUNIN_RETURN_IF_ERROR(
      CheckKeys(value, path,
                {"facility_kind", "rate", "project_cap_yen", "categories", "official_max_wording"},
                {}, where));
  domain::FacilityTerms terms;
  const std::string kind_field = Join(path, "facility_kind");
  KAKUNIN_ASSIGN_OR_RETURN(const std::string kind_id,
                           GetString(value["facility_kind"], kind_field, false, where));
  const std::optional<domain::FacilityKind> kind = FacilityKindFromId(kind_id);
  if (!kind) return where.Fail(kind_field, "unknown facility kind '" + kind_id + "'");
  terms.kind = *kind;
  KAKUNIN_ASSIGN_OR_RETURN(terms.rate, GetRate(value["rate"], Join(path, "rate"), where));
  KAKUNIN_ASSIGN_OR_RETURN(terms.project_cap_yen, GetAmount(value["project_cap_yen"],
                                                            Join(path, "project_cap_yen"), where));

  const std::string categories_field = Join(path, "categories");
  const json& categories = value["categories"];
  if (!categories.is_array() || categories.empty()) {
    return where.Fail(categories_field, "must be a non-empty array");
  }
  for (size_t i = 0; i < categories.size(); ++i) {
    const std::string item = Index(categories_field, i);
    KAKUNIN_RETURN_IF_ERROR(CheckKeys(categories[i], item, {"id", "cap_yen"}, {}, where));
    domain::ItemCategory category;
    KAKUNIN_ASSIGN_OR_RETURN(category.id,
                             GetIdentifier(categories[i]["id"], Join(item, "id"), where));
    if (!Declared(declared, category.id)) {
      return where.Fail(Join(item, "id"),
                        "category '" + category.id + "' is not declared in the file's categories");
    }
    if (std::any_of(terms.categories.begin(), terms.categories.end(),
                    [&](const domain::ItemCategory& c) { return c.id == category.id; })) {
      return where.Fail(Join(item, "id"), "category '" + category.id + "' is listed twice");
    }
    const json& cap = categories[i]["cap_yen"];
    if (!cap.is_null()) {
      KAKUNIN_ASSIGN_OR_RETURN(category.cap_yen, GetAmount(cap, Join(item, "cap_yen"), where));
    }
    terms.categories.push_back(std::move(category));
  }
  const std::string wording_field = Join(path, "official_max_wording");
  KAKUNIN_ASSIGN_OR_RETURN(terms.official_max_wording,
                           GetString(value["official_max_wording"], wording_field, true, where));
  KAKUNIN_RETURN_IF_ERROR(CheckWording(terms, wording_field, where));
  return terms;
}

Result<ProgrammeRecord> ParseProgramme(const json& value, size_t index,
                                       const std::vector<CategoryInfo>& declared) {
  // Until the id is known, errors name the position in the list.
  Where where{kBadProgramme, Index("programmes", index)};
  if (value.is_object() && value.contains("id") && value["id"].is_string()) {
    where.prefix = "programme '" + value["id"].get<std::string>() + "'";
  }
  KAKUNIN_RETURN_IF_ERROR(
      CheckKeys(value, "",
                {"id", "name_ja", "name_en", "legal_basis", "source", "opens", "deadline",
                 "required_documents", "exclusion_group", "exclusive_categories", "terms"},
                {"note"}, where));
  ProgrammeRecord record;
  domain::Programme& p = record.programme;
  KAKUNIN_ASSIGN_OR_RETURN(p.id, GetIdentifier(value["id"], "id", where));
  KAKUNIN_ASSIGN_OR_RETURN(p.name_ja, GetString(value["name_ja"], "name_ja", false, where));
  KAKUNIN_ASSIGN_OR_RETURN(p.name_en, GetString(value["name_en"], "name_en", false, where));
  KAKUNIN_ASSIGN_OR_RETURN(p.legal_basis,
                           GetString(value["legal_basis"], "legal_basis", false, where));
  KAKUNIN_ASSIGN_OR_RETURN(record.source, GetString(value["source"], "source", false, where));
  if (value.contains("note")) {
    KAKUNIN_ASSIGN_OR_RETURN(record.note, GetString(value["note"], "note", false, where));
  }

  p.opens = kOpeningNotStated;
  if (!value["opens"].is_null()) {
    KAKUNIN_ASSIGN_OR_RETURN(p.opens, GetDate(value["opens"], "opens", where));
  }
  KAKUNIN_ASSIGN_OR_RETURN(p.deadline, GetDate(value["deadline"], "deadline", where));
  if (p.deadline < p.opens) {
    return where.Fail("opens", "opens " + domain::FormatIso(p.opens) + " after the deadline " +
                                   domain::FormatIso(p.deadline));
  }

  KAKUNIN_ASSIGN_OR_RETURN(p.required_documents, GetStringList(value["required_documents"],
                                                               "required_documents", false, where));
  if (p.required_documents.empty()) {
    // Every programme pays after purchase against a receipt (domain.md "Subsidies").
    return where.Fail("required_documents", "must list at least the receipt");
  }

  const json& terms = value["terms"];
  if (!terms.is_array() || terms.empty()) return where.Fail("terms", "must be a non-empty array");
  for (size_t i = 0; i < terms.size(); ++i) {
    const std::string path = Index("terms", i);
    KAKUNIN_ASSIGN_OR_RETURN(domain::FacilityTerms t, ParseTerms(terms[i], path, declared, where));
    if (domain::FindTerms(p, t.kind) != nullptr) {
      return where.Fail(
          Join(path, "facility_kind"),
          "facility kind '" + std::string(domain::FacilityKindId(t.kind)) + "' has terms twice");
    }
    p.terms.push_back(std::move(t));
  }

  KAKUNIN_ASSIGN_OR_RETURN(const std::string group,
                           GetString(value["exclusion_group"], "exclusion_group", true, where));
  if (!group.empty() && !IsIdentifier(group)) {
    return where.Fail("exclusion_group",
                      "'" + group + "' must be lower-case ASCII letters, digits and '_'");
  }
  p.exclusion_group = group;
  KAKUNIN_ASSIGN_OR_RETURN(
      p.exclusive_categories,
      GetStringList(value["exclusive_categories"], "exclusive_categories", true, where));
  // A group without exclusive categories excludes nothing, and categories without a group have
  // no siblings: either way the file does not say what its author meant.
  if (p.exclusion_group.empty() != p.exclusive_categories.empty()) {
    return where.Fail("exclusive_categories",
                      "exclusion_group and exclusive_categories must be set together");
  }
  for (size_t i = 0; i < p.exclusive_categories.size(); ++i) {
    const std::string& id = p.exclusive_categories[i];
    const bool covered = std::any_of(p.terms.begin(), p.terms.end(), [&](const auto& t) {
      return std::any_of(t.categories.begin(), t.categories.end(),
                         [&](const domain::ItemCategory& c) { return c.id == id; });
    });
    if (!covered) {
      return where.Fail(Index("exclusive_categories", i),
                        "category '" + id + "' is not paid by any of the programme's terms");
    }
  }
  return record;
}

// Parses JSON, refusing duplicate keys (nlohmann keeps the last one silently, which would hide
// an HQ edit) and absurd nesting.
Result<json> ParseJson(std::string_view text) {
  const Where where{kBadFile, "file"};
  if (text.size() > kMaxProgrammeFileBytes) {
    return where.Fail("size", std::to_string(text.size()) + " bytes is too large");
  }
  std::vector<std::set<std::string>> open_objects;
  std::string problem;
  const json::parser_callback_t check = [&](int depth, json::parse_event_t event,
                                            json& parsed) -> bool {
    if (depth > kMaxNesting) {
      if (problem.empty()) problem = "nested too deeply";
      return false;  // not built: a refused document costs no memory past this depth
    }
    switch (event) {
      case json::parse_event_t::object_start:
        open_objects.emplace_back();
        break;
      case json::parse_event_t::object_end:
        if (!open_objects.empty()) open_objects.pop_back();
        break;
      case json::parse_event_t::key:
        if (!open_objects.empty() && parsed.is_string() &&
            !open_objects.back().insert(parsed.get<std::string>()).second && problem.empty()) {
          problem = "key '" + parsed.get<std::string>() + "' appears twice in one object";
        }
        break;
      default:
        break;
    }
    return true;
  };
  try {
    json parsed = json::parse(text.begin(), text.end(), check);
    if (!problem.empty()) return where.Fail("json", problem);
    return parsed;
  } catch (const json::exception& e) {
    return where.Fail("json", e.what());
  }
}

ordered_json CategoryToJson(const CategoryInfo& c) {
  ordered_json out;
  out["id"] = c.id;
  out["name_ja"] = c.name_ja;
  out["name_en"] = c.name_en;
  return out;
}

ordered_json TermsToJson(const domain::FacilityTerms& t) {
  ordered_json out;
  out["facility_kind"] = std::string(domain::FacilityKindId(t.kind));
  out["rate"] = std::to_string(t.rate.numerator) + "/" + std::to_string(t.rate.denominator);
  out["project_cap_yen"] = t.project_cap_yen;
  ordered_json categories = ordered_json::array();
  for (const domain::ItemCategory& c : t.categories) {
    ordered_json item;
    item["id"] = c.id;
    item["cap_yen"] = c.cap_yen ? ordered_json(*c.cap_yen) : ordered_json(nullptr);
    categories.push_back(std::move(item));
  }
  out["categories"] = std::move(categories);
  out["official_max_wording"] = t.official_max_wording;
  return out;
}

ordered_json RecordToJson(const ProgrammeRecord& r) {
  const domain::Programme& p = r.programme;
  ordered_json out;
  out["id"] = p.id;
  out["name_ja"] = p.name_ja;
  out["name_en"] = p.name_en;
  out["legal_basis"] = p.legal_basis;
  out["source"] = r.source;
  if (!r.note.empty()) out["note"] = r.note;
  out["opens"] = p.opens == kOpeningNotStated ? ordered_json(nullptr)
                                              : ordered_json(domain::FormatIso(p.opens));
  out["deadline"] = domain::FormatIso(p.deadline);
  out["required_documents"] = p.required_documents;
  out["exclusion_group"] = p.exclusion_group;
  out["exclusive_categories"] = p.exclusive_categories;
  ordered_json terms = ordered_json::array();
  for (const domain::FacilityTerms& t : p.terms) terms.push_back(TermsToJson(t));
  out["terms"] = std::move(terms);
  return out;
}

bool SameTerms(const domain::FacilityTerms& a, const domain::FacilityTerms& b) {
  if (a.kind != b.kind || a.rate.numerator != b.rate.numerator ||
      a.rate.denominator != b.rate.denominator || a.project_cap_yen != b.project_cap_yen ||
      a.official_max_wording != b.official_max_wording ||
      a.categories.size() != b.categories.size()) {
    return false;
  }
  for (size_t i = 0; i < a.categories.size(); ++i) {
    if (a.categories[i].id != b.categories[i].id ||
        a.categories[i].cap_yen != b.categories[i].cap_yen) {
      return false;
    }
  }
  return true;
}

}  // namespace

Result<OfficialFigure> ParseOfficialWording(std::string_view wording) {
  constexpr std::string_view kSuffix = "万円";
  const auto bad = [&] {
    return MakeError(ErrorCode::kInvalidArgument, "subsidy.bad_wording",
                     "expected a figure like \"3.1万円\", got '" + std::string(wording) + "'");
  };
  if (!wording.ends_with(kSuffix)) return bad();
  const std::string_view number = wording.substr(0, wording.size() - kSuffix.size());
  const size_t dot = number.find('.');
  const std::string_view whole = number.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : number.substr(dot + 1);
  // 万 is 10,000 yen: four decimals reach the yen; nine whole digits exceed any cap we accept.
  if (whole.empty() || whole.size() > 9 || (whole.size() > 1 && whole[0] == '0') ||
      (dot != std::string_view::npos && (fraction.empty() || fraction.size() > 4))) {
    return bad();
  }
  const auto digits = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!digits(whole) || !digits(fraction)) return bad();
  OfficialFigure figure;
  figure.unit_yen = 10'000;
  for (char c : whole) figure.yen = figure.yen * 10 + (c - '0');
  figure.yen *= 10'000;
  for (char c : fraction) {
    figure.unit_yen /= 10;
    figure.yen += (c - '0') * figure.unit_yen;
  }
  return figure;
}

Status CheckProgrammeObjectText(std::string_view text) {
  const Where where{kBadProgramme, "data_json"};
  if (text.size() > kMaxProgrammeFileBytes) {
    return where.Fail("size", std::to_string(text.size()) + " bytes is too large");
  }
  // A programme object sits two levels below a file's root.
  int depth = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxNesting - 2) return where.Fail("json", "nested too deeply");
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return OkStatus();
}

Result<ProgrammeFile> ParseProgrammeFile(std::string_view text) {
  KAKUNIN_ASSIGN_OR_RETURN(const json root, ParseJson(text));
  const Where where{kBadFile, "file"};
  KAKUNIN_RETURN_IF_ERROR(
      CheckKeys(root, "", {"format", "format_version", "categories", "programmes"}, {}, where));
  if (!root["format"].is_string() || root["format"].get<std::string>() != kProgrammeFileFormat) {
    return where.Fail("format", "must be \"" + std::string(kProgrammeFileFormat) + "\"");
  }
  if (!root["format_version"].is_number_integer() ||
      root["format_version"].get<int64_t>() != kProgrammeFileVersion) {
    return where.Fail("format_version",
                      "this build reads version " + std::to_string(kProgrammeFileVersion));
  }
  ProgrammeFile file;
  KAKUNIN_ASSIGN_OR_RETURN(file.categories, ParseCategories(root["categories"]));
  const json& programmes = root["programmes"];
  if (!programmes.is_array()) return where.Fail("programmes", "must be an array");
  for (size_t i = 0; i < programmes.size(); ++i) {
    KAKUNIN_ASSIGN_OR_RETURN(ProgrammeRecord record,
                             ParseProgramme(programmes[i], i, file.categories));
    for (const ProgrammeRecord& earlier : file.programmes) {
      if (earlier.programme.id == record.programme.id) {
        return MakeError(ErrorCode::kInvalidArgument, std::string(kBadProgramme),
                         "programme '" + record.programme.id + "': id: duplicate programme id (" +
                             Index("programmes", i) + ")");
      }
    }
    file.programmes.push_back(std::move(record));
  }
  return file;
}

Result<std::vector<domain::Programme>> ParseProgrammes(std::string_view json_text) {
  KAKUNIN_ASSIGN_OR_RETURN(ProgrammeFile file, ParseProgrammeFile(json_text));
  std::vector<domain::Programme> out;
  out.reserve(file.programmes.size());
  for (ProgrammeRecord& record : file.programmes) out.push_back(std::move(record.programme));
  return out;
}

std::string ProgrammesToJson(const ProgrammeFile& file) {
  ordered_json root;
  root["format"] = kProgrammeFileFormat;
  root["format_version"] = kProgrammeFileVersion;
  ordered_json categories = ordered_json::array();
  for (const CategoryInfo& c : file.categories) categories.push_back(CategoryToJson(c));
  root["categories"] = std::move(categories);
  ordered_json programmes = ordered_json::array();
  for (const ProgrammeRecord& r : file.programmes) programmes.push_back(RecordToJson(r));
  root["programmes"] = std::move(programmes);
  // `replace` keeps this non-throwing for hand-built values with invalid UTF-8; parsed values
  // are valid UTF-8 already (the parser checks).
  return root.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

bool SameProgramme(const domain::Programme& a, const domain::Programme& b) {
  if (a.id != b.id || a.name_ja != b.name_ja || a.name_en != b.name_en ||
      a.legal_basis != b.legal_basis || a.opens != b.opens || a.deadline != b.deadline ||
      a.required_documents != b.required_documents || a.exclusion_group != b.exclusion_group ||
      a.exclusive_categories != b.exclusive_categories || a.terms.size() != b.terms.size()) {
    return false;
  }
  for (size_t i = 0; i < a.terms.size(); ++i) {
    if (!SameTerms(a.terms[i], b.terms[i])) return false;
  }
  return true;
}

bool SameProgrammeFile(const ProgrammeFile& a, const ProgrammeFile& b) {
  if (a.categories.size() != b.categories.size() || a.programmes.size() != b.programmes.size()) {
    return false;
  }
  for (size_t i = 0; i < a.categories.size(); ++i) {
    const CategoryInfo& x = a.categories[i];
    const CategoryInfo& y = b.categories[i];
    if (x.id != y.id || x.name_ja != y.name_ja || x.name_en != y.name_en) return false;
  }
  for (size_t i = 0; i < a.programmes.size(); ++i) {
    const ProgrammeRecord& x = a.programmes[i];
    const ProgrammeRecord& y = b.programmes[i];
    if (x.source != y.source || x.note != y.note || !SameProgramme(x.programme, y.programme)) {
      return false;
    }
  }
  return true;
}

}  // namespace kakunin::subsidy
