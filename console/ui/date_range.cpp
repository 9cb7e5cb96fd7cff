#include "console/ui/date_range.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

#include "console/models/labels.h"

namespace kakunin::console {

void ShowYearBeforeMonth(QCalendarWidget* calendar) {
  if (calendar->locale().language() != QLocale::Japanese) return;
  // Qt's own child names (stable since Qt 4); another layout is left as it is.
  auto* bar = calendar->findChild<QWidget*>(QStringLiteral("qt_calendar_navigationbar"));
  auto* month = calendar->findChild<QToolButton*>(QStringLiteral("qt_calendar_monthbutton"));
  auto* year = calendar->findChild<QToolButton*>(QStringLiteral("qt_calendar_yearbutton"));
  auto* row = bar ? qobject_cast<QBoxLayout*>(bar->layout()) : nullptr;
  if (!month || !year || !row || row->indexOf(year) < 0) return;
  row->removeWidget(month);
  row->insertWidget(row->indexOf(year) + 1, month);
  // Qt rewrites the year button on every page change: 年 goes back on after it.
  auto add_nen = [year] {
    const QString nen = QStringLiteral("年");
    if (!year->text().endsWith(nen)) year->setText(year->text() + nen);
  };
  QObject::connect(calendar, &QCalendarWidget::currentPageChanged, year, add_nen);
  add_nen();
}

DateRange::DateRange(int days_back, QWidget* parent) : QWidget(parent) {
  check_ = new QCheckBox(tr("&Dates"));
  // Rows are dated in Japan time, so the default period must end on Japan's today.
  const QDate today = Labels::JapanToday();
  from_ = new QDateEdit(today.addDays(-days_back));
  to_ = new QDateEdit(today);
  for (auto* e : {from_, to_}) {
    //: Locale of the date fields' calendars (ja in the Japanese UI).
    e->setLocale(QLocale(tr("en")));
    e->setCalendarPopup(true);
    ShowYearBeforeMonth(e->calendarWidget());
    e->setDisplayFormat(Labels::DateFormat());
    e->setEnabled(false);
    connect(check_, &QCheckBox::toggled, e, &QWidget::setEnabled);
  }
  auto* row = new QHBoxLayout(this);
  row->setContentsMargins(0, 0, 0, 0);
  row->addWidget(check_);
  row->addWidget(from_);
  row->addWidget(new QLabel(tr("to")));
  row->addWidget(to_);
  row->addStretch(1);
}

}  // namespace kakunin::console
