#pragma once
// The console's languages (--lang): Japanese, the default, and English. Both are compiled into
// the binary as :/i18n/kakunin_console_<lang>.qm; English needs its own file too, for the plural
// forms of the counts ("1 site", not "1 site(s)").

#include <QString>
#include <QTranslator>
#include <optional>
#include <string>

namespace kakunin::console {

// "ja" or "en" for --lang's value, in any case; nullopt for anything else.
std::optional<QString> ConsoleLanguage(const std::string& value);

// Loads the console's translation for `lang` ("ja" or "en") into `console` and installs it; for
// Japanese also Qt's own texts (qtbase_ja, from Debian's qt6-translations-l10n) into `qt`, when
// installed. The translators must outlive the application. False when the console's .qm is missing.
bool InstallConsoleTranslations(const QString& lang, QTranslator& console, QTranslator& qt);

}  // namespace kakunin::console
