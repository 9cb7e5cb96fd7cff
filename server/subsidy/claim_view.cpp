#include "server/subsidy/claim_view.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <sstream>

#include "common/subsidy/deadline.h"
#include "common/subsidy/facility_kind.h"
#include "server/storage/pg_text.h"
#include "server/subsidy/claim_rules.h"

namespace kakunin::server {
namespace {

using google::protobuf::util::TimeUtil;
namespace sub = kakunin::subsidy;

bool Listed(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

v1::ClaimState ToProtoState(std::string_view id) {
  auto state = ParseClaimState(id);
  if (!state.ok()) return v1::CLAIM_STATE_UNSPECIFIED;
  return static_cast<v1::ClaimState>(static_cast<int>(*state) + 1);
}

std::vector<std::string> SplitCommas(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::string DateText(const pqxx::field& f) { return f.is_null() ? "" : f.c_str(); }

// What a claim needs from its row beyond the message.
struct ClaimRow {
  v1::Claim claim;
  std::string facility_kind;
  std::optional<int64_t> commit_seq;
};

// A claim of the same site, as the exclusion rule sees it.
struct SiteClaim {
  std::string claim_id, programme_id, state;
  std::optional<int64_t> commit_seq;
  std::vector<std::string> categories;
};

// The site's claims that were committed (left draft) before this one and were not refused: a
// category that sibling programmes may not both pay goes to whichever claim got there first.
std::vector<domain::PriorClaim> PriorsFor(const ClaimRow& row,
                                          const std::vector<SiteClaim>& site_claims,
                                          const ProgrammeCatalogue& catalogue) {
  std::vector<domain::PriorClaim> out;
  for (const SiteClaim& other : site_claims) {
    if (other.claim_id == row.claim.claim_id() || other.state == "refused" || !other.commit_seq)
      continue;
    if (row.commit_seq && *other.commit_seq > *row.commit_seq) continue;
    const StoredProgramme* p = catalogue.Find(other.programme_id);
    if (p == nullptr) continue;
    out.push_back({other.programme_id, p->record.programme.exclusion_group, other.categories});
  }
  return out;
}

// Amount, lines and the warnings that follow from them.
void Compute(ClaimRow& row, const StoredProgramme* programme,
             const std::vector<domain::PriorClaim>& priors, const domain::Date& today) {
  v1::Claim& c = row.claim;
  if (programme == nullptr) {
    c.add_warnings("subsidy.unknown_programme");
    return;
  }
  const domain::Programme& p = programme->record.programme;
  auto kind = sub::FacilityKindFromSiteKind(row.facility_kind);
  if (!kind.ok()) {
    c.add_warnings(kind.error().reason());
    return;
  }
  std::vector<domain::CostItem> items;
  for (const auto& i : c.items()) items.push_back({i.category(), i.amount_yen(), i.description()});
  auto computed = domain::ComputeSubsidy(p, *kind, items, priors);
  if (!computed.ok()) {
    c.add_warnings(computed.error().reason());  // e.g. the site's kind changed since
    return;
  }
  c.set_computed_amount_yen(computed->paid_yen);
  c.set_official_wording(computed->official_max_wording);
  c.set_project_cap_applied(computed->project_cap_applied);
  if (const domain::FacilityTerms* terms = domain::FindTerms(p, *kind)) {
    c.set_max_payable_yen(domain::MaxPayable(*terms));
  }
  for (const auto& line : computed->lines) {
    auto* out = c.add_lines();
    out->set_category(line.category);
    out->set_claimed_yen(line.claimed_yen);
    out->set_eligible_yen(line.eligible_yen);
    out->set_reason(line.reason);
    if (line.reason == "subsidy.category_not_covered" ||
        line.reason == "subsidy.already_subsidised_in_group") {
      c.add_warnings(line.reason + ":" + line.category);
    }
  }
  const bool open_state = c.state() == v1::CLAIM_STATE_DRAFT || c.state() == v1::CLAIM_STATE_READY;
  if (open_state && sub::ClaimDeadlineOn(p, *kind, today).window == sub::ClaimWindow::kClosed) {
    c.add_warnings("subsidy.programme_closed");
  }
  if (c.state() == v1::CLAIM_STATE_DRAFT) {
    ClaimContents contents;
    contents.item_count = static_cast<size_t>(c.items_size());
    contents.paid_yen = computed->paid_yen;
    for (const auto& r : c.receipts()) contents.receipt_kinds.push_back(r.kind());
    contents.required_documents = p.required_documents;
    for (auto& missing : MissingForReady(contents)) c.add_warnings(missing);
  }
}

Result<std::vector<ClaimRow>> ReadRows(pqxx::transaction_base& tx, const std::string& ids) {
  std::vector<ClaimRow> rows;
  for (const auto& r :
       tx.exec_params("SELECT c.*, s.facility_kind, "
                      "(extract(epoch FROM c.created_at) * 1000000)::bigint AS created_us, "
                      "(extract(epoch FROM c.updated_at) * 1000000)::bigint AS updated_us "
                      "FROM subsidy_claims c JOIN sites s USING (site_id) "
                      "WHERE c.claim_id = ANY($1::text[])",
                      ids)) {
    ClaimRow row;
    v1::Claim& c = row.claim;
    c.set_claim_id(r["claim_id"].c_str());
    c.set_site_id(r["site_id"].c_str());
    c.set_program_id(r["programme_id"].c_str());
    c.set_state(ToProtoState(r["state"].c_str()));
    c.set_submitted_via(r["submitted_via"].c_str());
    c.set_submitted_on(DateText(r["submitted_on"]));
    c.set_decided_on(DateText(r["decided_on"]));
    if (!r["granted_amount_yen"].is_null())
      c.set_granted_amount_yen(r["granted_amount_yen"].as<int64_t>());
    *c.mutable_created_at() = TimeUtil::MicrosecondsToTimestamp(r["created_us"].as<int64_t>());
    c.set_created_by(r["created_by"].c_str());
    *c.mutable_updated_at() = TimeUtil::MicrosecondsToTimestamp(r["updated_us"].as<int64_t>());
    c.set_updated_by(r["updated_by"].c_str());
    row.facility_kind = r["facility_kind"].c_str();
    if (!r["commit_seq"].is_null()) row.commit_seq = r["commit_seq"].as<int64_t>();
    rows.push_back(std::move(row));
  }
  return rows;
}

// Items, receipts and history, attached to their claims.
void ReadDetails(pqxx::transaction_base& tx, const std::string& ids,
                 std::map<std::string, ClaimRow*>& by_id, const UserInfo& who) {
  for (const auto& r : tx.exec_params(
           "SELECT claim_id, category, amount_yen, coalesce(device_id, '') AS device_id, "
           "description FROM subsidy_claim_items WHERE claim_id = ANY($1::text[]) "
           "ORDER BY claim_id, position",
           ids)) {
    auto* item = by_id[r["claim_id"].c_str()]->claim.add_items();
    item->set_category(r["category"].c_str());
    item->set_amount_yen(r["amount_yen"].as<int64_t>());
    item->set_device_id(r["device_id"].c_str());
    item->set_description(r["description"].c_str());
  }
  // The other claims holding the same file, with their sites (for the caller's scope).
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> duplicates;
  for (const auto& r :
       tx.exec_params("SELECT r.receipt_id, o.claim_id, oc.site_id FROM subsidy_receipts r "
                      "JOIN subsidy_receipts o ON o.sha256 = r.sha256 AND o.claim_id <> r.claim_id "
                      "JOIN subsidy_claims oc ON oc.claim_id = o.claim_id "
                      "WHERE r.claim_id = ANY($1::text[]) ORDER BY o.claim_id",
                      ids)) {
    duplicates[r[0].c_str()].push_back({r[1].c_str(), r[2].c_str()});
  }
  for (const auto& r : tx.exec_params(
           "SELECT receipt_id, claim_id, kind, filename, content_type, sha256, size, uploaded_by, "
           "(extract(epoch FROM uploaded_at) * 1000000)::bigint AS uploaded_us "
           "FROM subsidy_receipts WHERE claim_id = ANY($1::text[]) ORDER BY uploaded_at, "
           "receipt_id",
           ids)) {
    v1::Claim& c = by_id[r["claim_id"].c_str()]->claim;
    auto* out = c.add_receipts();
    out->set_receipt_id(r["receipt_id"].c_str());
    out->set_claim_id(c.claim_id());
    out->set_kind(r["kind"].c_str());
    out->set_filename(r["filename"].c_str());
    out->set_content_type(r["content_type"].c_str());
    out->set_sha256_hex(r["sha256"].c_str());
    out->set_size(r["size"].as<uint64_t>());
    out->set_uploaded_by(r["uploaded_by"].c_str());
    *out->mutable_uploaded_at() = TimeUtil::MicrosecondsToTimestamp(r["uploaded_us"].as<int64_t>());
    // Flagged for the caller only where they may see the other claim: a branch manager
    // learns nothing of whether another branch filed the same document (HQ sees every one).
    auto dup = duplicates.find(out->receipt_id());
    if (dup != duplicates.end()) {
      for (const auto& [claim_id, site_id] : dup->second) {
        if (!SeesSubsidySite(who, site_id)) continue;
        out->set_duplicate_elsewhere(true);
        out->add_duplicate_claim_ids(claim_id);
      }
    }
  }
  for (auto& [id, row] : by_id) {
    for (const auto& r : row->claim.receipts()) {
      if (r.duplicate_elsewhere()) {
        row->claim.add_warnings("subsidy.duplicate_receipt:" + r.receipt_id());
      }
    }
  }
  for (const auto& r : tx.exec_params(
           "SELECT claim_id, from_state, to_state, by_user, submitted_via, effective_on, "
           "amount_yen, note, (extract(epoch FROM at) * 1000000)::bigint AS at_us "
           "FROM subsidy_claim_history WHERE claim_id = ANY($1::text[]) ORDER BY claim_id, seq",
           ids)) {
    auto* h = by_id[r["claim_id"].c_str()]->claim.add_history();
    h->set_from_state(ToProtoState(r["from_state"].c_str()));
    h->set_to_state(ToProtoState(r["to_state"].c_str()));
    *h->mutable_at() = TimeUtil::MicrosecondsToTimestamp(r["at_us"].as<int64_t>());
    h->set_by(r["by_user"].c_str());
    h->set_submitted_via(r["submitted_via"].c_str());
    h->set_effective_on(r["effective_on"].c_str());
    h->set_amount_yen(r["amount_yen"].as<int64_t>());
    h->set_note(r["note"].c_str());
  }
}

// Every claim of the given sites, with the categories it claims.
std::map<std::string, std::vector<SiteClaim>> ReadSiteClaims(
    pqxx::transaction_base& tx, const std::vector<std::string>& sites) {
  std::map<std::string, std::vector<SiteClaim>> out;
  for (const auto& r :
       tx.exec_params("SELECT c.site_id, c.claim_id, c.programme_id, c.state, c.commit_seq, "
                      "coalesce(string_agg(DISTINCT i.category, ','), '') AS categories "
                      "FROM subsidy_claims c LEFT JOIN subsidy_claim_items i USING (claim_id) "
                      "WHERE c.site_id = ANY($1::text[]) GROUP BY c.claim_id",
                      PgTextArray(sites))) {
    SiteClaim sc;
    sc.claim_id = r["claim_id"].c_str();
    sc.programme_id = r["programme_id"].c_str();
    sc.state = r["state"].c_str();
    if (!r["commit_seq"].is_null()) sc.commit_seq = r["commit_seq"].as<int64_t>();
    sc.categories = SplitCommas(r["categories"].c_str());
    out[r["site_id"].c_str()].push_back(std::move(sc));
  }
  return out;
}

std::string_view WindowId(sub::ClaimWindow window) {
  switch (window) {
    case sub::ClaimWindow::kNotEligible:
      return "not_eligible";
    case sub::ClaimWindow::kNotYetOpen:
      return "not_yet_open";
    case sub::ClaimWindow::kOpen:
      return "open";
    case sub::ClaimWindow::kClosed:
      return "closed";
  }
  return "closed";
}

}  // namespace

bool SeesEverySite(const UserInfo& who) {
  return who.role == Role::kHqAdmin || who.role == Role::kAuditor;
}

bool SeesSubsidySite(const UserInfo& who, const std::string& site_id) {
  return SeesEverySite(who) || Listed(who.site_ids, site_id);
}

bool EditsSubsidySite(const UserInfo& who, const std::string& site_id) {
  if (who.role == Role::kHqAdmin) return true;
  return who.role == Role::kBranchManager && Listed(who.site_ids, site_id);
}

Result<std::vector<v1::Claim>> ReadClaims(pqxx::transaction_base& tx,
                                          const std::vector<std::string>& claim_ids,
                                          const ProgrammeCatalogue& catalogue, const UserInfo& who,
                                          const domain::Date& today) {
  if (claim_ids.empty()) return std::vector<v1::Claim>{};
  const std::string ids = PgTextArray(claim_ids);
  KAKUNIN_ASSIGN_OR_RETURN(auto rows, ReadRows(tx, ids));
  std::map<std::string, ClaimRow*> by_id;
  std::vector<std::string> sites;
  for (auto& row : rows) {
    by_id[row.claim.claim_id()] = &row;
    if (!Listed(sites, row.claim.site_id())) sites.push_back(row.claim.site_id());
  }
  ReadDetails(tx, ids, by_id, who);
  auto site_claims = ReadSiteClaims(tx, sites);
  for (auto& row : rows) {
    const auto priors = PriorsFor(row, site_claims[row.claim.site_id()], catalogue);
    Compute(row, catalogue.Find(row.claim.program_id()), priors, today);
  }
  std::vector<v1::Claim> out;
  for (const auto& id : claim_ids) {
    auto it = by_id.find(id);
    if (it != by_id.end()) out.push_back(std::move(it->second->claim));
  }
  return out;
}

Result<std::vector<v1::Deadline>> ReadDeadlines(pqxx::transaction_base& tx,
                                                const std::vector<std::string>& site_ids,
                                                const ProgrammeCatalogue& catalogue,
                                                const UserInfo& who, const domain::Date& today,
                                                std::span<const int> warning_days) {
  std::vector<std::pair<std::string, std::string>> sites;  // id, facility kind
  for (const auto& r :
       tx.exec_params("SELECT site_id, facility_kind FROM sites WHERE site_id = ANY($1::text[]) "
                      "ORDER BY site_id",
                      PgTextArray(site_ids))) {
    sites.push_back({r[0].c_str(), r[1].c_str()});
  }
  // What the live (not refused) claims already take, per site and programme.
  std::vector<std::string> live_ids;
  for (const auto& r : tx.exec_params(
           "SELECT claim_id FROM subsidy_claims WHERE site_id = ANY($1::text[]) AND state <> "
           "'refused'",
           PgTextArray(site_ids))) {
    live_ids.push_back(r[0].c_str());
  }
  KAKUNIN_ASSIGN_OR_RETURN(auto live, ReadClaims(tx, live_ids, catalogue, who, today));
  std::map<std::pair<std::string, std::string>, int64_t> claimed;
  for (const auto& c : live) {
    claimed[{c.site_id(), c.program_id()}] +=
        c.state() == v1::CLAIM_STATE_GRANTED ? c.granted_amount_yen() : c.computed_amount_yen();
  }

  std::vector<v1::Deadline> out;
  for (const auto& [site_id, site_kind] : sites) {
    auto kind = sub::FacilityKindFromSiteKind(site_kind);
    if (!kind.ok()) continue;  // ValidateSite keeps this from happening
    for (const auto& stored : catalogue.programmes) {
      const domain::Programme& p = stored.record.programme;
      const sub::ClaimDeadline d = sub::ClaimDeadlineOn(p, *kind, today, warning_days);
      if (d.window == sub::ClaimWindow::kNotEligible) continue;
      const domain::FacilityTerms* terms = domain::FindTerms(p, *kind);
      v1::Deadline row;
      row.set_site_id(site_id);
      row.set_program_id(p.id);
      row.set_program_name_ja(p.name_ja);
      row.set_deadline(domain::FormatIso(p.deadline));
      row.set_window(std::string(WindowId(d.window)));
      row.set_closed(d.window == sub::ClaimWindow::kClosed);
      row.set_days_left(d.window == sub::ClaimWindow::kClosed
                            ? -d.days_since_close
                            : domain::DaysBetween(today, p.deadline));
      row.set_warning_threshold(d.warning_threshold_days.value_or(0));
      row.set_official_wording(terms->official_max_wording);
      row.set_max_payable_yen(domain::MaxPayable(*terms));
      const int64_t taken = claimed[{site_id, p.id}];
      row.set_claimed_yen(taken);
      row.set_claimable_yen(row.closed() ? 0 : std::max<int64_t>(0, row.max_payable_yen() - taken));
      out.push_back(std::move(row));
    }
  }
  // Per site: what can still be claimed first, soonest deadline first; closed ones last.
  std::stable_sort(out.begin(), out.end(), [](const v1::Deadline& a, const v1::Deadline& b) {
    if (a.site_id() != b.site_id()) return a.site_id() < b.site_id();
    if (a.closed() != b.closed()) return !a.closed();
    return a.closed() ? a.deadline() > b.deadline() : a.deadline() < b.deadline();
  });
  return out;
}

v1::Program ProgramView(const StoredProgramme& stored, const domain::Date& today) {
  const domain::Programme& p = stored.record.programme;
  v1::Program out;
  out.set_program_id(p.id);
  out.set_name_ja(p.name_ja);
  out.set_name_en(p.name_en);
  out.set_legal_basis(p.legal_basis);
  if (p.opens != sub::kOpeningNotStated) out.set_opens_on(domain::FormatIso(p.opens));
  out.set_deadline(domain::FormatIso(p.deadline));
  out.set_data_json(stored.data_json);
  const auto status = domain::DeadlineStatusOn(p, today);
  out.set_window(status.state == domain::DeadlineState::kNotYetOpen ? "not_yet_open"
                 : status.state == domain::DeadlineState::kClosed   ? "closed"
                                                                    : "open");
  out.set_closed(status.state == domain::DeadlineState::kClosed);
  out.set_days_left(domain::DaysBetween(today, p.deadline));
  out.set_source(stored.record.source);
  out.set_note(stored.record.note);
  out.set_origin(stored.origin);
  *out.mutable_updated_at() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(stored.updated_at_us);
  out.set_updated_by(stored.updated_by);
  return out;
}

}  // namespace kakunin::server
