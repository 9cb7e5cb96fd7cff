#include "console/ui/error_text.h"

#include "common/domain/visual_allowance.h"

namespace kakunin::console {

void ErrorText::Show(QLabel* line, const QString& text, const QString& colour) {
  line->setStyleSheet(colour.isEmpty() ? QString() : QStringLiteral("color: %1;").arg(colour));
  line->setText(text);
}

// gRPC says a TLS handshake failed only in its message (OpenSSL's words, any case).
bool ErrorText::IsCertificateFailure(const Error& e) {
  const QString m = QString::fromStdString(e.message());
  return m.contains(QStringLiteral("certificate verify failed"), Qt::CaseInsensitive) ||
         m.contains(QStringLiteral("CERTIFICATE_VERIFY_FAILED"), Qt::CaseInsensitive);
}

bool ErrorText::NeedsLogin(const Error& e) {
  return e.reason() == "auth.session_expired" || e.reason() == "auth.no_session";
}

// HQ's eligibility-route settings (server/storage/route_rules.h; the console checks the same).
QString ErrorText::ForRoute(const Error& e) {
  const std::string& r = e.reason();
  if (r == "route.missing_folder") {
    return tr(
        "The folder route needs both the request folder (req) and the answer folder (res) "
        "of the eligibility terminal.");
  }
  if (r == "route.bad_path") {
    // The examples stay out of the translated text: paths read the same in every language.
    return tr("Enter each folder as a full path: %1, %2 or %3 (at most 260 bytes, without \"..\" "
              "or control characters).")
        .arg(QStringLiteral("/…"), QStringLiteral("C:\\…"), QStringLiteral("\\\\server\\share…"));
  }
  if (r == "route.same_folder") {
    return tr("The request folder and the answer folder must be two different folders.");
  }
  if (r == "route.bad_timeout") return tr("The answer timeout must be 1 to 120 seconds.");
  if (r == "route.bad_code") {
    return tr(
        "The institution code in the header has 10 half-width digits (leave it blank to "
        "use the site's code).");
  }
  if (r == "route.handoff_with_files") {
    return tr(
        "A hand-off folder is used only with the online eligibility service (API): with "
        "the terminal's folders, the receipt computer already reads the terminal's "
        "answers.");
  }
  if (r == "route.bad_value") {
    return tr(
        "These route settings do not fit together (for example folders with the API "
        "route, or other settings on a terminal that follows its site). Check the "
        "entries.");
  }
  return {};
}

// Entries the server refuses that the console's forms do not check first.
QString ErrorText::ForInput(const Error& e) {
  const std::string& r = e.reason();
  // server/auth/users.cpp (UserStore::Create and Update).
  if (r == "auth.no_login") return tr("Enter a user name.");
  if (r == "auth.bad_login") {
    return tr(
        "A user name has at most 64 bytes (about 21 full-width characters) and no control "
        "characters.");
  }
  if (r == "auth.bad_display_name") {
    return tr(
        "A display name has at most 200 bytes (about 66 full-width characters), on one line "
        "without control characters.");
  }
  // server/subsidy/claim_rules.cpp (CheckFilingDate).
  if (r == "subsidy.filed_before_opening") {
    return tr(
        "The programme does not accept claims yet on that filing date. Check the filing date "
        "and the programme's opening date.");
  }
  if (r == "subsidy.date_in_future") return tr("The filing date is after today.");
  // GetDailySummary before the day's summary was made (server/rpc/console_service.cpp).
  if (r == "subsidy.no_summary") {
    return tr("The day's summary has not been made yet. Look again after the summary time.");
  }
  return {};
}

QString ErrorText::For(const Error& e) {
  const std::string& r = e.reason();
  if (r == "auth.bad_credentials") return tr("Wrong user name or password.");
  if (r == "auth.locked") {
    return tr("This account is locked after repeated failures. Try again later.");
  }
  if (r == "auth.disabled") return tr("This account is disabled. Ask an HQ administrator.");
  if (NeedsLogin(e)) return tr("Your session has expired. Please log in again.");
  // The server refuses by role and by store with the same reason: the words fit both (a branch
  // manager may do some things, for their own stores only).
  if (r == "auth.forbidden") {
    return tr(
        "You may not do this: your role, or the stores you are responsible for, do not allow "
        "it. Ask an HQ administrator.");
  }
  if (r == "auth.out_of_scope") {
    return tr(
        "This store or terminal is outside the stores you are responsible for. Refresh the "
        "list, or ask an HQ administrator.");
  }
  if (r == "device.code_mismatch") {
    return tr(
        "The verification code does not match the terminal's. Do not approve: the terminal "
        "may have enrolled again. Refresh the list and compare the code with the branch.");
  }
  if (r == "device.revoked") {
    return tr(
        "This terminal is revoked and cannot be approved. Issue a new enrollment token and "
        "enroll it again.");
  }
  // ---- result details (GetResult) ----
  if (r == "results.not_found") {
    return tr(
        "This check is no longer on the server (its retention period may have ended). Refresh "
        "the list.");
  }
  if (r == "auth.unknown_user") {
    return tr("This user no longer exists on the server. Refresh the list.");
  }
  if (r == "results.review_window_closed") {
    return tr(
        "The re-view window (until the end of the month after the check) has passed: "
        "patient details can no longer be shown.");
  }
  if (r == "results.other_site") return tr("This check belongs to a site outside your scope.");
  if (r == "results.auditor") return tr("Auditors see the audit log, not check results.");
  // ---- end ----
  if (r == "device.no_reason") return tr("Enter the reason for revoking the terminal.");
  if (r == "device.bad_reason") {
    return tr(
        "The reason for revoking has at most 1,000 bytes (about 330 full-width characters), on "
        "one line without control characters.");
  }
  if (r == "device.unknown") {
    return tr("This terminal no longer exists on the server. Refresh the list.");
  }
  if (r == "site.not_found") {
    return tr("The site does not exist on the server. Refresh the site list and try again.");
  }
  if (r == "site.incomplete") return tr("Enter the site ID and the institution name.");
  // Issue 19: a one-time visual check's refusals, in the words the server also uses (this
  // console's own copy: a server's message never reaches the screen as it is).
  if (r.rfind("allowance.", 0) == 0) {
    return QString::fromStdString(domain::AllowanceRefusalMessage(r));
  }
  if (QString route = ForRoute(e); !route.isEmpty()) return route;
  // The file error's own words are English (QSaveFile::errorString): the two usual causes instead.
  if (r == "export.write_failed") {
    return tr(
        "Could not save the export file: the destination is not writable, or the disk is full. "
        "Choose another folder.");
  }
  // ---- input refused at the server's edge (hardening) ----
  if (r == "auth.rate_limited") {
    return tr(
        "Too many failed logins from this computer or for this user. Wait a minute and try again.");
  }
  if (r == "console.too_many_changes") {
    return tr("Too many changes in a short time. Wait a minute, then try again.");
  }
  if (r == "console.too_many_calls") {
    return tr(
        "Too many of your requests are running at once. Wait for them to finish, then try "
        "again.");
  }
  // The server's edge check of every console request (ids, text, lists).
  if (r == "console.bad_field") {
    return tr(
        "The server did not accept the request: an entry is too long, a list has too many items, "
        "or an ID contains characters it cannot have. Check the entries and try again.");
  }
  // The user's own calls still running hold every database connection one user may use.
  if (r == "db.share_busy") {
    return tr(
        "Your other requests that are still running are using all the database connections one "
        "user may use at once, so this one was cancelled after waiting. Wait for them to finish, "
        "then try again.");
  }
  if (r == "auth.busy") {
    return tr("Many logins are being checked right now. Try again in a moment.");
  }
  if (r == "auth.malformed_login") {
    return tr(
        "The user name or password cannot be right (too long, or with characters no account has).");
  }
  if (r == "results.bad_period") {
    return tr("The period is not valid: check that it starts before it ends.");
  }
  if (r == "results.bad_page_token") {
    return tr("The list could not be continued. Search again from the first page.");
  }
  if (r == "audit.verify_busy") {
    return tr("Someone else is verifying the audit log right now. Try again when it has finished.");
  }
  if (r == "results.bad_filter" || r == "audit.bad_filter" || r == "audit.bad_range") {
    return tr("The search conditions are not valid. Change them and search again.");
  }
  if (r == "results.sealed_unreadable") {
    return tr(
        "The patient details of this check cannot be opened: they were moved or damaged in the "
        "database. Tell the system administrator.");
  }
  if (r == "site.bad_phone") {
    return tr(
        "Enter the telephone number in half-width digits only, without hyphens (10 or 11 digits).");
  }
  if (r == "site.bad_field") {
    return tr(
        "A site field is too long or contains characters that cannot be stored. Check the "
        "entries.");
  }
  if (r == "db.unavailable") {
    return tr(
        "The server cannot reach its database. Try again in a few minutes; if it goes on, "
        "contact the system administrator.");
  }
  // A read past the server's query bound, or a wait behind another session's lock.
  if (r == "db.timeout") {
    return tr(
        "The server's database did not answer in time, so the operation was cancelled. Try "
        "again in a few minutes; for a search, narrow the period or the conditions.");
  }
  // db.error covers any query that failed (server/storage/pg_text.cpp), not only the connection.
  if (r == "db.error") {
    return tr(
        "The server could not complete the operation. Try again later; if it goes on, contact "
        "the system administrator.");
  }
  if (r == "db.invalid_input") {
    return tr(
        "The server did not accept a value (out of range or in the wrong form). Check the "
        "entries.");
  }
  if (QString text = ForInput(e); !text.isEmpty()) return text;
  if (e.code() == ErrorCode::kUnimplemented) {
    return tr("The server does not support this function. Update the server.");
  }
  // Above gRPC's receive limit (an answer too large) or a server's own quota.
  if (e.code() == ErrorCode::kResourceExhausted) {
    return tr(
        "The data is too large, or the server is busy. Narrow the search or use a smaller "
        "file, and try again later; if it goes on, contact the system administrator.");
  }
  if (e.code() == ErrorCode::kUnavailable && IsCertificateFailure(e)) {
    return tr(
        "The server's certificate cannot be verified. Give the console HQ's CA certificate "
        "(ca.pem): place it at /etc/kakunin/ca.pem, or start the console with --ca FILE.");
  }
  if (e.code() == ErrorCode::kUnavailable) {
    return tr("Cannot reach the server. Check the address and the network.");
  }
  if (e.code() == ErrorCode::kDeadlineExceeded) {
    return tr("The server did not answer in time. Check the network and try again.");
  }
  // The server's message is English and for support: never shown, whatever the reason.
  return tr(
      "The server did not accept this operation. Check the entries; if it goes on, contact the "
      "system administrator.");
}

}  // namespace kakunin::console
