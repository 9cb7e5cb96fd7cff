#pragma once
// What HQ reads of a terminal's last heartbeat about its card reader and its outbox
// (Device.reader_status / store_status, common/domain/terminal_health.h): a short text for the
// terminals table, what to do for its tooltip, and whether to highlight it. A branch whose
// reader is unplugged or whose results are not saved otherwise looks like one that is quiet.

#include <QCoreApplication>
#include <QString>

#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

class DeviceHealth {
  Q_DECLARE_TR_FUNCTIONS(kakunin::console::DeviceHealth)

 public:
  // 0: nothing heard of it yet (an older agent, or no heartbeat), 1: fine, 2: a state HQ does
  // not know, 3: no reader, 4: results cannot be read, 5: results cannot be saved (they are lost
  // if the PC stops). The table sorts by it; 2 and above are highlighted.
  static int Severity(const v1::Device& device);
  // 「カードリーダーが見つかりません、結果を保存できません」; "—" when nothing was heard, else
  // 「正常」.
  static QString Text(const v1::Device& device);
  // Since when, and what to do, one line per problem; empty when there is none. For a terminal
  // HQ does not hear now, first that this is its last report.
  static QString Advice(const v1::Device& device);
  // What the last heartbeat reported is out of date: the terminal is offline or cut off. It is
  // still shown (marked as the last report) but not highlighted: the 接続 column says offline,
  // and the same state as fixed since would call someone for nothing (like HQ's gauges, which
  // count connected terminals only).
  static bool LastReportOnly(const v1::Device& device) {
    return !device.online() || device.status() == v1::DEVICE_STATUS_REVOKED;
  }
  static bool NeedsAttention(const v1::Device& device) {
    return Severity(device) >= 2 && !LastReportOnly(device);
  }
  // Sorts problems HQ hears now above those of a last report, each by Severity.
  static int SortKey(const v1::Device& device) {
    return (NeedsAttention(device) ? 10 : 0) + Severity(device);
  }
};

}  // namespace kakunin::console
