// Flags and TOML: reading a configuration file (toml++), printing the effective configuration,
// and the documented template, all from the options a program declares.

// Header-only toml++: no runtime library to ship beside the binaries. Errors come back as
// values; no exception crosses this file.
#define TOML_HEADER_ONLY 1
#define TOML_EXCEPTIONS 0
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "common/cli/flags.h"
#include "common/cli/language.h"

namespace kakunin::cli {
namespace {

constexpr size_t kCommentWidth = 96;

std::string Where(const std::string& source, const toml::source_position& p) {
  return source + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
}

std::string TypeName(toml::node_type t) {
  switch (t) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a decimal number";
    case toml::node_type::boolean:
      return "true/false";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    default:
      return "nothing";
  }
}

Error BadType(const std::string& where, const std::string& key, const std::string& wanted,
              const toml::node& node) {
  return MakeError(ErrorCode::kInvalidArgument, "config.wrong_type",
                   where + ": '" + key + "' needs " + wanted + ", got " + TypeName(node.type()));
}

// A TOML integer as the program reads it (an int); a wider one is refused here, not wrapped.
Result<std::string> IntText(const toml::node& node, const std::string& where,
                            const std::string& key) {
  int64_t v = node.as_integer()->get();
  if (v < INT_MIN || v > INT_MAX) {
    return MakeError(ErrorCode::kInvalidArgument, "config.out_of_range",
                     where + ": '" + key + "' is out of range: " + std::to_string(v));
  }
  return std::to_string(v);
}

// What the program expects of a setting's value.
struct Shape {
  bool boolean;
  bool integer;
  bool list;
};

// A setting's TOML value as the program reads it (lists as comma lists); nullopt for an empty
// value, which counts as unset, as an empty environment variable does.
Result<std::optional<std::string>> ValueText(const toml::node& node, Shape shape,
                                             const std::string& key, const std::string& source) {
  const std::string where = Where(source, node.source().begin);
  if ((node.is_string() && node.as_string()->get().empty()) ||
      (node.is_array() && node.as_array()->empty())) {
    return std::optional<std::string>();
  }
  if (shape.boolean) {
    if (!node.is_boolean()) return BadType(where, key, "true or false", node);
    return std::optional<std::string>(node.as_boolean()->get() ? "true" : "false");
  }
  if (!shape.list) {
    if (shape.integer) {
      if (!node.is_integer()) return BadType(where, key, "a whole number (without quotes)", node);
      KAKUNIN_ASSIGN_OR_RETURN(auto text, IntText(node, where, key));
      return std::optional<std::string>(text);
    }
    if (!node.is_string()) return BadType(where, key, "a string in quotes", node);
    return std::optional<std::string>(node.as_string()->get());
  }
  if (!node.is_array()) {
    return BadType(where, key,
                   shape.integer ? "an array of whole numbers, e.g. [1, 2]"
                                 : "an array of strings, e.g. [\"a\", \"b\"]",
                   node);
  }
  std::string joined;
  for (const toml::node& item : *node.as_array()) {
    const std::string item_where = Where(source, item.source().begin);
    std::string text;
    if (shape.integer) {
      if (!item.is_integer()) return BadType(item_where, key, "whole numbers", item);
      KAKUNIN_ASSIGN_OR_RETURN(text, IntText(item, item_where, key));
    } else {
      if (!item.is_string()) return BadType(item_where, key, "strings in quotes", item);
      text = item.as_string()->get();
      // The program reads a comma list: an item must not split or vanish in it.
      if (text.empty() || text.find(',') != std::string::npos) {
        return MakeError(ErrorCode::kInvalidArgument, "config.bad_value",
                         item_where + ": '" + key + "' items must be non-empty and without commas");
      }
    }
    joined += (joined.empty() ? "" : ",") + text;
  }
  return std::optional<std::string>(joined);
}

// TOML allows other than ASCII only inside strings and comments. toml++ 3.3.0 (Debian 12) checks
// such a character elsewhere for being whitespace and, for many (kana among them: `name = かな`,
// `[てんぽ]`), reaches __builtin_unreachable: undefined behaviour, found by fuzzing. So it never
// sees one: this reads strings and comments as TOML does and refuses anything else non-ASCII
// (a UTF-8 byte order mark at the start, as Notepad writes it, is toml++'s to skip).
Status CheckAsciiOutsideStrings(std::string_view text, const std::string& source) {
  size_t line = 1, column = 1;
  auto advance = [&](size_t& i) {
    const auto c = static_cast<unsigned char>(text[i++]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column;  // columns in characters, as toml++ counts them
    }
  };
  auto starts = [&](size_t i, std::string_view what) {
    return text.substr(i, what.size()) == what;
  };
  for (size_t i = text.starts_with("\xEF\xBB\xBF") ? 3 : 0; i < text.size();) {
    const char c = text[i];
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') advance(i);
    } else if (starts(i, "\"\"\"") || starts(i, "'''")) {
      const std::string_view fence = text.substr(i, 3);
      for (int k = 0; k < 3; ++k) advance(i);
      while (i < text.size() && !starts(i, fence)) {
        if (fence[0] == '"' && text[i] == '\\' && i + 1 < text.size()) advance(i);
        advance(i);
      }
      // The fence, and up to two more quotes that belong to the string's end.
      for (int k = 0; k < 5 && i < text.size() && text[i] == fence[0]; ++k) advance(i);
    } else if (c == '"' || c == '\'') {
      advance(i);
      while (i < text.size() && text[i] != c && text[i] != '\n') {
        if (c == '"' && text[i] == '\\' && i + 1 < text.size() && text[i + 1] != '\n') advance(i);
        advance(i);
      }
      if (i < text.size() && text[i] == c) advance(i);
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      const std::string where = source + ":" + std::to_string(line) + ":" + std::to_string(column);
      return MakeError(
          ErrorCode::kInvalidArgument, "config.syntax",
          Localized(where + ": text other than ASCII must be in quotes (\"...\") or a comment",
                    where + ": 英数字以外の文字は引用符（\"...\"）の中かコメントにだけ書けます"));
    } else {
      advance(i);
    }
  }
  return OkStatus();
}

