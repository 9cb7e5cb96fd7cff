#pragma once
// This terminal's recent checks (ListRecent), newest first. Only results still viewable (翌月末
// of the check's month, common/domain/review_window.h) are kept, so an old answer from the daemon
// can never be re-opened by staff.

#include <QAbstractTableModel>
#include <vector>

#include "common/domain/date.h"
#include "kakunin/v1/common.pb.h"

namespace kakunin::station {

class RecentModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { kTime, kOutcome, kName, kMode, kRoute, kSource, kViewableUntil, kColumnCount };
  enum Role { kCheckIdRole = Qt::UserRole + 1 };
  explicit RecentModel(QObject* parent = nullptr) : QAbstractTableModel(parent) {}

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  // Replaces the rows; `today` is Japan's civil date.
  void SetResults(const std::vector<v1::CheckResult>& results, const domain::Date& today);
  // A check just made: inserted at the top (or updated in place when already listed).
  void Prepend(const v1::CheckResult& result);
  const v1::CheckResult& At(int row) const { return rows_.at(row); }

  // The Japanese civil date of a result's check time.
  static domain::Date CheckDate(const v1::CheckResult& result);
  static domain::Date TodayInJapan();

 private:
  QVariant Display(const v1::CheckResult& r, int column) const;
  std::vector<v1::CheckResult> rows_;
};

}  // namespace kakunin::station
