#pragma once
// The onboarding board (issue 19) as a table: one row per store, its name and prefecture, then
// one cell per stage (申請 … 助成金) saying what a person needs to know — done on which day, how
// many days are left before its due date, or how many days it is overdue — with overdue cells in
// red and done cells in a calm green. The words come from the .ts files (context
// kakunin::console::OnboardingLabels); the judging is the server's (common/domain/onboarding.h).

#include <QAbstractTableModel>
#include <QColor>
#include <QCoreApplication>
#include <QString>
#include <vector>

#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

class OnboardingLabels {
  Q_DECLARE_TR_FUNCTIONS(kakunin::console::OnboardingLabels)

 public:
  // 申請, 審査, ユーザー設定情報受領, 端末設置, アクティベーション, 運用開始, 助成金申請.
  static QString Stage(const std::string& id);
  // 北海道, 東北, 関東, 中部, 近畿, 中国, 四国, 九州・沖縄.
  static QString Region(const std::string& id);
  // Where a deadline comes from, in words ("経過措置の終了（全面運用の開始日）", …).
  static QString Basis(const std::string& id);
  static QString State(const std::string& id);  // 完了, 期限超過, 予定どおり, 期限なし
  // The cell a person reads: "完了 2026年4月1日", "期限超過 3日 / 期限 2026年3月31日", …
  static QString Cell(const v1::OnboardingStage& stage);
  // The cell's tooltip: due date, its basis, owner and note.
  static QString Detail(const v1::OnboardingStage& stage);
};

class OnboardingModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { kName, kPrefecture, kFirstStage };
  static constexpr int kStageCount = 7;
  // The board's colours, so tests can tell what a person sees.
  static QColor OverdueBackground() { return QColor(0xF4, 0xC7, 0xC3); }
  static QColor OverdueText() { return QColor(0xA4, 0x1E, 0x1E); }
  static QColor DoneBackground() { return QColor(0xE3, 0xF1, 0xE6); }

  explicit OnboardingModel(QObject* parent = nullptr) : QAbstractTableModel(parent) {}

  void SetRows(std::vector<v1::OnboardingSite> rows);
  // A store's row as the server answered after a change.
  void ReplaceRow(const v1::OnboardingSite& row);
  const v1::OnboardingSite* row(int r) const;
  const std::vector<v1::OnboardingSite>& rows() const { return rows_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  std::vector<v1::OnboardingSite> rows_;
};

}  // namespace kakunin::console
