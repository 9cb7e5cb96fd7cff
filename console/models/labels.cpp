#include "console/models/labels.h"

#include <QDateTime>
#include <QTextDocument>
#include <QTimeZone>
#include <array>

#include "common/domain/date.h"

namespace kakunin::console {
namespace {

QTimeZone JapanTime() { return QTimeZone(9 * 3600); }

constexpr std::array<const char*, 47> kPrefectures = {
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県",   "福島県", "茨城県",
    "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県",
    "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県",   "愛知県", "三重県",
    "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県",
    "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県",   "高知県", "福岡県",
    "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県"};

}  // namespace

QString Labels::FacilityKind(const std::string& id) {
  if (id == "pharmacy") return tr("Pharmacy");
  if (id == "chain_pharmacy") return tr("Large chain pharmacy");
  if (id == "clinic") return tr("Clinic");
  if (id == "hospital") return tr("Hospital");
  if (id == "health_check") return tr("Health-check institution");
  if (id == "midwife") return tr("Midwife clinic");
  if (id == "exempt") return tr("Exempt (paper claims)");
  return QString::fromStdString(id);
}

QString Labels::DeviceStatus(v1::DeviceStatus status) {
  switch (status) {
    case v1::DEVICE_STATUS_PENDING:
      return tr("Awaiting approval");
    case v1::DEVICE_STATUS_ACTIVE:
      return tr("Active");
    case v1::DEVICE_STATUS_REVOKED:
      return tr("Revoked");
    default:
      return tr("Unknown");
  }
}

QString Labels::Transitional(v1::TransitionalCategory category) {
  switch (category) {
    case v1::TRANSITIONAL_VENDOR_NOT_READY:
      return tr("(1) System vendor not ready");
    case v1::TRANSITIONAL_NO_FIBRE:
      return tr("(2) No fibre line");
    case v1::TRANSITIONAL_HOME_VISIT_ONLY:
      return tr("(3) Home visits only");
    case v1::TRANSITIONAL_RECONSTRUCTION:
      return tr("(4) Rebuilding / temporary facility");
    case v1::TRANSITIONAL_CLOSING:
      return tr("(5) Closing or suspending");
    case v1::TRANSITIONAL_OTHER:
      return tr("(6) Other special difficulty");
    default:
      return tr("None");
  }
}

QString Labels::IdentityMode(v1::IdentityMode mode) {
  switch (mode) {
    case v1::IDENTITY_MODE_PIN:
      return tr("PIN");
    case v1::IDENTITY_MODE_VISUAL:
      return tr("Visual check");
    case v1::IDENTITY_MODE_FACE_READER:
      return tr("Face-recognition card reader");
    default:
      return tr("Not set");
  }
}

QString Labels::EligibilityRoute(const v1::RouteSettings& r) {
  if (r.route() == v1::ELIGIBILITY_ROUTE_TERMINAL_FILES) {
    return tr("Terminal folders (%1 → %2)")
        .arg(QString::fromStdString(r.req_dir()), QString::fromStdString(r.res_dir()));
  }
  if (!r.handoff_dir().empty()) {
    return tr("API, hand-off to %1").arg(QString::fromStdString(r.handoff_dir()));
  }
  return tr("API");
}

QString Labels::DeviceRoute(const v1::RouteSettings& own, const v1::RouteSettings& site) {
  if (own.route() != v1::ELIGIBILITY_ROUTE_UNSPECIFIED) return EligibilityRoute(own);
  return tr("Follows the site (%1)").arg(EligibilityRoute(site));
}

QString Labels::AuditEvent(const std::string& id) {
  if (id == "check.result") return tr("Check recorded");
  if (id == "result.viewed") return tr("Patient details viewed");
  if (id == "check.rejected") return tr("Check refused");
  if (id == "check.refused") return tr("Check refused (unusable sequence number)");
  if (id == "visual_allowance.granted") return tr("One visual check allowed");
  if (id == "visual_allowance.refused") return tr("Visual check permission not accepted");
  if (id == "device.token_issued") return tr("Enrollment token issued");
  if (id == "device.enrolled") return tr("Terminal enrolled");
  if (id == "device.approved") return tr("Terminal approved");
  if (id == "device.revoked") return tr("Terminal revoked");
  if (id == "device.status") return tr("Terminal status changed");
  if (id == "device.cert_renewed") return tr("Terminal certificate renewed");
  if (id == "device.cert_adopted") {
    return tr("Terminal's newer certificate taken (HQ's data was older, e.g. restored)");
  }
  if (id == "device.route_set") return tr("Terminal route changed");
  if (id == "device.sequence_gap") {
    return tr("Missing sequence numbers closed (results no longer on the terminal)");
  }
  if (id == "device.enroll_refused") return tr("Terminal enrollment refused");
  if (id == "user.login") return tr("Login");
  if (id == "user.logout") return tr("Logout");
  if (id == "user.login_failed") return tr("Failed login");
  if (id == "user.login_throttled") return tr("Login attempts held back");
  if (id == "user.login_locked") return tr("Login to a locked account");
  if (id == "user.locked") return tr("Account locked");
  if (id == "user.created") return tr("User created");
  if (id == "user.updated") return tr("User changed");
  if (id == "site.saved") return tr("Site saved");
  if (id == "site.imported") return tr("Site imported (CSV)");
  if (id == "site.terminal_cert_set") return tr("Eligibility terminal's certificate recorded");
  if (id == "onboarding.stage_saved") return tr("Onboarding stage saved");
  if (id == "subsidy.claim_created") return tr("Subsidy claim created");
  if (id == "subsidy.claim_updated") return tr("Subsidy claim changed");
  if (id == "subsidy.claim_state_changed") return tr("Subsidy claim state changed");
  if (id == "subsidy.receipt_uploaded") return tr("Receipt uploaded");
  if (id == "subsidy.receipt_deleted") return tr("Receipt deleted");
  if (id == "subsidy.programme_saved") return tr("Subsidy programme saved");
  if (id == "subsidy.programmes_loaded") return tr("Subsidy programmes loaded from file");
  if (id == "retention.purged") return tr("Patient data deleted (retention)");
  if (id == "audit.exported") return tr("Audit log exported");
  if (id == "audit.restored") return tr("Restored from a backup (later records lost)");
  return QString::fromStdString(id);
}

QString Labels::AuditProblem(const std::string& id) {
  if (id == "audit.hash_mismatch") {
    return tr("The content of this record was changed after it was written.");
  }
  if (id == "audit.broken_link") {
    return tr(
        "The record does not follow on from the one before: records were deleted, "
        "inserted or moved.");
  }
  if (id == "audit.sequence_gap") return tr("Records are missing from here on.");
  if (id == "audit.sequence_duplicate") {
    return tr("A record with this number appears twice: a record was added or copied.");
  }
  if (id == "audit.bad_head_signature") {
    return tr("A signed checkpoint has a signature that does not verify.");
  }
  if (id == "audit.unknown_head_key") {
    return tr("A signed checkpoint was signed with a key the server does not trust.");
  }
  if (id == "audit.head_from_future") return tr("A signed checkpoint is dated in the future.");
  if (id == "audit.head_beyond_chain") {
    return tr(
        "A signed checkpoint covers records that no longer exist: the newest records "
        "were deleted.");
  }
  if (id == "audit.head_mismatch") {
    return tr("History up to this record was rewritten after a checkpoint was signed.");
  }
  if (id == "audit.time_went_backwards") {
    return tr("A record's time is well before the previous record's (warning).");
  }
  return QString::fromStdString(id);
}

QString Labels::CheckError(const std::string& r) {
  auto starts = [&r](const char* prefix) { return r.rfind(prefix, 0) == 0; };
  if (r.empty()) return {};
  if (starts("card.pin") || starts("pin.")) return tr("The card's PIN could not be confirmed.");
  if (starts("card.")) return tr("The card or the card reader could not be read.");
  if (starts("eligibility.") || starts("oqs.")) {
    return tr("The online eligibility service did not give an answer.");
  }
  if (starts("document.")) return tr("The document shown was not accepted.");
  if (starts("ingest.")) return tr("HQ did not accept the terminal's record.");
  return tr("The check did not complete.");
}

QString Labels::CardFailure(v1::CardFailureKind kind) {
  switch (kind) {
    case v1::CARD_FAILURE_UNREADABLE:
      return CheckError("card.unreadable");
    case v1::CARD_FAILURE_PIN:
      return CheckError("card.pin_wrong");
    case v1::CARD_FAILURE_PIN_LOCKED:
      return tr("The card's PIN is locked.");
    case v1::CARD_FAILURE_READER_NOT_COMPLIANT:
      return tr("The card reader does not support extended APDUs.");
    case v1::CARD_FAILURE_READER_MISSING:
      return tr("The card reader was not connected.");
    case v1::CARD_FAILURE_CARD_PLACEMENT:
      return tr("No card on the reader, or it was taken off too early.");
    case v1::CARD_FAILURE_NOT_MY_NUMBER_CARD:
      return tr("The card is not a My Number Card.");
    default:
      return CheckError("card.other");
  }
}

QString Labels::Prefecture(const std::string& two_digits) {
  bool ok = false;
  int code = QString::fromStdString(two_digits).toInt(&ok);
  if (!ok || code < 1 || code > 47) return QString::fromStdString(two_digits);
  return QStringLiteral("%1 %2").arg(QString::fromStdString(two_digits),
                                     QString::fromUtf8(kPrefectures[code - 1]));
}

QString Labels::PlainTip(const QString& text) {
  return Qt::mightBeRichText(text) ? QStringLiteral("<p>%1</p>").arg(text.toHtmlEscaped()) : text;
}

QString Labels::TerminalName(const v1::Device& d) {
  const auto& f = d.facts();
  if (!f.terminal_name().empty()) return QString::fromStdString(f.terminal_name());
  if (!f.hostname().empty()) return QString::fromStdString(f.hostname());
  return QString::fromStdString(d.device_id());
}

QString Labels::DateTime(int64_t unix_seconds) {
  if (unix_seconds <= 0) return QStringLiteral("—");
  //: Date-and-time format for QDateTime::toString; Japanese style in the ja translation.
  return QDateTime::fromSecsSinceEpoch(unix_seconds, JapanTime()).toString(tr("yyyy-MM-dd HH:mm"));
}

QString Labels::DateTimeSeconds(int64_t unix_seconds) {
  if (unix_seconds <= 0) return QStringLiteral("—");
  //: Date-and-time format with seconds for QDateTime::toString; Japanese style in ja.
  return QDateTime::fromSecsSinceEpoch(unix_seconds, JapanTime())
      .toString(tr("yyyy-MM-dd HH:mm:ss"));
}

QString Labels::Person(const std::string& actor) {
  constexpr std::string_view kUser = "user:";
  return QString::fromStdString(actor.rfind(kUser, 0) == 0 ? actor.substr(kUser.size()) : actor);
}

QString Labels::Date(const QDate& date) {
  if (!date.isValid()) return QStringLiteral("—");
  return date.toString(DateFormat());
}

QString Labels::BirthDate(const QDate& date) {
  if (!date.isValid()) return QStringLiteral("—");
  auto era = domain::FormatJapaneseEra({date.year(), date.month(), date.day()});
  if (!era.ok()) return Date(date);
  //: A date of birth, then the same date in the Japanese era: 1985年4月12日（昭和60年4月12日）.
  return tr("%1 (%2)", "date of birth, its Japanese-era form")
      .arg(Date(date), QString::fromStdString(*era));
}

QString Labels::DateFormat() {
  //: Date format for QDate::toString; Japanese style in the ja translation.
  return tr("yyyy-MM-dd");
}

QDate Labels::JapanToday() {
  return QDateTime::currentDateTimeUtc().toTimeZone(JapanTime()).date();
}

int64_t Labels::JapanMidnight(const QDate& date) {
  return QDateTime(date, QTime(0, 0), JapanTime()).toSecsSinceEpoch();
}

QString Labels::IsoDateTime(int64_t unix_seconds) {
  if (unix_seconds <= 0) return {};
  return QDateTime::fromSecsSinceEpoch(unix_seconds, JapanTime()).toString(Qt::ISODate);
}

}  // namespace kakunin::console
