#include "common/cli/language.h"

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <vector>

namespace kakunin::cli {
namespace {

// 0: not read yet; 1 Japanese; 2 English.
std::atomic<int> g_language{0};

Language FromEnvironment() {
  const char* v = std::getenv("KAKUNIN_LANG");
  if (v && v[0] == 'e' && v[1] == 'n' &&
      (v[2] == '\0' || v[2] == '_' || v[2] == '-' || v[2] == '.')) {
    return Language::kEnglish;
  }
  return Language::kJapanese;
}

// One code point from `s` at `i` (advancing `i`); a broken sequence is one byte of its own.
uint32_t NextCodePoint(std::string_view s, size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
  uint32_t cp = extra == 0 ? b : b & (0x3F >> extra);
  size_t j = i + 1;
  for (int k = 0; k < extra; ++k, ++j) {
    if (j >= s.size() || (static_cast<unsigned char>(s[j]) & 0xC0) != 0x80) {
      ++i;
      return b;
    }
    cp = (cp << 6) | (static_cast<unsigned char>(s[j]) & 0x3F);
  }
  i = j;
  return cp;
}

bool Wide(uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

// Characters a Japanese line must not begin with (kinsoku): closing brackets and punctuation.
bool NoLineStart(uint32_t cp) {
  switch (cp) {
    case U'、':
    case U'。':
    case U'，':
    case U'．':
    case U'）':
    case U'」':
    case U'』':
    case U'】':
    case U'〉':
    case U'》':
    case U'・':
    case U'：':
    case U'；':
    case U'！':
    case U'？':
    case U'ー':
    case U'ぁ':
    case U'ぃ':
    case U'ぅ':
    case U'ぇ':
    case U'ぉ':
    case U'っ':
    case U'ゃ':
    case U'ゅ':
    case U'ょ':
    case U'ァ':
    case U'ィ':
    case U'ゥ':
    case U'ェ':
    case U'ォ':
    case U'ッ':
    case U'ャ':
    case U'ュ':
    case U'ョ':
    case ')':
    case ',':
    case '.':
    case ':':
    case ';':
      return true;
    default:
      return false;
  }
}

// Characters a line must not end with: opening brackets.
bool NoLineEnd(uint32_t cp) {
  return cp == U'（' || cp == U'「' || cp == U'『' || cp == U'【' || cp == U'〈' || cp == U'《' ||
         cp == '(';
}

void WrapParagraph(std::string_view p, size_t width, std::string& out) {
  // Tokens: a run of narrow non-space characters is one unbreakable word; each wide character
  // is a word of its own; spaces separate words and are dropped at a break.
  struct Token {
    std::string_view text;
    size_t columns;
    bool space_before;
    uint32_t first, last;
  };
  std::vector<Token> tokens;
  size_t i = 0;
  bool space = false;
  while (i < p.size()) {
    if (p[i] == ' ') {
      space = true;
      ++i;
      continue;
    }
    const size_t start = i;
    uint32_t cp = NextCodePoint(p, i);
    if (Wide(cp)) {
      tokens.push_back({p.substr(start, i - start), 2, space, cp, cp});
    } else {
      uint32_t last = cp;
      size_t cols = 1;
      while (i < p.size() && p[i] != ' ') {
        size_t k = i;
        uint32_t next = NextCodePoint(p, k);
        if (Wide(next)) break;
        last = next;
        ++cols;
        i = k;
      }
      tokens.push_back({p.substr(start, i - start), cols, space, cp, last});
    }
    space = false;
  }
  std::string line;
  size_t line_cols = 0;
  size_t t = 0;
  while (t < tokens.size()) {
    // Glue: a token that may not start a line sticks to the one before it; an opening bracket
    // sticks to the one after it.
    size_t end = t + 1;
    size_t cols = tokens[t].columns;
    while (end < tokens.size() && !tokens[end].space_before &&
           (NoLineStart(tokens[end].first) || NoLineEnd(tokens[end - 1].last))) {
      cols += tokens[end].columns;
      ++end;
    }
    const size_t gap = line.empty() || !tokens[t].space_before ? 0 : 1;
    if (!line.empty() && line_cols + gap + cols > width) {
      out += line;
      out += '\n';
      line.clear();
      line_cols = 0;
    }
    for (size_t k = t; k < end; ++k) {
      if (!line.empty() && tokens[k].space_before) {
        line += ' ';
        ++line_cols;
      }
      line += tokens[k].text;
      line_cols += tokens[k].columns;
    }
    t = end;
  }
  out += line;
}

}  // namespace

Language HelpLanguage() {
  int v = g_language.load();
  if (v == 0) {
    // Only if nothing was set meanwhile: SetHelpLanguage wins over the environment.
    int read = FromEnvironment() == Language::kEnglish ? 2 : 1;
    if (g_language.compare_exchange_strong(v, read)) v = read;
  }
  return v == 2 ? Language::kEnglish : Language::kJapanese;
}

void SetHelpLanguage(Language language) {
  g_language.store(language == Language::kEnglish ? 2 : 1);
}

void HelpLanguageFromArgs(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    std::string_view value;
    if (arg == "--lang" && i + 1 < argc) {
      value = argv[i + 1];
    } else if (arg.rfind("--lang=", 0) == 0) {
      value = arg.substr(7);
    } else {
      continue;
    }
    if (value == "en" || value == "EN" || value == "En") SetHelpLanguage(Language::kEnglish);
    if (value == "ja" || value == "JA" || value == "Ja") SetHelpLanguage(Language::kJapanese);
  }
}

std::string Localized(std::string_view en, std::string_view ja) {
  return std::string(HelpLanguage() == Language::kEnglish ? en : ja);
}

size_t DisplayWidth(std::string_view text) {
  size_t cols = 0;
  for (size_t i = 0; i < text.size();) cols += Wide(NextCodePoint(text, i)) ? 2 : 1;
  return cols;
}

std::string Wrap(std::string_view text, size_t width) {
  std::string out;
  size_t start = 0;
  while (true) {
    const size_t nl = text.find('\n', start);
    WrapParagraph(text.substr(start, nl == std::string_view::npos ? nl : nl - start), width, out);
    if (nl == std::string_view::npos) break;
    out += '\n';
    start = nl + 1;
  }
  return out;
}

}  // namespace kakunin::cli
