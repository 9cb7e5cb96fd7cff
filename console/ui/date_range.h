#pragma once
// The search pages' optional date range: a "Dates" check box and from/to date fields in
// Japanese style, disabled until the box is ticked.

#include <QCalendarWidget>
#include <QCheckBox>
#include <QDateEdit>
#include <QWidget>

namespace kakunin::console {

// A Japanese calendar's header reads 「2026年12月」, year first: Qt puts the month button
// before the year (「12月 2026」). Other languages are left as Qt lays them out.
void ShowYearBeforeMonth(QCalendarWidget* calendar);

class DateRange : public QWidget {
  Q_OBJECT
 public:
  // The range offered at first: the last `days_back` days up to today.
  explicit DateRange(int days_back, QWidget* parent = nullptr);
  QCheckBox* check() { return check_; }
  QDateEdit* from() { return from_; }
  QDateEdit* to() { return to_; }

 private:
  QCheckBox* check_;
  QDateEdit* from_;
  QDateEdit* to_;
};

}  // namespace kakunin::console
