#pragma once
// The console's list tables share one look and behaviour: whole rows selected one at a time,
// no row numbers, the last column filling the width.

#include <QHeaderView>
#include <QTableView>

namespace kakunin::console {

inline void SetUpListTable(QTableView* table, bool alternating_rows = true) {
  table->setSelectionBehavior(QAbstractItemView::SelectRows);
  table->setSelectionMode(QAbstractItemView::SingleSelection);
  table->setAlternatingRowColors(alternating_rows);
  table->verticalHeader()->hide();
  table->horizontalHeader()->setStretchLastSection(true);
}

}  // namespace kakunin::console
