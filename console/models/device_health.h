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
  // Since when, and what to do, one line per problem; empty when there is none.
  static QString Advice(const v1::Device& device);
  static bool NeedsAttention(const v1::Device& device) { return Severity(device) >= 2; }
};

}  // namespace kakunin::console