// A whole number written by a person or a program → canonical digits (TOML refuses "007").
std::optional<std::string> CanonicalInt(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  long long n = std::strtoll(s.c_str(), &end, 10);
  if (*end != '\0' || errno == ERANGE || std::isspace(static_cast<unsigned char>(s[0]))) {
    return std::nullopt;
  }
  return std::to_string(n);
}

std::string TomlString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned char>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

// Passwords inside a connection string: the URI's user:password@ and password=… (keyword form or
// URI parameter). Anything else marked secret is hidden whole.
std::string MaskSecret(const std::string& v) {
  if (v.empty()) return v;
  if (v.find("://") != std::string::npos) {
    static const std::regex user_password(R"(^([A-Za-z][A-Za-z0-9+.-]*://[^:/?#@]*:)[^@/?#]*@)");
    static const std::regex parameter(R"(([?&]password=)[^&#]*)", std::regex::icase);
    return std::regex_replace(std::regex_replace(v, user_password, "$1<hidden>@"), parameter,
                              "$1<hidden>");
  }
  if (v.find('=') != std::string::npos) {
    static const std::regex keyword(R"((\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S*))",
                                    std::regex::icase);
    return std::regex_replace(v, keyword, "$1<hidden>");
  }
  return "<hidden>";
}

// `text` as "# " lines of at most kCommentWidth columns (Japanese has no spaces to break at).
std::string CommentLines(const std::string& text) {
  std::string out;
  std::stringstream lines(Wrap(text, kCommentWidth - 2));
  std::string line;
  while (std::getline(lines, line)) out += line.empty() ? "#\n" : "# " + line + "\n";
  return out;
}

// Where a setting came from (Flags::Source), as --print-config shows it.
std::string SourceText(const std::string& source) {
  if (source == "command line") return Localized("command line", "コマンドライン");
  if (source == "default") return Localized("default", "既定値");
  if (source.rfind("KAKUNIN", 0) == 0) return Localized(source, "環境変数 " + source);
  return source;  // FILE:LINE
}

}  // namespace

