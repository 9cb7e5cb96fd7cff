#include "console/export/csv_field.h"

#include "common/text/csv.h"

namespace kakunin::console {

QString CsvField(const QString& value) {
  return QString::fromStdString(text::CsvField(value.toStdString()));
}

}  // namespace kakunin::console
