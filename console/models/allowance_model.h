#pragma once
// A terminal's one-time 目視確認 permissions of the last 30 days (issue 19), newest first, as the
// server lists them: when and by whom each was granted, why, and what became of it.

#include <QCoreApplication>

#include "console/models/rows_model.h"
#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

class AllowanceModel : public RowsModel<v1::VisualAllowanceRecord> {
  Q_DECLARE_TR_FUNCTIONS(kakunin::console::AllowanceModel)

 public:
  enum Column { kGrantedAt, kState, kUsedAt, kReason, kGrantedBy, kCheckId, kColumnCount };
  explicit AllowanceModel(QObject* parent = nullptr);

  // 「未使用（14:05 まで）」, 「使用済み」, 「期限切れ（未使用）」, 「新しい許可に置き換え」; an
  // unknown state as the server named it.
  static QString State(const v1::VisualAllowanceRecord& a);
  // The manager's display name, else the account the server recorded.
  static QString GrantedBy(const v1::VisualAllowanceRecord& a);
};

}  // namespace kakunin::console
