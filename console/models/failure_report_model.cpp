#include "console/models/failure_report_model.h"

#include "console/models/labels.h"

namespace kakunin::console {
namespace {

using Row = v1::FailureReportRow;
using Columns = std::vector<RowsModel<Row>::Column>;

constexpr Qt::Alignment kRight = Qt::AlignRight | Qt::AlignVCenter;

Columns MakeColumns(FailureReportModel::Table table) {
  const QString name = table == FailureReportModel::kStores
                           ? FailureReportModel::tr("Store")
                           : FailureReportModel::tr("Reader model");
  auto count = [](uint64_t n) { return QVariant::fromValue<qulonglong>(n); };
  return {
      {name, [table](const Row& r) { return QVariant(FailureReportModel::Name(table, r)); }},
      {FailureReportModel::tr("Card checks"),
       [count](const Row& r) { return count(r.card_checks()); },
       {},
       {},
       kRight},
      {FailureReportModel::tr("Failures"),
       [count](const Row& r) { return count(r.failures()); },
       {},
       {},
       kRight},
      {FailureReportModel::tr("Failure rate"),
       [](const Row& r) {
         return QVariant(QStringLiteral("%1 %").arg(r.failure_rate() * 100.0, 0, 'f', 1));
       },
       [](const Row& r) { return QVariant(r.failure_rate()); },
       {},
       kRight},
      {FailureReportModel::tr("Reasons"),
       [](const Row& r) { return QVariant(FailureReportModel::Reasons(r)); }},
  };
}

}  // namespace

FailureReportModel::FailureReportModel(Table table, QObject* parent)
    : RowsModel<Row>(MakeColumns(table), parent) {}

QString FailureReportModel::Reasons(const Row& row) {
  QStringList lines;
  for (const auto& r : row.reasons()) {
    lines
        << tr("%1 %n time(s)", "", static_cast<int>(r.count())).arg(Labels::CardFailure(r.kind()));
  }
  return lines.join(QLatin1Char('\n'));
}

QString FailureReportModel::Name(Table table, const Row& row) {
  if (table == kStores) {
    return QString::fromStdString(row.name().empty() ? row.key() : row.name());
  }
  if (row.key().empty()) return tr("Reader not named by the terminal");
  return QString::fromStdString(row.key());
}

}  // namespace kakunin::console
