#pragma once
// A thin table model over result rows fetched by the client layer.

#include <QAbstractTableModel>
#include <vector>

#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

class ResultsModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { kTime, kSite, kDevice, kMode, kRoute, kOutcome, kReader, kColumnCount };
  explicit ResultsModel(QObject* parent = nullptr) : QAbstractTableModel(parent) {}

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  void SetRows(std::vector<v1::ResultRow> rows);
  void AppendRows(std::vector<v1::ResultRow> rows);

  static QString ModeText(v1::IdentityMode mode);
  static QString RouteText(v1::CheckRoute route);
  static QString OutcomeText(v1::Outcome outcome);

 private:
  std::vector<v1::ResultRow> rows_;
};

}  // namespace kakunin::console
