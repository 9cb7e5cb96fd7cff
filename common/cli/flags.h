#pragma once
// A small command-line parser shared by every thin main: `--name value`, `--name=value`, boolean
// `--flag`, positional arguments, and a generated --help. Unknown flags are an error.
//
// Daemons also take their options from the environment and from a TOML configuration file
// (config_file.cpp), all declared once here: the file's documented template and --print-config
// are generated from the same declarations the program parses, so they cannot drift.

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

  // Options declared after this live in the configuration file's [name] table; "" is the top
  // level. `title` heads the table in ConfigTemplate.
  Flags& Section(const std::string& name, const std::string& title = "");
  // Declare before Parse. `value_name` empty means a boolean flag.
  Flags& Option(const std::string& name, const std::string& value_name, const std::string& help,
                const std::string& default_value = "");
  Flags& Bool(const std::string& name, const std::string& help);
  // Marks for the option declared last.
  Flags& Int();              // a whole number: a TOML integer in the file
  Flags& List();             // a comma list on the command line, a TOML array in the file
  Flags& Secret();           // PrintConfig hides it (passwords inside a connection string)
  Flags& NotInFile();        // command line and environment only (--config itself, test hooks)
  Flags& CommandLineOnly();  // not from the environment either (--print-config)
  // Test hooks: left out of --help and the template, and of PrintConfig unless set; still
  // parsed wherever the option's other marks allow.
  Flags& Hidden();

  // Parses argv[first..]. On "--help" sets help_requested().
  Status Parse(int argc, char** argv, int first = 1);

  // Settings from the environment: --some-name ← PREFIXSOME_NAME (e.g. KAKUNIN_DB). Command-line
  // values win over these. Empty variables count as unset.
  void ApplyEnvironment(const std::string& prefix);
  // Settings from a TOML configuration file: each option under its section's table, the key
  // being the long name (underscores or dashes); lists as arrays, numbers and booleans as TOML
  // types. An empty value ("" or []) counts as unset. Syntax errors, unknown keys, keys in the
  // wrong table and wrong types are errors naming source:line:column. Command line and
  // environment win over the file.
  // `shared`: the file belongs to another command of the same program (the server's subcommands
  // read serve's file for their database and data directory): settings this command does not
  // declare, in the same table, are skipped rather than refused; the owner checks them.
  Status ApplyConfig(std::string_view text, const std::string& source, bool shared = false);
  // Reads the file named by the option `option` (e.g. "config") and applies it. A file named on
  // the command line or in the environment must be readable; the option's default is read only
  // when it exists. An empty name reads no file.
  Status ApplyConfigFile(const std::string& option, bool shared = false);

  bool help_requested() const { return help_; }
  std::string Help() const;
  // The effective configuration as TOML: every option with its value and, as a trailing
  // comment, where it came from. Defaults are commented out, so the text applied again as a
  // file changes nothing; secrets are masked.
  std::string PrintConfig() const;
  // The documented configuration file: `header`, then every file option with its help, its
  // default and its key commented out with the default value. `preset` (option → value) are
  // written set, not commented out: the installation's own values (a package's data directory).
  std::string ConfigTemplate(const std::string& header,
                             const std::map<std::string, std::string>& preset = {}) const;
  bool Declared(const std::string& name) const { return specs_.count(name) > 0; }

  bool Has(const std::string& name) const;         // given on the command line, env or file
  std::string Get(const std::string& name) const;  // value or default
  bool GetBool(const std::string& name) const;
  Result<int> GetInt(const std::string& name) const;
  // Value from the flag, else from the environment variable, else the default.
  std::string GetOrEnv(const std::string& name, const char* env) const;
  // Where the value of `name` came from: "command line", the environment variable's name,
  // "FILE:LINE" or "default".
  std::string Source(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }

  // A closing paragraph for --help (e.g. where else settings come from).
  void SetHelpFooter(std::string text) { help_footer_ = std::move(text); }

 private:
  enum class Kind { kText, kInt, kBool };
  struct Spec {
    std::string value_name;
    std::string help;
    std::string default_value;
    std::string section;
    Kind kind = Kind::kText;
    bool list = false;
    bool secret = false;
    bool in_file = true;
    bool from_environment = true;
    bool hidden = false;
  };
  Spec& Last();
  // The key as written in a file: the option's name with underscores.
  static std::string FileKey(const std::string& name);
  // One value as TOML (string, integer, boolean or array), secrets masked.
  std::string TomlValue(const Spec& spec, const std::string& value) const;
  // Top level first, then the sections in declaration order; each with its options in order.
  std::vector<std::pair<std::string, std::vector<std::string>>> BySection() const;

  std::string usage_;
  std::string description_;
  std::string help_footer_;
  std::vector<std::string> order_;
  std::map<std::string, Spec> specs_;
  std::string last_;  // the option the marks apply to
  std::string current_section_;
  std::vector<std::pair<std::string, std::string>> sections_;  // name, title
  std::map<std::string, std::string> values_;
  std::map<std::string, std::string> env_values_;
  std::map<std::string, std::string> env_names_;  // option → variable it came from
  std::map<std::string, std::string> file_values_;
  std::map<std::string, std::string> file_where_;  // option → "FILE:LINE"
  std::vector<std::string> files_read_;
  std::vector<std::string> positional_;
  bool help_ = false;
};

// A comma list (how a list option's value reads) → its non-empty items, spaces around each
// removed.
std::vector<std::string> SplitList(const std::string& s);

// `name=value,name=value` (config-template --set) → presets for ConfigTemplate; every name must
// be one of `flags`' options.
Result<std::map<std::string, std::string>> ParsePresets(const Flags& flags,
                                                        const std::string& list);

}  // namespace kakunin::cli
