#include "console/ui/language.h"

#include <QCoreApplication>
#include <QLibraryInfo>

namespace kakunin::console {

std::optional<QString> ConsoleLanguage(const std::string& value) {
  const QString lang = QString::fromStdString(value).toLower();
  if (lang == QLatin1String("ja") || lang == QLatin1String("en")) return lang;
  return std::nullopt;
}

bool InstallConsoleTranslations(const QString& lang, QTranslator& console, QTranslator& qt) {
  if (!console.load(QStringLiteral(":/i18n/kakunin_console_%1.qm").arg(lang))) return false;
  QCoreApplication::installTranslator(&console);
  // Without qtbase_ja Qt's standard buttons and menus stay English; the rest is unaffected.
  if (lang == QLatin1String("ja") &&
      qt.load(QStringLiteral("qtbase_ja"), QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
    QCoreApplication::installTranslator(&qt);
  }
  return true;
}

}  // namespace kakunin::console
