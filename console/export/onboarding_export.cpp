#include "console/export/onboarding_export.h"

#include <QStringList>

#include "console/export/csv_field.h"
#include "console/models/labels.h"
#include "console/models/onboarding_model.h"

namespace kakunin::console {
namespace {

QString Field(const QString& value) { return CsvField(value); }
QString Field(const std::string& value) { return Field(QString::fromStdString(value)); }

}  // namespace

QByteArray OnboardingExport::Csv(const v1::ListOnboardingResponse& board) {
  static const char* const kStages[] = {
      "application", "review",          "user_settings_received", "terminal_installed",
      "activation",  "operation_start", "subsidy_claimed"};
  QStringList header = {tr("Store ID"), tr("Store"),      tr("Prefecture"),
                        tr("Region"),   tr("Next stage"), tr("Overdue stages")};
  for (const char* id : kStages) {
    const QString stage = OnboardingLabels::Stage(id);
    for (const QString& what :
         {tr("planned"), tr("deadline"), tr("done"), tr("state"), tr("owner"), tr("note")}) {
      header << Field(QStringLiteral("%1 %2").arg(stage, what));
    }
  }
  QString out = header.join(QLatin1Char(',')) + QStringLiteral("\r\n");
  for (const auto& s : board.sites()) {
    QStringList row = {
        Field(s.site_id()),
        Field(s.name()),
        Field(Labels::Prefecture(s.prefecture())),
        Field(OnboardingLabels::Region(s.region())),
        Field(s.next_stage().empty() ? tr("all done") : OnboardingLabels::Stage(s.next_stage())),
        QString::number(s.overdue())};
    for (const auto& st : s.stages()) {
      row << Field(st.planned()) << Field(st.deadline()) << Field(st.done())
          << Field(OnboardingLabels::State(st.state())) << Field(st.owner()) << Field(st.note());
    }
    out += row.join(QLatin1Char(',')) + QStringLiteral("\r\n");
  }
  return QByteArray("\xEF\xBB\xBF") + out.toUtf8();
}

}  // namespace kakunin::console