std::string Flags::FileKey(const std::string& name) {
  std::string key = name;
  std::replace(key.begin(), key.end(), '-', '_');
  return key;
}

std::vector<std::pair<std::string, std::vector<std::string>>> Flags::BySection() const {
  std::vector<std::pair<std::string, std::vector<std::string>>> out{{"", {}}};
  for (const auto& [name, title] : sections_) out.push_back({name, {}});
  for (const auto& option : order_) {
    for (auto& [section, options] : out) {
      if (section == specs_.at(option).section) options.push_back(option);
    }
  }
  return out;
}

Status Flags::ApplyConfig(std::string_view text, const std::string& source, bool shared) {
  KAKUNIN_RETURN_IF_ERROR(CheckAsciiOutsideStrings(text, source));
  toml::parse_result parsed = toml::parse(text, std::string_view(source));
  if (!parsed) {
    const auto& e = parsed.error();
    return MakeError(ErrorCode::kInvalidArgument, "config.syntax",
                     Where(source, e.source().begin) + ": " + std::string(e.description()));
  }
  // Every setting with its table, in the file's order (toml++ keeps keys sorted), so that the
  // error reported is the first one in the file.
  struct Entry {
    toml::source_position at;
    std::string section;
    std::string key;
    const toml::node* node;
  };
  std::vector<Entry> entries;
  for (auto&& [key, node] : parsed.table()) {
    std::string name(key.str());
    if (!node.is_table()) {
      entries.push_back({key.source().begin, "", name, &node});
      continue;
    }
    std::string section = FileKey(name);
    bool known = std::any_of(sections_.begin(), sections_.end(),
                             [&](const auto& s) { return s.first == section; });
    if (!known && shared) continue;
    if (!known) {
      std::string hint;
      if (auto it = specs_.find(section); it != specs_.end()) {
        hint = it->second.section.empty()
                   ? " ('" + name + "' is a setting at the top of the file)"
                   : " ('" + name + "' is a setting in [" + it->second.section + "])";
      }
      return MakeError(
          ErrorCode::kInvalidArgument, "config.unknown_section",
          Where(source, key.source().begin) + ": unknown section [" + name + "]" + hint);
    }
    for (auto&& [sub, value] : *node.as_table()) {
      entries.push_back({sub.source().begin, section, std::string(sub.str()), &value});
    }
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.at.line != b.at.line ? a.at.line < b.at.line : a.at.column < b.at.column;
  });

  // Applied only when the whole file is good: a broken file changes nothing.
  std::map<std::string, std::string> values, where_set;
  for (const auto& e : entries) {
    const std::string where = Where(source, e.at);
    std::string name = e.key;
    std::replace(name.begin(), name.end(), '_', '-');
    auto it = specs_.find(name);
    if (shared && (it == specs_.end() || !it->second.in_file || it->second.section != e.section)) {
      continue;
    }
    if (it == specs_.end()) {
      return MakeError(ErrorCode::kInvalidArgument, "config.unknown_setting",
                       where + ": unknown setting '" + e.key + "'" +
                           (e.section.empty() ? "" : " in [" + e.section + "]") + " (see --help)");
    }
    const Spec& spec = it->second;
    if (!spec.in_file) {
      return MakeError(ErrorCode::kInvalidArgument, "config.not_in_file",
                       where + ": '" + e.key +
                           "' cannot be set in a configuration file (command line or "
                           "environment only)");
    }
    if (spec.section != e.section) {
      return MakeError(ErrorCode::kInvalidArgument, "config.wrong_section",
                       where + ": '" + e.key + "' belongs " +
                           (spec.section.empty() ? "at the top of the file, before any [section]"
                                                 : "in [" + spec.section + "]"));
    }
    if (auto seen = where_set.find(name); seen != where_set.end()) {
      return MakeError(ErrorCode::kInvalidArgument, "config.duplicate",
                       where + ": '" + e.key + "' is set twice (also at " + seen->second + ")");
    }
    where_set[name] = source + ":" + std::to_string(e.at.line);

    KAKUNIN_ASSIGN_OR_RETURN(
        auto value,
        ValueText(*e.node, {spec.kind == Kind::kBool, spec.kind == Kind::kInt, spec.list}, e.key,
                  source));
    if (value) values[name] = *value;
  }
  for (auto& [name, value] : values) {
    file_values_[name] = value;
    file_where_[name] = where_set[name];
  }
  return OkStatus();
}

