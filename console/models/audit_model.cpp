#include "console/models/audit_model.h"

#include <QJsonDocument>

#include "common/core/bytes.h"
#include "console/models/labels.h"

namespace kakunin::console {
namespace {

QString Q(const std::string& s) { return QString::fromStdString(s); }

QString Hex(const std::string& bytes) { return QString::fromStdString(ToHex(ToBytes(bytes))); }

// Details are JSON by convention only: anything else is shown as stored.
QString PrettyJson(const std::string& text) {
  QJsonParseError error;
  auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(text), &error);
  if (error.error != QJsonParseError::NoError || doc.isNull()) return Q(text);
  return QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
}

QString Lookup(const std::map<std::string, QString>& names, const std::string& id) {
  auto it = names.find(id);
  return it == names.end() ? Q(id) : it->second;
}

// "本町薬局 (honcho)": the name for people, the id for support; the id alone without a name.
QString NameAndId(const QString& name, const std::string& id) {
  if (name.isEmpty() || name == Q(id)) return Q(id);
  return QStringLiteral("%1 (%2)").arg(name, Q(id));
}

}  // namespace

int AuditModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(records_.size());
}

int AuditModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : kColumnCount;
}

QVariant AuditModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const auto& r = records_[static_cast<size_t>(index.row())];
  if (role == kSeqRole) return static_cast<qulonglong>(r.seq());
  if (role == kEventIdRole) return Q(r.event_type());
  if (role == Qt::ToolTipRole && index.column() == kEvent) return Q(r.event_type());
  if (role == Qt::ToolTipRole && index.column() == kSite) return Q(r.site_id());
  if (role == Qt::ToolTipRole && index.column() == kDevice) return Q(r.device_id());
  // A failed login's actor is the name a stranger typed.
  if (role == Qt::ToolTipRole && index.column() == kActor) return Labels::PlainTip(Q(r.actor()));
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case kSeq:
      return static_cast<qulonglong>(r.seq());
    case kTime:
      return Labels::DateTimeSeconds(r.at().seconds());
    case kEvent:
      return Labels::AuditEvent(r.event_type());
    case kActor:
      return ActorText(r.actor(), r.actor().rfind("device:", 0) == 0
                                      ? DeviceName(r.actor().substr(7))
                                      : QString());
    case kSite:
      return SiteName(r.site_id());
    case kDevice:
      return DeviceName(r.device_id());
    case kSubject:
      return Q(r.subject());
  }
  return {};
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case kSeq:
      return tr("No.");
    case kTime:
      return tr("Time");
    case kEvent:
      return tr("Event");
    case kActor:
      return tr("By");
    case kSite:
      return tr("Site");
    case kDevice:
      return tr("Terminal");
    case kSubject:
      return tr("Subject");
  }
  return {};
}

void AuditModel::SetRecords(std::vector<v1::AuditRecord> records) {
  beginResetModel();
  records_ = std::move(records);
  endResetModel();
}

void AuditModel::AppendRecords(std::vector<v1::AuditRecord> records) {
  if (records.empty()) return;
  beginInsertRows({}, rowCount(), rowCount() + static_cast<int>(records.size()) - 1);
  for (auto& r : records) records_.push_back(std::move(r));
  endInsertRows();
}

std::optional<v1::AuditRecord> AuditModel::RecordAt(int row) const {
  if (row < 0 || row >= rowCount()) return std::nullopt;
  return records_[static_cast<size_t>(row)];
}

void AuditModel::SetNames(std::map<std::string, QString> sites,
                          std::map<std::string, QString> devices) {
  site_names_ = std::move(sites);
  device_names_ = std::move(devices);
  if (rowCount() > 0) {
    emit dataChanged(index(0, kSite), index(rowCount() - 1, kDevice), {Qt::DisplayRole});
  }
}

QString AuditModel::SiteName(const std::string& id) const { return Lookup(site_names_, id); }

QString AuditModel::DeviceName(const std::string& id) const { return Lookup(device_names_, id); }

QString AuditModel::ActorText(const std::string& actor, const QString& terminal_name) {
  const auto colon = actor.find(':');
  const std::string kind = actor.substr(0, colon);
  const QString rest = colon == std::string::npos ? QString() : Q(actor.substr(colon + 1));
  if (kind == "user" && !rest.isEmpty()) return tr("User %1").arg(rest);
  if (kind == "login" && !rest.isEmpty()) return tr("Login attempt (%1)").arg(rest);
  if (kind == "device" && !rest.isEmpty()) {
    return tr("Terminal %1").arg(terminal_name.isEmpty() ? rest : terminal_name);
  }
  if (kind == "enroll" && !rest.isEmpty()) return tr("Terminal enrollment attempt (%1)").arg(rest);
  if (actor == "system") return tr("System (automatic)");
  if (actor == "system:programme-file") return tr("System (subsidy programme file)");
  if (kind == "system") return tr("System (%1)").arg(rest);
  if (actor == "cli") return tr("Server command line");
  return Q(actor);
}

std::string AuditModel::ActorFilter(const QString& typed) {
  const std::string text = typed.trimmed().toStdString();
  if (text.empty() || text.find(':') != std::string::npos || text == "system" || text == "cli") {
    return text;
  }
  return "user:" + text;
}

QString AuditModel::DetailText(const v1::AuditRecord& r, const QString& site_name,
                               const QString& terminal_name) {
  QStringList lines = {
      tr("No.: %1").arg(r.seq()),
      tr("Time: %1").arg(Labels::DateTimeSeconds(r.at().seconds())),
      tr("Event: %1 (%2)").arg(Labels::AuditEvent(r.event_type()), Q(r.event_type())),
      tr("By: %1").arg(
          r.actor().empty() || ActorText(r.actor(), terminal_name) == Q(r.actor())
              ? Q(r.actor())
              : QStringLiteral("%1 (%2)").arg(ActorText(r.actor(), terminal_name), Q(r.actor()))),
      tr("Site: %1").arg(NameAndId(site_name, r.site_id())),
      tr("Terminal: %1").arg(NameAndId(terminal_name, r.device_id())),
      tr("Subject: %1").arg(Q(r.subject())),
      tr("Details:"),
      PrettyJson(r.details_json()),
      tr("Previous hash: %1").arg(Hex(r.prev_hash())),
      tr("Hash: %1").arg(Hex(r.hash())),
  };
  return lines.join(QLatin1Char('\n'));
}

}  // namespace kakunin::console
