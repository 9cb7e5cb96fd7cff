#pragma once
// A small command-line parser shared by every thin main: `--name value`, `--name=value`, boolean
// `--flag`, positional arguments, and a generated --help. Unknown flags are an error.

#include <map>
#include <optional>
#include <string>
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

  bool help_requested() const { return help_; }
  std::string Help() const;

  bool Has(const std::string& name) const;         // given on the command line
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
  std::vector<std::string> positional_;
  bool help_ = false;
};

}  // namespace kakunin::cli
