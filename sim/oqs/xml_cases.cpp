#include "sim/oqs/xml_cases.h"

#include <array>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <utility>

namespace kakunin::sim {
namespace {

constexpr std::array<std::pair<XmlCaseKind, std::string_view>, 6> kKindNames = {{
    {XmlCaseKind::kError, "error"},
    {XmlCaseKind::kErrFile, "err_file"},
    {XmlCaseKind::kTruncated, "truncated"},
    {XmlCaseKind::kLate, "late"},
    {XmlCaseKind::kTooLarge, "too_large"},
    {XmlCaseKind::kProcessing, "processing"},
}};

Error BadCases(const std::string& what) {
  return MakeError(ErrorCode::kInvalidArgument, "oqs.bad_xml_cases", what);
}

std::string KnownKinds() {
  std::string out;
  for (const auto& [kind, name] : kKindNames) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

Result<XmlCase> ParseEntry(const std::string& key, const nlohmann::json& v) {
  if (!v.is_object()) return BadCases(key + ": not an object");
  // A misspelt key would silently give the default behaviour: refuse it.
  for (const auto& [name, value] : v.items()) {
    if (name != "kind" && name != "delay_ms") return BadCases(key + ": unknown key '" + name + "'");
  }
  if (!v.contains("kind") || !v["kind"].is_string()) return BadCases(key + ": no \"kind\"");
  const std::string kind_name = v["kind"].get<std::string>();
  auto kind = ParseXmlCaseKind(kind_name);
  if (!kind) {
    return BadCases(key + ": unknown kind '" + kind_name + "' (known: " + KnownKinds() + ")");
  }
  XmlCase c{*kind, std::nullopt};
  if (v.contains("delay_ms")) {
    if (!v["delay_ms"].is_number_integer() || v["delay_ms"].get<long long>() < 0) {
      return BadCases(key + ": delay_ms must be a whole number >= 0");
    }
    c.delay = std::chrono::milliseconds(v["delay_ms"].get<long long>());
  }
  return c;
}

}  // namespace

std::optional<XmlCaseKind> ParseXmlCaseKind(std::string_view name) {
  for (const auto& [kind, known] : kKindNames) {
    if (known == name) return kind;
  }
  return std::nullopt;
}

std::string_view XmlCaseKindName(XmlCaseKind kind) {
  for (const auto& [known, name] : kKindNames) {
    if (known == kind) return name;
  }
  return "?";
}

std::chrono::milliseconds EffectiveDelay(const XmlCase& c) {
  if (c.delay) return *c.delay;
  if (c.kind == XmlCaseKind::kLate) return std::chrono::milliseconds(5000);
  if (c.kind == XmlCaseKind::kProcessing) return std::chrono::milliseconds(500);
  return std::chrono::milliseconds(0);
}

Result<XmlCases> ParseXmlCases(const std::string& json) {
  auto j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return BadCases("not a JSON object");
  XmlCases cases;
  for (const auto& [key, value] : j.items()) {
    KAKUNIN_ASSIGN_OR_RETURN(cases[key], ParseEntry(key, value));
  }
  return cases;
}

Result<XmlCases> LoadXmlCases(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kNotFound, "oqs.io", path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  auto cases = ParseXmlCases(ss.str());
  if (!cases.ok()) return BadCases(path + ": " + cases.error().message());
  return cases;
}

}  // namespace kakunin::sim
