#include "common/cli/flags.h"

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <optional>
#include <sstream>

namespace kakunin::cli {

Flags& Flags::Option(const std::string& name, const std::string& value_name,
                     const std::string& help, const std::string& default_value) {
  order_.push_back(name);
  specs_[name] = Spec{value_name, help, default_value};
  return *this;
}

Flags& Flags::Bool(const std::string& name, const std::string& help) {
  return Option(name, "", help, "");
}

Status Flags::Parse(int argc, char** argv, int first) {
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      help_ = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0 || arg == "--") {
      positional_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    auto it = specs_.find(name);
    if (it == specs_.end()) {
      return MakeError(ErrorCode::kInvalidArgument, "cli.unknown_flag",
                       "unknown option --" + name + " (see --help)");
    }
    if (it->second.value_name.empty()) {
      values_[name] = inline_value.value_or("true");
      continue;
    }
    if (inline_value) {
      values_[name] = *inline_value;
    } else if (i + 1 < argc) {
      values_[name] = argv[++i];
    } else {
      return MakeError(ErrorCode::kInvalidArgument, "cli.missing_value",
                       "option --" + name + " needs a value");
    }
  }
  return OkStatus();
}

std::string Flags::Help() const {
  std::ostringstream out;
  out << "Usage: " << usage_ << "\n\n" << description_ << "\n\nOptions:\n";
  for (const auto& name : order_) {
    const Spec& s = specs_.at(name);
    std::string left = "  --" + name + (s.value_name.empty() ? "" : " " + s.value_name);
    out << left;
    if (left.size() < 30)
      out << std::string(30 - left.size(), ' ');
    else
      out << "\n" << std::string(30, ' ');
    out << s.help;
    if (!s.default_value.empty()) out << " (default: " << s.default_value << ")";
    out << "\n";
  }
  out << "  --help                      show this help\n";
  if (!env_prefix_hint_.empty()) out << "\n" << env_prefix_hint_ << "\n";
  return out.str();
}

bool Flags::Has(const std::string& name) const {
  return values_.count(name) > 0 || env_values_.count(name) > 0 || file_values_.count(name) > 0;
}

std::string Flags::Get(const std::string& name) const {
  if (auto it = values_.find(name); it != values_.end()) return it->second;
  if (auto it = env_values_.find(name); it != env_values_.end()) return it->second;
  if (auto it = file_values_.find(name); it != file_values_.end()) return it->second;
  if (auto it = specs_.find(name); it != specs_.end()) return it->second.default_value;
  return "";
}

bool Flags::GetBool(const std::string& name) const {
  auto v = Get(name);
  return v == "true" || v == "1" || v == "yes";
}

Result<int> Flags::GetInt(const std::string& name) const {
  std::string v = Get(name);
  char* end = nullptr;
  errno = 0;
  long n = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0') {
    return MakeError(ErrorCode::kInvalidArgument, "cli.not_a_number",
                     "option --" + name + " needs a whole number, got '" + v + "'");
  }
  // Never wrap silently: 4294967296 must not become 0.
  if (errno == ERANGE || n < INT_MIN || n > INT_MAX) {
    return MakeError(ErrorCode::kInvalidArgument, "cli.out_of_range",
                     "option --" + name + " is out of range: '" + v + "'");
  }
  return static_cast<int>(n);
}

void Flags::ApplyEnvironment(const std::string& prefix) {
  for (const auto& name : order_) {
    std::string var = prefix;
    for (char c : name) var += c == '-' ? '_' : static_cast<char>(std::toupper(c));
    if (const char* v = std::getenv(var.c_str()); v && *v) env_values_[name] = v;
  }
}

namespace {
std::string_view TrimView(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// One TOML-subset value → text; nullopt when malformed. `rest` is what follows the value.
std::optional<std::string> ParseValue(std::string_view v, std::string_view* rest) {
  if (v.empty()) return std::nullopt;
  if (v.front() == '"' || v.front() == '\'') {
    char q = v.front();
    std::string out;
    size_t i = 1;
    for (; i < v.size() && v[i] != q; ++i) {
      if (q == '"' && v[i] == '\\' && i + 1 < v.size()) {
        char e = v[++i];
        out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
      } else {
        out += v[i];
      }
    }
    if (i >= v.size()) return std::nullopt;
    *rest = v.substr(i + 1);
    return out;
  }
  if (v.front() == '[') {
    std::string out;
    std::string_view r = TrimView(v.substr(1));
    while (!r.empty() && r.front() != ']') {
      std::string_view after;
      auto item = ParseValue(r, &after);
      if (!item) return std::nullopt;
      if (!out.empty()) out += ',';
      out += *item;
      r = TrimView(after);
      if (!r.empty() && r.front() == ',') r = TrimView(r.substr(1));
    }
    if (r.empty()) return std::nullopt;
    *rest = r.substr(1);
    return out;
  }
  size_t end = v.find_first_of(" \t#,]");
  std::string_view word = v.substr(0, end);
  *rest = end == std::string_view::npos ? std::string_view() : v.substr(end);
  if (word == "true" || word == "false") return std::string(word);
  bool digits = !word.empty();
  for (size_t i = 0; i < word.size(); ++i) {
    if (!(std::isdigit(static_cast<unsigned char>(word[i])) || (i == 0 && word[i] == '-')))
      digits = false;
  }
  if (!digits) return std::nullopt;
  return std::string(word);
}
}  // namespace

Status Flags::ApplyConfig(std::string_view text, const std::string& source) {
  int line_no = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    std::string where = source + ":" + std::to_string(line_no);
    line = TrimView(line);
    if (line.empty() || line.front() == '#') continue;
    if (line.front() == '[') {
      return MakeError(ErrorCode::kInvalidArgument, "config.sections_unsupported",
                       where + ": sections are not supported; write name = value lines");
    }
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      return MakeError(ErrorCode::kInvalidArgument, "config.syntax",
                       where + ": expected name = value");
    }
    std::string name(TrimView(line.substr(0, eq)));
    for (auto& c : name) {
      if (c == '_') c = '-';
    }
    if (!specs_.count(name) || name == "help") {
      return MakeError(ErrorCode::kInvalidArgument, "config.unknown_setting",
                       where + ": unknown setting '" + name + "' (see --help)");
    }
    std::string_view rest;
    auto value = ParseValue(TrimView(line.substr(eq + 1)), &rest);
    rest = TrimView(rest);
    if (!value || (!rest.empty() && rest.front() != '#')) {
      return MakeError(ErrorCode::kInvalidArgument, "config.bad_value",
                       where + ": bad value for '" + name +
                           "' (use \"text\", a number, true/false or [\"a\", \"b\"])");
    }
    file_values_[name] = *value;
  }
  return OkStatus();
}

std::string Flags::GetOrEnv(const std::string& name, const char* env) const {
  if (Has(name)) return Get(name);
  if (const char* e = std::getenv(env); e && *e) return e;
  return Get(name);
}

}  // namespace kakunin::cli
