#include "console/export/onboarding_export.h"

#include <QStringList>

#include "console/models/labels.h"
#include "console/models/onboarding_model.h"

namespace kakunin::console {
namespace {

// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. A leading
// =, +, - or @ would be read by Excel as a formula: a quote character keeps it text.
QString Field(const QString& value) {
  QString v = value;
  if (!v.isEmpty() && QStringLiteral("=+-@").contains(v.front())) v.prepend(QLatin1Char('\''));
  if (v.contains(QLatin1Char(',')) || v.contains(QLatin1Char('"')) ||
      v.contains(QLatin1Char('\n')) || v.contains(QLatin1Char('\r'))) {
    v.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + v + QLatin1Char('"');
  }
  return v;
}

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
