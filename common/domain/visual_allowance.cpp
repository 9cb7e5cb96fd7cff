#include "common/domain/visual_allowance.h"

#include <algorithm>
#include <map>

#include "common/text/charset.h"

namespace kakunin::domain {

namespace {

size_t CharCount(std::string_view utf8) {
  return static_cast<size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// C0 controls, DEL, and C1 controls (U+0080–U+009F, encoded C2 80–C2 9F): an audit line and the
// counter's one sentence must not be broken or hidden by them.
bool HasControl(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto u = static_cast<unsigned char>(s[i]);
    if (u < 0x20 || u == 0x7F) return true;
    if (u == 0xC2 && i + 1 < s.size()) {
      const auto next = static_cast<unsigned char>(s[i + 1]);
      if (next >= 0x80 && next <= 0x9F) return true;
    }
  }
  return false;
}

bool OnlySpaces(std::string_view s) {
  // ASCII spaces and the ideographic space (U+3000, E3 80 80) typed on Japanese keyboards.
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == ' ') {
      ++i;
    } else if (s.substr(i, 3) == "\xE3\x80\x80") {
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string_view CheckAllowanceReason(std::string_view reason) {
  if (reason.empty() || OnlySpaces(reason)) return "allowance.reason_empty";
  if (!text::IsValidUtf8(reason) || text::HasUnreadableCharacter(reason)) {
    return "allowance.reason_encoding";
  }
  if (HasControl(reason)) return "allowance.reason_control";
  const size_t chars = CharCount(reason);
  if (chars < kAllowanceReasonMinChars) return "allowance.reason_too_short";
  if (chars > kAllowanceReasonMaxChars) return "allowance.reason_too_long";
  return "";
}

std::string AllowanceRefusalMessage(std::string_view reason_id) {
  static const std::map<std::string_view, std::string> kText = {
      {"allowance.reason_empty", "許可の理由を入力してください。"},
      {"allowance.reason_too_short", "理由は " + std::to_string(kAllowanceReasonMinChars) +
                                         " 文字以上で、何があったか分かるように書いてください。"},
      {"allowance.reason_too_long",
       "理由は " + std::to_string(kAllowanceReasonMaxChars) + " 文字以内にしてください。"},
      {"allowance.reason_encoding", "理由に読めない文字（文字化けや外字）があります。"},
      {"allowance.reason_control", "理由に改行や制御文字は入れられません。1行で書いてください。"},
      {"allowance.unknown_terminal", "その端末は登録されていません。"},
      {"allowance.terminal_inactive",
       "その端末は現在使える状態ではありません（承認待ちか失効済み）。"},
      {"allowance.unavailable",
       "このサーバーでは目視確認の許可を扱えません。システム管理者に連絡してください。"},
      {"allowance.unknown", "この目視確認の許可は見つかりません。"},
      {"allowance.other_terminal", "この許可は別の端末のものです。"},
      {"allowance.already_used",
       "この許可はすでに1回使われています。もう一度許可を受けてください。"},
      {"allowance.replaced", "この許可は新しい許可に置き換えられました。"},
      {"allowance.expired", "許可の有効時間が過ぎました。もう一度許可を受けてください。"},
  };
  auto it = kText.find(reason_id);
  return it == kText.end() ? "目視確認の許可を確かめてください。" : it->second;
}

AllowanceUse DecideAllowanceUse(const AllowanceFacts& f) {
  if (!f.found) return AllowanceUse::kUnknown;
  if (!f.same_terminal) return AllowanceUse::kOtherTerminal;
  // A resend of the check that used it is that same use, whatever happened since.
  if (f.used) return f.used_by_this_check ? AllowanceUse::kAccepted : AllowanceUse::kAlreadyUsed;
  if (f.replaced) return AllowanceUse::kReplaced;
  if (f.checked_at > f.expires_at + f.skew_seconds) return AllowanceUse::kExpired;
  return AllowanceUse::kAccepted;
}

std::string_view AllowanceUseName(AllowanceUse use) {
  switch (use) {
    case AllowanceUse::kAccepted:
      return "accepted";
    case AllowanceUse::kUnknown:
      return "unknown";
    case AllowanceUse::kOtherTerminal:
      return "other_terminal";
    case AllowanceUse::kAlreadyUsed:
      return "already_used";
    case AllowanceUse::kReplaced:
      return "replaced";
    case AllowanceUse::kExpired:
      return "expired";
  }
  return "unknown";
}

}  // namespace kakunin::domain
