#include "common/cli/flags.h"

#include <cstdlib>
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
  return out.str();
}

bool Flags::Has(const std::string& name) const { return values_.count(name) > 0; }

std::string Flags::Get(const std::string& name) const {
  if (auto it = values_.find(name); it != values_.end()) return it->second;
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
  long n = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0') {
    return MakeError(ErrorCode::kInvalidArgument, "cli.not_a_number",
                     "option --" + name + " needs a whole number, got '" + v + "'");
  }
  return static_cast<int>(n);
}

std::string Flags::GetOrEnv(const std::string& name, const char* env) const {
  if (Has(name)) return Get(name);
  if (const char* e = std::getenv(env); e && *e) return e;
  return Get(name);
}

}  // namespace kakunin::cli
