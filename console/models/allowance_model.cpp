#include "console/models/allowance_model.h"

#include <QDateTime>
#include <QTimeZone>

#include "console/models/labels.h"

namespace kakunin::console {
namespace {

using Row = v1::VisualAllowanceRecord;

// An open permission is what the counter may still use: it stands out; what is over is grey.
QColor StateColour(const Row& a) {
  if (a.state() == "open") return QColor(0xe6, 0xf4, 0xea);
  if (a.state() == "expired" || a.state() == "replaced") return QColor(0xee, 0xee, 0xee);
  return {};
}

std::vector<RowsModel<Row>::Column> MakeColumns() {
  // Labels::DateTime shows "—" for a time not set (an unused permission's use).
  auto when = [](const google::protobuf::Timestamp& t) { return Labels::DateTime(t.seconds()); };
  return {
      {AllowanceModel::tr("Granted"),
       [when](const Row& a) { return QVariant(when(a.granted_at())); },
       [](const Row& a) { return QVariant::fromValue<qlonglong>(a.granted_at().seconds()); }},
      {AllowanceModel::tr("State"),
       [](const Row& a) { return QVariant(AllowanceModel::State(a)); },
       {},
       StateColour},
      {AllowanceModel::tr("Used at"), [when](const Row& a) { return QVariant(when(a.used_at())); },
       [](const Row& a) { return QVariant::fromValue<qlonglong>(a.used_at().seconds()); }},
      {AllowanceModel::tr("Reason"),
       [](const Row& a) { return QVariant(QString::fromStdString(a.reason())); }},
      {AllowanceModel::tr("Granted by"),
       [](const Row& a) { return QVariant(AllowanceModel::GrantedBy(a)); }},
      {AllowanceModel::tr("Check"),
       [](const Row& a) { return QVariant(QString::fromStdString(a.used_check_id())); }},
  };
}

}  // namespace

AllowanceModel::AllowanceModel(QObject* parent) : RowsModel<Row>(MakeColumns(), parent) {}

QString AllowanceModel::State(const Row& a) {
  if (a.state() == "open") {
    // Japan time, as the counter shows it (no DST: a fixed +09:00 is exact).
    const QString until =
        QDateTime::fromSecsSinceEpoch(a.expires_at().seconds(), QTimeZone(9 * 3600))
            .toString(QStringLiteral("HH:mm"));
    return tr("Unused (until %1)").arg(until);
  }
  if (a.state() == "used") return tr("Used");
  if (a.state() == "expired") return tr("Expired unused");
  if (a.state() == "replaced") return tr("Replaced by a newer permission");
  return QString::fromStdString(a.state());
}

QString AllowanceModel::GrantedBy(const Row& a) {
  return QString::fromStdString(a.granted_by_name().empty() ? a.granted_by() : a.granted_by_name());
}

}  // namespace kakunin::console
