#pragma once
// The language of what the command-line programs print for people: --help, the generated
// configuration files and --print-config. Japanese first, like the product's screens; English for
// whoever sets KAKUNIN_LANG=en (a vendor's engineer, a log pasted into an English ticket).
// Operator messages (errors) are Japanese only and do not come through here.

#include <string>
#include <string_view>

namespace kakunin::cli {

enum class Language { kJapanese, kEnglish };

// KAKUNIN_LANG=en (or en_…) → English; anything else, or unset → Japanese. Read once.
Language HelpLanguage();
// Tests pin the language instead of setting the environment.
void SetHelpLanguage(Language language);

// For programs with a --lang option of their own (the console, the staff window): `--lang en`
// (or `--lang=en`) in argv asks for English help too. Called before the options are declared,
// since their texts are chosen when declared.
void HelpLanguageFromArgs(int argc, char** argv);

// `ja` or `en`, whichever HelpLanguage() says: every text a program declares for --help is
// written in both, side by side, so neither can be forgotten where the other is changed.
std::string Localized(std::string_view en, std::string_view ja);

// Columns `text` takes on a terminal: East Asian wide characters (kana, kanji, full-width
// forms) count two, other characters one.
size_t DisplayWidth(std::string_view text);

// `text` broken into lines of at most `width` columns: at spaces where there are any, else
// between wide characters, never before closing punctuation (、。）」) nor inside a UTF-8
// sequence. Newlines in `text` are kept as paragraph breaks; an empty paragraph is an empty line.
std::string Wrap(std::string_view text, size_t width);

}  // namespace kakunin::cli
