#pragma once
// A thin read-only table model over a vector of server messages, its columns given as small
// functions (text, sort key, background). The subsidy and user pages use one per list instead
// of a hand-written QAbstractTableModel each; the data stays the server's.

#include <QAbstractTableModel>
#include <QColor>
#include <functional>
#include <utility>
#include <vector>

namespace kakunin::console {

template <typename Row>
class RowsModel : public QAbstractTableModel {
 public:
  static constexpr int kSortRole = Qt::UserRole;

  struct Column {
    QString title;
    std::function<QVariant(const Row&)> text;
    std::function<QVariant(const Row&)> sort;      // empty: sort by the text
    std::function<QColor(const Row&)> background;  // empty or invalid colour: none
    Qt::Alignment align = Qt::AlignLeft | Qt::AlignVCenter;
  };

  RowsModel(std::vector<Column> columns, QObject* parent)
      : QAbstractTableModel(parent), columns_(std::move(columns)) {}

  void SetRows(std::vector<Row> rows) {
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
  }
  const std::vector<Row>& rows() const { return rows_; }
  const Row& RowAt(int row) const { return rows_.at(static_cast<size_t>(row)); }

  int rowCount(const QModelIndex& parent = {}) const override {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
  }
  int columnCount(const QModelIndex& parent = {}) const override {
    return parent.isValid() ? 0 : static_cast<int>(columns_.size());
  }

  QVariant data(const QModelIndex& index, int role) const override {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
      return {};
    }
    const Row& row = rows_[static_cast<size_t>(index.row())];
    const Column& c = columns_[static_cast<size_t>(index.column())];
    switch (role) {
      case Qt::DisplayRole:
      case Qt::ToolTipRole:
        return c.text(row);
      case kSortRole:
        return c.sort ? c.sort(row) : c.text(row);
      case Qt::BackgroundRole: {
        if (!c.background) return {};
        const QColor colour = c.background(row);
        return colour.isValid() ? QVariant(colour) : QVariant();
      }
      case Qt::TextAlignmentRole:
        return QVariant::fromValue(c.align);
      default:
        return {};
    }
  }

  QVariant headerData(int section, Qt::Orientation orientation, int role) const override {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 ||
        section >= columnCount()) {
      return {};
    }
    return columns_[static_cast<size_t>(section)].title;
  }

 private:
  std::vector<Column> columns_;
  std::vector<Row> rows_;
};

}  // namespace kakunin::console
