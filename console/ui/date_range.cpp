#include "console/ui/date_range.h"

#include <QHBoxLayout>
#include <QLabel>

#include "console/models/labels.h"

namespace kakunin::console {

DateRange::DateRange(int days_back, QWidget* parent) : QWidget(parent) {
  check_ = new QCheckBox(tr("&Dates"));
  from_ = new QDateEdit(QDate::currentDate().addDays(-days_back));
  to_ = new QDateEdit(QDate::currentDate());
  for (auto* e : {from_, to_}) {
    e->setCalendarPopup(true);
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
