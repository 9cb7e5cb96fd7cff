#pragma once
// One table of HQ's failure report (issue 19): a row per store or per reader model with its card
// checks, failures, failure rate and the failures by kind in words (Labels::CardFailure).

#include <QCoreApplication>

#include "console/models/rows_model.h"
#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

class FailureReportModel : public RowsModel<v1::FailureReportRow> {
  Q_DECLARE_TR_FUNCTIONS(kakunin::console::FailureReportModel)

 public:
  enum Table { kStores, kReaderModels };
  enum Column { kName, kCardChecks, kFailures, kFailureRate, kReasons, kColumnCount };
  FailureReportModel(Table table, QObject* parent = nullptr);

  // 「3件」 per kind, most frequent first, one kind a line.
  static QString Reasons(const v1::FailureReportRow& row);
  // A store by its name (its id when it has none); a model as the reader reports it.
  static QString Name(Table table, const v1::FailureReportRow& row);
};

}  // namespace kakunin::console
