#pragma once
// A small command-line parser shared by every thin main: `--name value`, `--name=value`, boolean
// `--flag`, positional arguments, and a generated --help. Unknown flags are an error.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/result.h"

namespace kakunin::cli {

class Flags {
 public:
  Flags(std::string usage, std::string description)
      : usage_(std::move(usage)), description_(std::move(description)) {}

  // Declare before Parse. `value_name` empty means a boolean flag.
  Flags& Option(const std::string& name, const std::string& value_name, const std::string& help,
                const std::string& default_value = "");
  Flags& Bool(const std::string& name, const std::string& help);

  // Parses argv[first..]. On "--help" sets help_requested().
  Status Parse(int argc, char** argv, int first = 1);

  // Settings from the environment: --some-name ← PREFIXSOME_NAME (e.g. KAKUNIN_DB). Command-line
  // values win over these.
  void ApplyEnvironment(const std::string& prefix);
  // Settings from a configuration file, a flat TOML subset: `name = value` lines, value a
  // "string", 'string', integer, true/false or ["a", "b"] (joined with commas); # comments.
  // Names are the long option names (dashes or underscores). Unknown names and malformed lines
  // are errors naming source:line. Command line and environment win over the file.
  Status ApplyConfig(std::string_view text, const std::string& source);

  bool help_requested() const { return help_; }
  std::string Help() const;

  bool Has(const std::string& name) const;         // given on the command line, env or file
  std::string Get(const std::string& name) const;  // value or default
  bool GetBool(const std::string& name) const;
  Result<int> GetInt(const std::string& name) const;
  // Value from the flag, else from the environment variable, else the default.
  std::string GetOrEnv(const std::string& name, const char* env) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  struct Spec {
    std::string value_name;
    std::string help;
    std::string default_value;
  };
  std::string usage_;
  std::string description_;
  std::vector<std::string> order_;
  std::map<std::string, Spec> specs_;
  std::map<std::string, std::string> values_;
  std::map<std::string, std::string> env_values_;
  std::map<std::string, std::string> file_values_;
  std::vector<std::string> positional_;
  bool help_ = false;

 public:
  // A closing paragraph for --help (e.g. where else settings come from).
  void SetHelpFooter(std::string text) { env_prefix_hint_ = std::move(text); }

 private:
  std::string env_prefix_hint_;
};

}  // namespace kakunin::cli
