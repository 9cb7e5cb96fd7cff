#include "console/models/device_health.h"

#include <QStringList>
#include <algorithm>

#include "common/domain/terminal_health.h"
#include "console/models/labels.h"

namespace kakunin::console {
namespace {

bool Unknown(const std::string& state) { return state == kakunin::domain::kUnknownHealth; }

QString Since(const google::protobuf::Timestamp& t) {
  return t.seconds() > 0 ? Labels::DateTime(t.seconds()) : QStringLiteral("—");
}

}  // namespace

int DeviceHealth::Severity(const v1::Device& d) {
  int s = d.reader_status().empty() && d.store_status().empty() ? 0 : 1;
  if (Unknown(d.reader_status()) || Unknown(d.store_status())) s = std::max(s, 2);
  if (domain::ReaderMissing(d.reader_status())) s = std::max(s, 3);
  if (d.store_status() == domain::kStoreCannotRead) s = std::max(s, 4);
  if (d.store_status() == domain::kStoreCannotSave) s = std::max(s, 5);
  return s;
}

QString DeviceHealth::Text(const v1::Device& d) {
  QStringList parts;
  if (domain::ReaderMissing(d.reader_status())) parts << tr("Card reader not found");
  if (d.store_status() == domain::kStoreCannotSave) parts << tr("Results cannot be saved");
  if (d.store_status() == domain::kStoreCannotRead) parts << tr("Results cannot be read");
  if (Unknown(d.reader_status()) || Unknown(d.store_status())) {
    parts << tr("Unknown state reported");
  }
  if (parts.isEmpty() && Severity(d) == 0) return QStringLiteral("—");
  const QString said = parts.isEmpty() ? tr("OK") : parts.join(tr(", "));
  return LastReportOnly(d) ? tr("%1 (last report)").arg(said) : said;
}

QString DeviceHealth::Advice(const v1::Device& d) {
  QStringList lines;
  if (LastReportOnly(d) && Severity(d) >= 2) {
    lines << tr("The terminal's last report (%1). It is not connected to HQ now, so this may "
                "have changed.")
                 .arg(d.has_last_seen() ? Labels::DateTime(d.last_seen().seconds())
                                        : QStringLiteral("—"));
  }
  if (domain::ReaderMissing(d.reader_status())) {
    lines << tr("Since %1. Ask the store to check that the card reader is plugged in (USB "
                "cable); until it is, the store checks insurance with documents.")
                 .arg(Since(d.reader_status_since()));
  }
  if (d.store_status() == domain::kStoreCannotSave) {
    const int held = static_cast<int>(std::min<uint64_t>(d.unsaved_results(), 1000000));
    lines << tr("Since %1. %n check(s) are held in the terminal's memory only and are lost if it "
                "is shut down. Ask the store not to shut it down, and have the terminal's disk "
                "space and outbox.db checked (kakunin-agent status).",
                "", held)
                 .arg(Since(d.store_status_since()));
  }
  if (d.store_status() == domain::kStoreCannotRead) {
    lines << tr("Since %1. The terminal keeps its results but cannot send them to HQ. Have its "
                "outbox.db checked (kakunin-agent status).")
                 .arg(Since(d.store_status_since()));
  }
  if (Unknown(d.reader_status()) || Unknown(d.store_status())) {
    lines << tr(
        "The terminal reported a state this server does not know (a newer agent, or a "
        "fault). Check the terminal with kakunin-agent status.");
  }
  return lines.join(QLatin1Char('\n'));
}

}  // namespace kakunin::console
