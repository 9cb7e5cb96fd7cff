#include "common/cli/flags.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <optional>
#include <sstream>

#include "common/cli/language.h"

namespace kakunin::cli {

Flags& Flags::Section(const std::string& name, const std::string& title) {
  current_section_ = name;
  if (name.empty()) return *this;
  for (auto& [known, known_title] : sections_) {
    if (known == name) {
      if (!title.empty()) known_title = title;
      return *this;
    }
  }
  sections_.emplace_back(name, title);
  return *this;
}

Flags& Flags::Option(const std::string& name, const std::string& value_name,
                     const std::string& help, const std::string& default_value) {
  if (!specs_.count(name)) order_.push_back(name);
  last_ = name;
  Spec spec;
  spec.value_name = value_name;
  spec.help = help;
  spec.default_value = default_value;
  spec.section = current_section_;
  spec.kind = value_name.empty() ? Kind::kBool : Kind::kText;
  specs_[name] = spec;
  return *this;
}

Flags& Flags::Bool(const std::string& name, const std::string& help) {
  return Option(name, "", help, "");
}

Flags::Spec& Flags::Last() {
  assert(!last_.empty());
  return specs_.at(last_);
}

Flags& Flags::Int() {
  Last().kind = Kind::kInt;
  return *this;
}

Flags& Flags::List() {
  Last().list = true;
  return *this;
}

Flags& Flags::Secret() {
  Last().secret = true;
  return *this;
}

Flags& Flags::NotInFile() {
  Last().in_file = false;
  return *this;
}

Flags& Flags::CommandLineOnly() {
  Last().in_file = false;
  Last().from_environment = false;
  return *this;
}

Flags& Flags::Hidden() {
  Last().hidden = true;
  return *this;
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
                       Localized("unknown option --" + name + " (see --help)",
                                 "--" + name + " というオプションはありません（--help を参照）"));
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
                       Localized("option --" + name + " needs a value",
                                 "--" + name + " には値を指定してください"));
    }
  }
  return OkStatus();
}

std::string Flags::Help() const {
  const bool ja = HelpLanguage() == Language::kJapanese;
  std::ostringstream out;
  out << (ja ? "使い方: " : "Usage: ") << usage_ << "\n\n"
      << description_ << "\n\n"
      << (ja ? "オプション:\n" : "Options:\n");
  for (const auto& name : order_) {
    const Spec& s = specs_.at(name);
    if (s.hidden) continue;
    std::string left = "  --" + name + (s.value_name.empty() ? "" : " " + s.value_name);
    out << left;
    // Columns, not bytes: "…" in a value name is three bytes and one column.
    const size_t columns = DisplayWidth(left);
    if (columns < 30)
      out << std::string(30 - columns, ' ');
    else
      out << "\n" << std::string(30, ' ');
    out << s.help;
    if (!s.default_value.empty()) {
      out << (ja ? "（既定値: " : " (default: ") << s.default_value << (ja ? "）" : ")");
    }
    out << "\n";
  }
  out << "  --help                      " << (ja ? "この説明を表示する" : "show this help") << "\n";
  if (!help_footer_.empty()) out << "\n" << help_footer_ << "\n";
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
                     Localized("option --" + name + " needs a whole number, got '" + v + "'",
                               "--" + name + " には整数を指定してください（指定: '" + v + "'）"));
  }
  // Never wrap silently: 4294967296 must not become 0.
  if (errno == ERANGE || n < INT_MIN || n > INT_MAX) {
    return MakeError(ErrorCode::kInvalidArgument, "cli.out_of_range",
                     Localized("option --" + name + " is out of range: '" + v + "'",
                               "--" + name + " の値が大きすぎるか小さすぎます: '" + v + "'"));
  }
  return static_cast<int>(n);
}

void Flags::ApplyEnvironment(const std::string& prefix) {
  for (const auto& name : order_) {
    if (!specs_.at(name).from_environment) continue;
    std::string var = prefix;
    for (char c : name) var += c == '-' ? '_' : static_cast<char>(std::toupper(c));
    if (const char* v = std::getenv(var.c_str()); v && *v) {
      env_values_[name] = v;
      env_names_[name] = var;
    }
  }
}

std::string Flags::Source(const std::string& name) const {
  if (values_.count(name)) return "command line";
  if (auto it = env_names_.find(name); it != env_names_.end() && env_values_.count(name)) {
    return it->second;
  }
  if (auto it = file_where_.find(name); it != file_where_.end() && file_values_.count(name)) {
    return it->second;
  }
  return "default";
}

std::string Flags::GetOrEnv(const std::string& name, const char* env) const {
  if (Has(name)) return Get(name);
  if (const char* e = std::getenv(env); e && *e) return e;
  return Get(name);
}

}  // namespace kakunin::cli