Status Flags::ApplyConfigFile(const std::string& option, bool shared) {
  const std::string path = Get(option);
  if (path.empty()) return OkStatus();
  // UTF-8 as every path here (a Windows char path would be read in the ANSI code page).
  std::ifstream in(std::filesystem::path(std::u8string(path.begin(), path.end())));
  if (!in) {
    int err = errno;
    // The default file is optional: a machine without one runs on flags and defaults alone.
    std::error_code ec;
    if (!Has(option) && !std::filesystem::exists(path, ec)) return OkStatus();
    return MakeError(ErrorCode::kInvalidArgument, "config.unreadable",
                     "cannot read the configuration file " + path + ": " + std::strerror(err));
  }
  std::stringstream text;
  text << in.rdbuf();
  KAKUNIN_RETURN_IF_ERROR(ApplyConfig(text.str(), path, shared));
  files_read_.push_back(path);
  return OkStatus();
}

std::string Flags::TomlValue(const Spec& spec, const std::string& raw) const {
  const std::string value = spec.secret ? MaskSecret(raw) : raw;
  if (spec.kind == Kind::kBool) {
    return value == "true" || value == "1" || value == "yes" ? "true" : "false";
  }
  auto scalar = [&](const std::string& v) {
    // A number that does not parse stays a string: the program will refuse it, and the text
    // stays valid TOML.
    if (spec.kind == Kind::kInt) {
      if (auto n = CanonicalInt(v)) return *n;
    }
    return TomlString(v);
  };
  if (!spec.list) return scalar(value);
  std::string out = "[";
  for (const auto& item : SplitList(value)) out += (out.size() > 1 ? ", " : "") + scalar(item);
  return out + "]";
}

std::string Flags::PrintConfig() const {
  std::ostringstream out;
  out << Localized(
      "# Effective configuration: command line > environment > configuration file > default.\n",
      "# 有効な設定（優先順: コマンドライン > 環境変数 > 設定ファイル > 既定値）\n");
  if (files_read_.empty()) {
    out << Localized("# No configuration file was read.\n",
                     "# 設定ファイルは読み込んでいません。\n");
  } else {
    for (const auto& f : files_read_) {
      out << Localized("# Configuration file read: ", "# 読み込んだ設定ファイル: ") << f << "\n";
    }
  }
  out << Localized(
      "# Lines commented out are defaults (nothing set them) or settings a file cannot hold.\n",
      "# "
      "行頭が「#」の行は、どこでも設定されていない既定値か、設定ファイルには書けない設定です。\n");
  for (const auto& [section, options] : BySection()) {
    std::vector<std::string> lines;
    for (const auto& name : options) {
      const Spec& spec = specs_.at(name);
      if (!spec.from_environment) continue;  // command-line switches such as --print-config
      const std::string source = Source(name);
      if (spec.hidden && source == "default") continue;  // a test hook nobody set
      std::string comment = Localized("  # from: ", "  # 設定元: ") + SourceText(source);
      if (spec.secret && MaskSecret(Get(name)) != Get(name)) {
        comment += Localized(" (secret hidden)", "（秘密の部分は伏せています）");
      }
      if (!spec.in_file) {
        comment +=
            Localized(" (command line or environment only)", "（コマンドラインか環境変数のみ）");
      }
      const bool commented = source == "default" || !spec.in_file;
      lines.push_back((commented ? "# " : "") + FileKey(name) + " = " + TomlValue(spec, Get(name)) +
                      comment);
    }
    if (lines.empty()) continue;
    out << (section.empty() ? "\n" : "\n[" + section + "]\n");
    for (const auto& line : lines) out << line << "\n";
  }
  return out.str();
}

