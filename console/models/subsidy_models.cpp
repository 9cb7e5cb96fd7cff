#include "console/models/subsidy_models.h"

#include <QDate>
#include <QLocale>
#include <QStringList>

#include "console/models/labels.h"

namespace kakunin::console {
namespace {

QString Q(const std::string& s) { return QString::fromStdString(s); }

QString Lookup(const std::map<std::string, QString>& names, const std::string& id) {
  auto it = names.find(id);
  return it == names.end() || it->second.isEmpty() ? Q(id) : it->second;
}

constexpr Qt::Alignment kRight = Qt::AlignRight | Qt::AlignVCenter;

}  // namespace

QString SubsidyNames::Site(const std::string& id) const { return Lookup(sites, id); }
QString SubsidyNames::Programme(const std::string& id) const { return Lookup(programmes, id); }
QString SubsidyNames::Category(const std::string& id) const { return Lookup(categories, id); }
QString SubsidyNames::Device(const std::string& id) const { return Lookup(devices, id); }

void SubsidyNames::SetPrograms(const v1::ListProgramsResponse& list) {
  for (const auto& p : list.programs()) {
    programmes[p.program_id()] = Q(p.name_ja());
    programme_records[p.program_id()] = p;
  }
  for (const auto& c : list.categories()) categories[c.category_id()] = Q(c.name_ja());
}

void SubsidyNames::SetSites(const v1::ListSitesResponse& list) {
  for (const auto& s : list.sites()) {
    sites[s.site_id()] = Q(s.name());
    site_records[s.site_id()] = s;
  }
}

QString SubsidyLabels::ClaimState(v1::ClaimState state) {
  switch (state) {
    case v1::CLAIM_STATE_DRAFT:
      return tr("Draft");
    case v1::CLAIM_STATE_READY:
      return tr("Ready to file");
    case v1::CLAIM_STATE_SUBMITTED:
      return tr("Submitted");
    case v1::CLAIM_STATE_GRANTED:
      return tr("Granted");
    case v1::CLAIM_STATE_REFUSED:
      return tr("Refused");
    default:
      return tr("Unknown");
  }
}

QString SubsidyLabels::Window(const v1::Program& p) {
  if (p.closed()) return tr("Closed (deadline passed %n day(s) ago)", "", -p.days_left());
  if (p.window() == "not_yet_open") return tr("Not yet open");
  if (p.days_left() == 0) return tr("Open — closes today");
  return tr("Open — %n day(s) left", "", p.days_left());
}

QString SubsidyLabels::DeadlineStatus(const v1::Deadline& d) {
  if (d.closed()) return tr("Closed %n day(s) ago", "", -d.days_left());
  if (d.window() == "not_yet_open") return tr("Not yet open");
  if (d.days_left() == 0) return tr("Closes today");
  return tr("%n day(s) left", "", d.days_left());
}

QString SubsidyLabels::Obligation(const v1::SiteObligation& s) {
  const std::string& o = s.obligation();
  if (o == "full_check_required") return tr("Full online check required");
  if (o == "deferred_limited_type")
    return tr("Deferred: may use the limited type (資格確認限定型)");
  if (o == "deferred") return tr("Deferred (limited type not allowed)");
  if (o == "not_obliged") {
    return s.may_use_limited_type() ? tr("Not obliged: may use the limited type")
                                    : tr("Not obliged: limited type not yet available");
  }
  return tr("Site data invalid: %1").arg(Reason(s.reason()));
}

QString SubsidyLabels::MeasureEnd(const v1::SiteObligation& s) {
  if (s.transitional() == v1::TRANSITIONAL_CATEGORY_UNSPECIFIED) return QStringLiteral("—");
  if (s.end_date_missing()) return tr("End date unknown — enter the date it depends on");
  if (s.measure_running()) {
    return tr("Ends %1 (%n day(s) left)", "", s.days_left()).arg(IsoDate(s.measure_last_day()));
  }
  return tr("Ended %1; full check since %2")
      .arg(IsoDate(s.measure_last_day()), IsoDate(s.full_check_from()));
}

QString SubsidyLabels::Role(v1::Role role) {
  switch (role) {
    case v1::ROLE_HQ_ADMIN:
      return tr("HQ administrator");
    case v1::ROLE_BRANCH_MANAGER:
      return tr("Branch manager");
    case v1::ROLE_AUDITOR:
      return tr("Auditor");
    case v1::ROLE_STAFF:
      return tr("Branch staff");
    default:
      return tr("Unknown");
  }
}

QString SubsidyLabels::Reason(const std::string& r) {
  if (auto known = KnownReason(r)) return *known;
  // A reason this console does not know (a newer server): plain words, the code for support.
  //: %1 is an internal reason code, shown for the system administrator.
  return tr("This needs checking. Tell the system administrator (%1).").arg(Q(r));
}

std::optional<QString> SubsidyLabels::KnownReason(const std::string& r) {
  if (r == "subsidy.payable") return tr("Payable");
  if (r == "subsidy.category_cap_applied") return tr("Item cap applied");
  if (r == "subsidy.category_not_covered") return tr("Not covered by this programme");
  if (r == "subsidy.already_subsidised_in_group") {
    return tr("Already subsidised under a sibling programme");
  }
  if (r == "subsidy.duplicate_receipt") return tr("The same receipt is on another claim");
  if (r == "subsidy.programme_closed") return tr("The programme is closed");
  if (r == "subsidy.missing_document") return tr("A required document is missing");
  if (r == "subsidy.no_items") return tr("No items yet");
  if (r == "subsidy.nothing_payable") return tr("Nothing in it is payable");
  if (r == "subsidy.unknown_programme") return tr("The programme no longer exists");
  if (r == "subsidy.receipt_empty") return tr("The file is empty.");
  if (r == "subsidy.receipt_too_large") return tr("The file is larger than 10 MB.");
  if (r == "subsidy.receipt_unsupported_type" || r == "subsidy.receipt_not_a_document") {
    return tr("The file is not a PDF, JPEG or PNG (its content was checked, not its name).");
  }
  if (r == "subsidy.receipt_extension_mismatch") {
    return tr("The file's name does not match its content (e.g. a PNG named .pdf).");
  }
  if (r == "subsidy.receipt_damaged") return tr("The file is damaged and cannot be read.");
  if (r == "subsidy.illegal_transition") return tr("The claim cannot move to that state now.");
  if (r == "subsidy.filed_after_deadline") {
    return tr("The programme's deadline has passed.");
  }
  if (r == "subsidy.claim_incomplete") {
    return tr(
        "The claim is not complete yet: it needs its items, the receipt (領収書の写し) and "
        "the itemisation (領収書内訳書).");
  }
  if (r == "subsidy.claim_not_editable") return tr("Only draft claims can be edited.");
  if (r == "subsidy.receipt_limit") {
    return tr(
        "This claim already holds as many receipt files as it may. Delete a file that is not "
        "needed, then upload again.");
  }
  if (r == "subsidy.receipt_not_found" || r == "subsidy.receipt_id_required") {
    return tr("The receipt is no longer on the claim. Refresh the list.");
  }
  if (r == "auth.weak_password") {
    return tr(
        "The password must be 8–100 characters with an upper-case letter, a lower-case "
        "letter and a digit.");
  }
  if (r == "auth.login_taken") return tr("That user name is already taken.");
  if (r == "auth.last_admin") return tr("The last HQ administrator cannot be removed or locked.");
  if (r == "auth.bad_role" || r == "auth.sites_required") {
    return tr("Choose a role; branch roles need at least one site.");
  }
  if (r == "subsidy.facility_not_eligible") {
    return tr("This programme does not cover the site's kind of facility.");
  }
  if (r == "subsidy.negative_amount") return tr("An item has an amount below zero.");
  if (r == "subsidy.bad_rate") {
    return tr("The programme's terms cannot be applied. Tell the system administrator.");
  }
  if (r == "subsidy.claim_exists") {
    return tr(
        "This site already has a claim under this programme. Open that claim from the list "
        "instead.");
  }
  if (r == "subsidy.unknown_claim") return tr("The claim no longer exists. Refresh the list.");
  if (r == "subsidy.claim_site_fixed") {
    return tr("A claim stays with its site. Make a new claim for the other site.");
  }
  if (r == "subsidy.too_many_items") return tr("A claim has at most 100 items.");
  if (r == "subsidy.unknown_category") {
    return tr("An item's category is not one of the programme's. Choose it again from the list.");
  }
  if (r == "subsidy.bad_amount") {
    return tr("Each item's amount is a whole number of yen above zero.");
  }
  if (r == "subsidy.text_too_long") {
    return tr(
        "A description, note or file name is too long (descriptions and notes at most 1,000 "
        "bytes, about 330 full-width characters).");
  }
  if (r == "subsidy.bad_text") {
    return tr(
        "A description, note or file name holds a character that cannot be shown (a control "
        "character or a direction mark). Type it again without copying it from elsewhere.");
  }
  if (r == "subsidy.unknown_device" || r == "subsidy.device_not_at_site") {
    return tr("An item names a terminal that is not registered at this site. Choose it again.");
  }
  if (r == "subsidy.decided_before_filing") {
    return tr("The decision date is before the filing date. Check both dates.");
  }
  if (r == "subsidy.bad_granted_amount") {
    return tr("The granted amount must be between 0 yen and the most this claim can receive.");
  }
  if (r.rfind("facility.", 0) == 0 || r.rfind("site.", 0) == 0) return tr("Check the site's data.");
  return std::nullopt;
}

QString SubsidyLabels::Yen(int64_t yen) {
  //: An amount of yen; %1 is the number with thousands separators.
  return tr("¥%1").arg(QLocale(QLocale::English).toString(static_cast<qlonglong>(yen)));
}

QString SubsidyLabels::IsoDate(const std::string& iso) {
  if (iso.empty()) return QStringLiteral("—");
  return Labels::Date(QDate::fromString(Q(iso), Qt::ISODate));
}

QString SubsidyLabels::ReceiptKind(const std::string& kind) {
  if (kind == "itemisation") return tr("Itemisation (領収書内訳書)");
  return tr("Receipt (領収書の写し)");
}

QString SubsidyLabels::FileType(const std::string& content_type) {
  if (content_type == "application/pdf") return tr("PDF document");
  if (content_type == "image/png") return tr("PNG image");
  if (content_type == "image/jpeg") return tr("JPEG image");
  return tr("Other file");
}

QColor WarningColour(int threshold_days) {
  if (threshold_days <= 0) return {};
  if (threshold_days <= 7) return QColor(0xf8, 0xc4, 0xc4);   // red: a week or less
  if (threshold_days <= 30) return QColor(0xfb, 0xe0, 0xa8);  // amber
  return QColor(0xfd, 0xf3, 0xc8);                            // pale yellow
}

QColor ClosedColour() { return QColor(0xe4, 0xe4, 0xe4); }

ProgramsModel* SubsidyTables::Programs(QObject* parent) {
  using L = SubsidyLabels;
  auto closed = [](const v1::Program& p) { return p.closed() ? ClosedColour() : QColor(); };
  std::vector<ProgramsModel::Column> columns = {
      {tr("Programme"),
       [](const v1::Program& p) -> QVariant { return Q(p.name_ja()); },
       {},
       closed},
      {tr("Status"), [](const v1::Program& p) -> QVariant { return L::Window(p); },
       [](const v1::Program& p) -> QVariant { return p.days_left(); }, closed},
      {tr("Deadline"), [](const v1::Program& p) -> QVariant { return L::IsoDate(p.deadline()); },
       [](const v1::Program& p) -> QVariant { return Q(p.deadline()); }, closed},
      {tr("Legal basis"),
       [](const v1::Program& p) -> QVariant { return Q(p.legal_basis()); },
       {},
       closed},
      {tr("ID"), [](const v1::Program& p) -> QVariant { return Q(p.program_id()); }, {}, closed},
      {tr("Source"),
       [](const v1::Program& p) -> QVariant {
         return p.origin() == "console" ? tr("Edited by HQ") : tr("Programme file");
       },
       {},
       closed},
  };
  return new ProgramsModel(std::move(columns), parent);
}

ClaimsModel* SubsidyTables::Claims(std::shared_ptr<const SubsidyNames> n, QObject* parent) {
  using L = SubsidyLabels;
  std::vector<ClaimsModel::Column> columns = {
      {tr("Site"), [n](const v1::Claim& c) -> QVariant { return n->Site(c.site_id()); }},
      {tr("Programme"),
       [n](const v1::Claim& c) -> QVariant { return n->Programme(c.program_id()); }},
      {tr("State"), [](const v1::Claim& c) -> QVariant { return L::ClaimState(c.state()); },
       [](const v1::Claim& c) -> QVariant { return static_cast<int>(c.state()); }},
      {tr("Subsidy (computed)"),
       [](const v1::Claim& c) -> QVariant { return L::Yen(c.computed_amount_yen()); },
       [](const v1::Claim& c) -> QVariant { return qlonglong(c.computed_amount_yen()); },
       {},
       kRight},
      {tr("Official figure"),
       [](const v1::Claim& c) -> QVariant { return Q(c.official_wording()); },
       {},
       {},
       kRight},
      {tr("Items"), [](const v1::Claim& c) -> QVariant { return c.items_size(); }, {}, {}, kRight},
      {tr("Receipts"),
       [](const v1::Claim& c) -> QVariant { return c.receipts_size(); },
       {},
       [](const v1::Claim& c) { return c.warnings_size() > 0 ? WarningColour(7) : QColor(); },
       kRight},
      {tr("Warnings"),
       [n](const v1::Claim& c) -> QVariant {
         // "reason" or "reason:detail" (a category, a receipt id); each reason once.
         QStringList w;
         for (const auto& warning : c.warnings()) {
           const size_t colon = warning.find(':');
           QString text = L::Reason(warning.substr(0, colon));
           const std::string detail = colon == std::string::npos ? "" : warning.substr(colon + 1);
           if (warning.rfind("subsidy.category", 0) == 0 ||
               warning.rfind("subsidy.already", 0) == 0) {
             text += tr(" (%1)").arg(n->Category(detail));
           }
           if (warning.rfind("subsidy.missing_document", 0) == 0) {
             text += tr(" (%1)").arg(Q(detail));
           }
           if (!w.contains(text)) w << text;
         }
         // One warning a line: the table wraps them whole rather than cutting one short.
         return w.join(QLatin1Char('\n'));
       }},
  };
  return new ClaimsModel(std::move(columns), parent);
}

ClaimItemsModel* SubsidyTables::ClaimItems(std::shared_ptr<const SubsidyNames> n, QObject* parent) {
  using L = SubsidyLabels;
  std::vector<ClaimItemsModel::Column> columns = {
      {tr("Category"),
       [n](const v1::ClaimItem& i) -> QVariant { return n->Category(i.category()); }},
      {tr("Amount"),
       [](const v1::ClaimItem& i) -> QVariant { return L::Yen(i.amount_yen()); },
       [](const v1::ClaimItem& i) -> QVariant { return qlonglong(i.amount_yen()); },
       {},
       kRight},
      {tr("Terminal"),
       [n](const v1::ClaimItem& i) -> QVariant {
         return i.device_id().empty() ? QStringLiteral("—") : n->Device(i.device_id());
       }},
      {tr("Description"), [](const v1::ClaimItem& i) -> QVariant { return Q(i.description()); }},
  };
  return new ClaimItemsModel(std::move(columns), parent);
}

ReceiptsModel* SubsidyTables::Receipts(QObject* parent) {
  using L = SubsidyLabels;
  auto dup = [](const v1::Receipt& r) {
    return r.duplicate_elsewhere() ? WarningColour(7) : QColor();
  };
  std::vector<ReceiptsModel::Column> columns = {
      {tr("File"), [](const v1::Receipt& r) -> QVariant { return Q(r.filename()); }, {}, dup},
      {tr("Kind"), [](const v1::Receipt& r) -> QVariant { return L::ReceiptKind(r.kind()); }},
      {tr("Type"), [](const v1::Receipt& r) -> QVariant { return L::FileType(r.content_type()); }},
      {tr("Size"),
       [](const v1::Receipt& r) -> QVariant { return qulonglong(r.size()); },
       {},
       {},
       kRight},
      {tr("SHA-256"), [](const v1::Receipt& r) -> QVariant { return Q(r.sha256_hex()); }},
      {tr("Duplicate"),
       [](const v1::Receipt& r) -> QVariant {
         return r.duplicate_elsewhere() ? tr("Also on another claim") : QString();
       },
       {},
       dup},
  };
  return new ReceiptsModel(std::move(columns), parent);
}

DeadlineBoardModel* SubsidyTables::Deadlines(std::shared_ptr<const SubsidyNames> n,
                                             QObject* parent) {
  using L = SubsidyLabels;
  auto colour = [](const v1::Deadline& d) {
    return d.closed() ? ClosedColour() : WarningColour(d.warning_threshold());
  };
  std::vector<DeadlineBoardModel::Column> columns = {
      {tr("Deadline"), [](const v1::Deadline& d) -> QVariant { return L::IsoDate(d.deadline()); },
       [](const v1::Deadline& d) -> QVariant { return Q(d.deadline()); }, colour},
      {tr("Status"), [](const v1::Deadline& d) -> QVariant { return L::DeadlineStatus(d); },
       [](const v1::Deadline& d) -> QVariant { return d.days_left(); }, colour},
      {tr("Site"), [n](const v1::Deadline& d) -> QVariant { return n->Site(d.site_id()); }},
      {tr("Programme"), [](const v1::Deadline& d) -> QVariant { return Q(d.program_name_ja()); }},
      {tr("Still claimable"),
       [](const v1::Deadline& d) -> QVariant { return L::Yen(d.claimable_yen()); },
       [](const v1::Deadline& d) -> QVariant { return qlonglong(d.claimable_yen()); },
       {},
       kRight},
      {tr("Maximum"),
       [](const v1::Deadline& d) -> QVariant {
         const QString exact = L::Yen(d.max_payable_yen());
         return d.official_wording().empty() ? exact
                                             : tr("%1 (%2)", "exact yen, leaflet figure")
                                                   .arg(exact, Q(d.official_wording()));
       },
       [](const v1::Deadline& d) -> QVariant { return qlonglong(d.max_payable_yen()); },
       {},
       kRight},
  };
  return new DeadlineBoardModel(std::move(columns), parent);
}

ObligationsModel* SubsidyTables::Obligations(QObject* parent) {
  using L = SubsidyLabels;
  using O = v1::SiteObligation;
  auto colour = [](const O& s) {
    if (s.end_date_missing()) return WarningColour(30);
    return s.measure_running() ? WarningColour(s.warning_threshold()) : QColor();
  };
  std::vector<ObligationsModel::Column> columns = {
      {tr("Site"), [](const O& s) -> QVariant { return Q(s.site_name()); }},
      {tr("Facility kind"),
       [](const O& s) -> QVariant { return Labels::FacilityKind(s.facility_kind()); }},
      {tr("Transitional measure"),
       [](const O& s) -> QVariant { return Labels::Transitional(s.transitional()); }},
      {tr("Obligation today"), [](const O& s) -> QVariant { return L::Obligation(s); }, {}, colour},
      {tr("Measure ends"), [](const O& s) -> QVariant { return L::MeasureEnd(s); },
       [](const O& s) -> QVariant { return Q(s.measure_last_day()); }, colour},
  };
  return new ObligationsModel(std::move(columns), parent);
}

UsersModel* SubsidyTables::Users(std::shared_ptr<const SubsidyNames> names, QObject* parent) {
  using L = SubsidyLabels;
  std::vector<UsersModel::Column> columns = {
      {tr("User"), [](const v1::User& u) -> QVariant { return Q(u.login()); }},
      {tr("Name"), [](const v1::User& u) -> QVariant { return Q(u.display_name()); }},
      {tr("Role"), [](const v1::User& u) -> QVariant { return L::Role(u.role()); }},
      {tr("Sites"),
       [names](const v1::User& u) -> QVariant {
         QStringList s;
         for (const auto& id : u.site_ids()) s << names->Site(id);
         //: Separates site names in a list.
         return s.isEmpty() ? tr("All (HQ)") : s.join(tr(", "));
       }},
      {tr("Account"),
       [](const v1::User& u) -> QVariant {
         if (u.disabled()) return tr("Disabled");
         return u.locked() ? tr("Locked") : tr("Active");
       },
       {},
       [](const v1::User& u) { return u.disabled() || u.locked() ? WarningColour(7) : QColor(); }},
      {tr("Last login"),
       [](const v1::User& u) -> QVariant {
         return u.has_last_login() ? Labels::DateTime(u.last_login().seconds())
                                   : QStringLiteral("—");
       }},
  };
  return new UsersModel(std::move(columns), parent);
}

}  // namespace kakunin::console
