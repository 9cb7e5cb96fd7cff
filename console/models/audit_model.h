#pragma once
// A thin table model over audit records fetched by the client layer (newest first; keyset
// paging appends older pages), and the text of one record for the detail view.

#include <QAbstractTableModel>
#include <map>
#include <optional>
#include <vector>

#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

class AuditModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { kSeq, kTime, kEvent, kActor, kSite, kDevice, kSubject, kColumnCount };
  enum Role { kSeqRole = Qt::UserRole, kEventIdRole };
  explicit AuditModel(QObject* parent = nullptr) : QAbstractTableModel(parent) {}

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  void SetRecords(std::vector<v1::AuditRecord> records);
  void AppendRecords(std::vector<v1::AuditRecord> records);
  std::optional<v1::AuditRecord> RecordAt(int row) const;

  // Shown names for site and terminal ids (ids are shown when a name is unknown; the cell's
  // tooltip keeps the id).
  void SetNames(std::map<std::string, QString> sites, std::map<std::string, QString> devices);
  QString SiteName(const std::string& id) const;
  QString DeviceName(const std::string& id) const;

  // Every field of one record for people: Japanese-style time, details JSON pretty-printed,
  // hashes in hex; the site and terminal by name with their ids when names are given.
  static QString DetailText(const v1::AuditRecord& record, const QString& site_name = {},
                            const QString& terminal_name = {});

  // Who acted, for people: "user:tanaka" is 「ユーザー tanaka」, "device:ID" the terminal by
  // name, "system" the server's own jobs (the stored id stays in the tooltip and the details).
  static QString ActorText(const std::string& actor, const QString& terminal_name = {});
  // What a person types in the "By" filter, as the server stores it: a bare name is a user's.
  static std::string ActorFilter(const QString& typed);

 private:
  std::vector<v1::AuditRecord> records_;
  std::map<std::string, QString> site_names_, device_names_;
};

}  // namespace kakunin::console