std::string Flags::ConfigTemplate(const std::string& header,
                                  const std::map<std::string, std::string>& preset) const {
  std::ostringstream out;
  const std::string how_it_reads =
      preset.empty() ? Localized(
                           "Every setting below is commented out and shows its default, so "
                           "this file as installed changes nothing.",
                           "以下の設定はすべて行頭の「#」で無効にしてあり、既定値を示しています。"
                           "インストールされたままのこのファイルは何も変えません。")
                     : Localized(
                           "Every setting below shows its default and is commented out, "
                           "except those marked \"this installation's value\".",
                           "以下の設定は「このインストールの値」と書いたものを除き、行頭の「#」"
                           "で無効にしてあり、既定値を示しています。");
  const std::string how_to_change = Localized(
      " To change one, remove the \"# \" before its key and edit "
      "the value. Keys are the long option names with underscores; lists are "
      "arrays ([\"a\", \"b\"]); an empty value (\"\" or []) means unset. The "
      "command line and the environment win over this file.",
      "変更するには、行頭の「#」と空白を消して値を書き換えてください。キーは"
      "コマンドラインのオプション名の - を _ にしたもの、一覧は配列（[\"a\", "
      "\"b\"]）で、空の値（\"\" や []）は未設定と同じです。コマンドラインと"
      "環境変数の指定はこのファイルより優先されます。");
  out << CommentLines(header) << "#\n" << CommentLines(how_it_reads + how_to_change);
  for (const auto& [section, options] : BySection()) {
    std::vector<std::string> in_file;
    for (const auto& name : options) {
      if (specs_.at(name).in_file && !specs_.at(name).hidden) in_file.push_back(name);
    }
    if (in_file.empty()) continue;
    if (!section.empty()) {
      out << "\n";
      for (const auto& [known, title] : sections_) {
        if (known == section && !title.empty()) out << CommentLines(title);
      }
      out << "[" << section << "]\n";
    }
    for (const auto& name : in_file) {
      const Spec& spec = specs_.at(name);
      std::string shown_default = spec.default_value;
      if (spec.default_value.empty()) {
        // The help says what happens when a setting is left out ("default in data dir").
        shown_default = spec.kind == Kind::kBool ? "false" : Localized("not set", "未設定");
      } else if (spec.list) {
        shown_default.clear();
        for (const auto& item : SplitList(spec.default_value)) {
          shown_default += (shown_default.empty() ? "" : ", ") + item;
        }
      }
      out << "\n"
          << CommentLines(spec.help) << Localized("# default: ", "# 既定値: ") << shown_default
          << "\n";
      if (auto set = preset.find(name); set != preset.end()) {
        out << FileKey(name) << " = " << TomlValue(spec, set->second)
            << Localized("  # this installation's value\n", "  # このインストールの値\n");
        continue;
      }
      out << "# " << FileKey(name) << " = "
          << (spec.default_value.empty() && spec.kind != Kind::kBool
                  ? (spec.list ? "[]" : "\"\"")
                  : TomlValue(spec, spec.default_value))
          << "\n";
    }
  }
  return out.str();
}

Result<std::map<std::string, std::string>> ParsePresets(const Flags& flags,
                                                        const std::string& list) {
  std::map<std::string, std::string> out;
  std::stringstream items(list);
  for (std::string item; std::getline(items, item, ',');) {
    if (item.empty()) continue;
    size_t eq = item.find('=');
    std::string name = item.substr(0, eq);
    std::replace(name.begin(), name.end(), '_', '-');
    // A command-line mistake ("cli."), not the configuration file's: the file is not read here.
    if (eq == std::string::npos || !flags.Declared(name)) {
      return MakeError(
          ErrorCode::kInvalidArgument, "cli.bad_preset",
          Localized("--set takes NAME=VALUE, NAME a setting the template lists, got '" + item + "'",
                    "--set は NAME=VALUE の形で、NAME にはひな形にある設定の名前を書いてください"
                    "（指定: '" +
                        item + "'）"));
    }
    out[name] = item.substr(eq + 1);
  }
  return out;
}

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    // "a, b" as typed on a command line: the spaces around an item are not part of it.
    const auto first = item.find_first_not_of(' ');
    if (first == std::string::npos) continue;
    out.push_back(item.substr(first, item.find_last_not_of(' ') - first + 1));
  }
  return out;
}

}  // namespace kakunin::cli
