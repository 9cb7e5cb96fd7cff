#include "console/export/csv_field.h"

namespace kakunin::console {

QString CsvField(const QString& value) {
  QString v = value;
  static const QString kFormulaStarts = QStringLiteral("=+-@\t\r");
  if (!v.isEmpty() && kFormulaStarts.contains(v.front())) v.prepend(QLatin1Char('\''));
  if (v.contains(QLatin1Char(',')) || v.contains(QLatin1Char('"')) ||
      v.contains(QLatin1Char('\n')) || v.contains(QLatin1Char('\r'))) {
    v.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + v + QLatin1Char('"');
  }
  return v;
}

}  // namespace kakunin::console
