#include "server/subsidy/claim_store.h"

#include <openssl/rand.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "common/core/bytes.h"
#include "common/subsidy/facility_kind.h"
#include "common/subsidy/programme_data.h"
#include "common/subsidy/receipt_file.h"
#include "common/text/text_fault.h"
#include "server/audit/audit_store.h"
#include "server/storage/pg_text.h"
#include "server/storage/read_tx.h"
#include "server/subsidy/claim_rules.h"
#include "server/subsidy/claim_view.h"
#include "server/subsidy/programme_store.h"

namespace kakunin::server {
namespace {

using nlohmann::ordered_json;
namespace sub = kakunin::subsidy;

constexpr int kMaxItems = 100;
constexpr size_t kMaxTextBytes = 1000;  // descriptions, notes
constexpr size_t kMaxFilenameBytes = 255;

Error Invalid(std::string reason, std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(reason), std::move(message));
}

// The same reason and text as every other refused console call.
Error Forbidden() {
  return MakeError(ErrorCode::kPermissionDenied, "auth.forbidden",
                   "your role may not do this for this site");
}

std::string RandomHex(size_t n) {
  Bytes b(n);
  RAND_bytes(b.data(), static_cast<int>(n));
  return ToHex(b);
}

// Receipt and claim ids are "rc-" / "cl-" and 16 lower-case hex digits (RandomHex(8)). Anything
// else is answered as unknown without a query, whatever its length, and is not echoed.
bool IdShaped(const std::string& id, std::string_view prefix) {
  if (id.size() != 19 || id.compare(0, 3, prefix) != 0) return false;
  return std::all_of(id.begin() + 3, id.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}
bool ReceiptIdShaped(const std::string& id) { return IdShaped(id, "rc-"); }

Error NoSuchClaim(const std::string& id) {
  return MakeError(ErrorCode::kNotFound, "subsidy.unknown_claim",
                   IdShaped(id, "cl-") ? "no claim '" + id + "'" : "not a claim id");
}

// What a branch manager types that HQ reads (claim lists, the PDF, the CSV, the audit log):
// HQ's text rule, as for what terminals send (no controls, no bidirectional overrides).
Status CheckText(const std::string& text, const std::string& what, bool multi_line) {
  if (text::FindTextFault(text, multi_line) == text::TextFault::kNone) return OkStatus();
  return Invalid("subsidy.bad_text",
                 what + " holds a control character or a character that is not allowed");
}

Error NoSuchReceipt(const std::string& id) {
  return MakeError(ErrorCode::kNotFound, "subsidy.receipt_not_found",
                   "no receipt '" + std::string(id.substr(0, 64)) + "'");
}

std::string Actor(const UserInfo& who) { return "user:" + who.login; }

std::string_view ContentType(sub::ReceiptKind kind) {
  switch (kind) {
    case sub::ReceiptKind::kPdf:
      return "application/pdf";
    case sub::ReceiptKind::kJpeg:
      return "image/jpeg";
    case sub::ReceiptKind::kPng:
      return "image/png";
  }
  return "application/octet-stream";
}

// The last component of a path a browser or a phone may send.
std::string BaseName(const std::string& name) {
  const size_t slash = name.find_last_of("/\\");
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

Status ValidateItems(const v1::Claim& claim, const ProgrammeCatalogue& catalogue) {
  if (claim.items_size() > kMaxItems) {
    return Invalid("subsidy.too_many_items",
                   "a claim has at most " + std::to_string(kMaxItems) + " items");
  }
  for (int i = 0; i < claim.items_size(); ++i) {
    const auto& item = claim.items(i);
    const std::string where = "items[" + std::to_string(i) + "]: ";
    bool declared = false;
    for (const auto& c : catalogue.categories) declared |= c.id == item.category();
    if (!declared) {
      const bool plain = item.category().size() <= 64 &&
                         text::FindTextFault(item.category(), false) == text::TextFault::kNone;
      return Invalid("subsidy.unknown_category",
                     where + (plain ? "unknown category '" + item.category() + "'"
                                    : std::string("unknown category")));
    }
    if (item.amount_yen() <= 0 || item.amount_yen() > sub::kMaxAmountYen) {
      return Invalid("subsidy.bad_amount",
                     where + "amount must be a positive whole number of yen (got " +
                         std::to_string(item.amount_yen()) + ")");
    }
    if (item.description().size() > kMaxTextBytes) {
      return Invalid("subsidy.text_too_long", where + "description is too long");
    }
    KAKUNIN_RETURN_IF_ERROR(CheckText(item.description(), where + "description", false));
  }
  return OkStatus();
}

// Each terminal an item names must be registered at the claim's site. Whether it exists at
// another site is told only to those who may see that site: a branch manager learns nothing of
// other branches' terminal ids from the answer.
Status CheckDevices(pqxx::work& tx, const v1::Claim& claim, const std::string& site_id,
                    const UserInfo& who) {
  for (const auto& item : claim.items()) {
    if (item.device_id().empty()) continue;
    auto rows =
        tx.exec_params("SELECT site_id FROM devices WHERE device_id = $1", item.device_id());
    if (rows.empty() || !SeesSubsidySite(who, rows[0][0].c_str())) {
      return Invalid("subsidy.unknown_device",
                     "no registered terminal " + item.device_id() + " at this site");
    }
    if (rows[0][0].c_str() != site_id) {
      return Invalid("subsidy.device_not_at_site",
                     "terminal " + item.device_id() + " belongs to another site");
    }
  }
  return OkStatus();
}

struct LockedClaim {
  std::string site_id, programme_id, state, submitted_on;
};

Result<LockedClaim> LockClaim(pqxx::work& tx, const std::string& claim_id) {
  if (!IdShaped(claim_id, "cl-")) return NoSuchClaim(claim_id);
  auto rows = tx.exec_params(
      "SELECT site_id, programme_id, state, coalesce(submitted_on::text, '') FROM subsidy_claims "
      "WHERE claim_id = $1 FOR UPDATE",
      claim_id);
  if (rows.empty()) return NoSuchClaim(claim_id);
  return LockedClaim{rows[0][0].c_str(), rows[0][1].c_str(), rows[0][2].c_str(),
                     rows[0][3].c_str()};
}

Result<v1::Claim> ReadOne(pqxx::transaction_base& tx, const std::string& claim_id,
                          const ProgrammeCatalogue& catalogue, const UserInfo& who,
                          const domain::Date& today) {
  if (!IdShaped(claim_id, "cl-")) return NoSuchClaim(claim_id);
  KAKUNIN_ASSIGN_OR_RETURN(auto claims, ReadClaims(tx, {claim_id}, catalogue, who, today));
  if (claims.empty()) return NoSuchClaim(claim_id);
  return std::move(claims.front());
}

// The sites a list or deadline call covers for `who`.
Result<std::vector<std::string>> ScopeSites(pqxx::transaction_base& tx, const std::string& site_id,
                                            const UserInfo& who) {
  if (!site_id.empty()) {
    if (!SeesSubsidySite(who, site_id)) return Forbidden();
    if (tx.exec_params("SELECT 1 FROM sites WHERE site_id = $1", site_id).empty()) {
      return MakeError(ErrorCode::kNotFound, "site.not_found", "no site '" + site_id + "'");
    }
    return std::vector<std::string>{site_id};
  }
  if (who.role != Role::kHqAdmin && who.role != Role::kAuditor) return who.site_ids;
  std::vector<std::string> all;
  for (const auto& r : tx.exec("SELECT site_id FROM sites ORDER BY site_id"))
    all.push_back(r[0].c_str());
  return all;
}

Result<domain::Date> EffectiveDate(const std::string& text, const domain::Date& today) {
  if (text.empty()) return today;
  auto d = domain::ParseIsoDate(text);
  if (!d.ok()) return Invalid("subsidy.bad_date", "'" + text + "' is not a date YYYY-MM-DD");
  return *d;
}

ordered_json ItemsJson(const v1::Claim& claim) {
  ordered_json items = ordered_json::array();
  for (const auto& i : claim.items()) {
    items.push_back({{"category", i.category()},
                     {"amount_yen", i.amount_yen()},
                     {"device_id", i.device_id()},
                     {"description", i.description()}});
  }
  return items;
}

}  // namespace

Result<std::vector<v1::Claim>> ClaimStore::List(const ClaimFilter& filter, const UserInfo& who) {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    ReadTx tx(*conn);
    KAKUNIN_ASSIGN_OR_RETURN(auto sites, ScopeSites(tx, filter.site_id, who));
    std::vector<std::string> ids;
    for (const auto& r : tx.exec_params(
             "SELECT claim_id FROM subsidy_claims c WHERE site_id = ANY($1::text[]) "
             "AND ($2 = '' OR programme_id = $2) AND ($3 = '' OR EXISTS (SELECT 1 FROM "
             "subsidy_claim_items i WHERE i.claim_id = c.claim_id AND i.device_id = $3)) "
             "ORDER BY site_id, created_at, claim_id",
             PgTextArray(sites), filter.programme_id, filter.device_id)) {
      ids.push_back(r[0].c_str());
    }
    KAKUNIN_ASSIGN_OR_RETURN(auto catalogue, ReadProgrammeCatalogue(tx));
    return ReadClaims(tx, ids, catalogue, who, today_());
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<v1::Receipt> ClaimStore::ReceiptFile(const std::string& receipt_id, const UserInfo& who) {
  if (!ReceiptIdShaped(receipt_id)) return NoSuchReceipt(receipt_id);
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    ReadTx tx(*conn);
    auto rows = tx.exec_params(
        "SELECT r.claim_id, c.site_id, r.kind, r.filename, r.content_type, r.sha256, r.size, "
        "r.content, r.uploaded_by FROM subsidy_receipts r JOIN subsidy_claims c USING (claim_id) "
        "WHERE r.receipt_id = $1",
        receipt_id);
    if (rows.empty()) return NoSuchReceipt(receipt_id);
    const auto& row = rows[0];
    if (!SeesSubsidySite(who, row[1].c_str())) return Forbidden();
    v1::Receipt out;
    out.set_receipt_id(receipt_id);
    out.set_claim_id(row[0].c_str());
    out.set_kind(row[2].c_str());
    out.set_filename(row[3].c_str());
    out.set_content_type(row[4].c_str());
    out.set_sha256_hex(row[5].c_str());
    out.set_size(row[6].as<uint64_t>());
    out.set_content(pqxx::binarystring(row[7]).str());
    out.set_uploaded_by(row[8].c_str());
    return out;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<v1::Claim> ClaimStore::Upsert(const v1::Claim& in, const UserInfo& who) {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    KAKUNIN_ASSIGN_OR_RETURN(auto catalogue, ReadProgrammeCatalogue(tx));
    const bool created = in.claim_id().empty();
    std::string claim_id = in.claim_id();
    std::string site_id = in.site_id();
    std::string programme_id = in.program_id();
    if (created) {
      if (site_id.empty() || programme_id.empty()) {
        return Invalid("subsidy.claim_incomplete", "site_id and program_id are required");
      }
      if (!EditsSubsidySite(who, site_id)) return Forbidden();
    } else {
      KAKUNIN_ASSIGN_OR_RETURN(auto locked, LockClaim(tx, claim_id));
      if (!EditsSubsidySite(who, locked.site_id)) return Forbidden();
      if (!site_id.empty() && site_id != locked.site_id) {
        return Invalid("subsidy.claim_site_fixed", "a claim cannot move to another site");
      }
      if (locked.state != "draft") {
        return MakeError(ErrorCode::kFailedPrecondition, "subsidy.claim_not_editable",
                         "only a draft can be edited; this claim is " + locked.state);
      }
      site_id = locked.site_id;
      if (programme_id.empty()) programme_id = locked.programme_id;
    }
    auto site = tx.exec_params("SELECT facility_kind FROM sites WHERE site_id = $1", site_id);
    if (site.empty()) {
      return MakeError(ErrorCode::kNotFound, "site.not_found", "no site '" + site_id + "'");
    }
    const StoredProgramme* programme = catalogue.Find(programme_id);
    if (programme == nullptr) {
      return MakeError(ErrorCode::kNotFound, "subsidy.unknown_programme",
                       "no programme '" + programme_id + "'");
    }
    KAKUNIN_ASSIGN_OR_RETURN(auto kind, sub::FacilityKindFromSiteKind(site[0][0].c_str()));
    if (domain::FindTerms(programme->record.programme, kind) == nullptr) {
      return MakeError(ErrorCode::kFailedPrecondition, "subsidy.facility_not_eligible",
                       "programme " + programme_id + " does not cover a " +
                           std::string(site[0][0].c_str()) + " site");
    }
    KAKUNIN_RETURN_IF_ERROR(ValidateItems(in, catalogue));
    KAKUNIN_RETURN_IF_ERROR(CheckDevices(tx, in, site_id, who));
    // One live claim per site and programme: two requests at once must not both pass the check.
    tx.exec_params("SELECT pg_advisory_xact_lock(hashtext('kakunin_claims:' || $1))", site_id);
    auto other = tx.exec_params(
        "SELECT claim_id FROM subsidy_claims WHERE site_id = $1 AND programme_id = $2 AND "
        "state <> 'refused' AND claim_id <> $3",
        site_id, programme_id, claim_id);
    if (!other.empty()) {
      return MakeError(ErrorCode::kFailedPrecondition, "subsidy.claim_exists",
                       "site " + site_id + " already has claim " + other[0][0].c_str() + " under " +
                           programme_id);
    }
    if (created) {
      claim_id = "cl-" + RandomHex(8);
      tx.exec_params(
          "INSERT INTO subsidy_claims(claim_id, site_id, programme_id, state, created_by, "
          "updated_by) VALUES ($1, $2, $3, 'draft', $4, $4)",
          claim_id, site_id, programme_id, who.login);
    } else {
      tx.exec_params(
          "UPDATE subsidy_claims SET programme_id = $2, updated_at = now(), updated_by = $3 "
          "WHERE claim_id = $1",
          claim_id, programme_id, who.login);
      tx.exec_params("DELETE FROM subsidy_claim_items WHERE claim_id = $1", claim_id);
    }
    for (int i = 0; i < in.items_size(); ++i) {
      const auto& item = in.items(i);
      tx.exec_params(
          "INSERT INTO subsidy_claim_items(claim_id, position, category, amount_yen, device_id, "
          "description) VALUES ($1, $2, $3, $4, nullif($5, ''), $6)",
          claim_id, i, item.category(), item.amount_yen(), item.device_id(), item.description());
    }
    ordered_json details = {{"programme_id", programme_id}, {"items", ItemsJson(in)}};
    AppendAuditInTx(tx, {AuditEvent(created ? "subsidy.claim_created" : "subsidy.claim_updated",
                                    Actor(who), site_id, "", claim_id, details.dump())});
    KAKUNIN_ASSIGN_OR_RETURN(auto out, ReadOne(tx, claim_id, catalogue, who, today_()));
    tx.commit();
    return out;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<v1::Receipt> ClaimStore::UploadReceipt(const v1::Receipt& in, const UserInfo& who) {
  if (in.claim_id().empty()) return Invalid("subsidy.claim_incomplete", "claim_id is required");
  KAKUNIN_ASSIGN_OR_RETURN(const std::string kind, NormaliseReceiptKind(in.kind()));
  const std::string filename = BaseName(in.filename());
  if (filename.size() > kMaxFilenameBytes) {
    return Invalid("subsidy.text_too_long", "the file name is too long");
  }
  if (filename.empty() || filename == "." || filename == "..") {
    return Invalid("subsidy.bad_text", "the file needs a name");
  }
  KAKUNIN_RETURN_IF_ERROR(CheckText(filename, "the file name", false));
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    KAKUNIN_ASSIGN_OR_RETURN(auto locked, LockClaim(tx, in.claim_id()));
    if (!EditsSubsidySite(who, locked.site_id)) return Forbidden();
    if (locked.state != "draft") {
      return MakeError(ErrorCode::kFailedPrecondition, "subsidy.claim_not_editable",
                       "receipts are added to drafts only; this claim is " + locked.state);
    }
    const ByteView content(reinterpret_cast<const uint8_t*>(in.content().data()),
                           in.content().size());
    KAKUNIN_ASSIGN_OR_RETURN(auto file_kind,
                             sub::CheckReceiptFile(content, filename, max_receipt_bytes_));
    const std::string sha256 = sub::Sha256Hex(content);
    auto same = tx.exec_params(
        "SELECT receipt_id FROM subsidy_receipts WHERE claim_id = $1 AND sha256 = $2",
        in.claim_id(), sha256);
    std::string receipt_id;
    if (!same.empty()) {
      receipt_id = same[0][0].c_str();  // a repeated upload (retry): the stored one, no change
    } else {
      // Under the claim's row lock, so two uploads at once cannot both take the last room.
      auto held = tx.exec_params(
          "SELECT count(*), coalesce(sum(size), 0) FROM subsidy_receipts WHERE claim_id = $1",
          in.claim_id());
      const auto files = held[0][0].as<int64_t>();
      const auto bytes = held[0][1].as<int64_t>();
      if (files + 1 > limits_.files ||
          bytes + static_cast<int64_t>(content.size()) > limits_.bytes) {
        return MakeError(ErrorCode::kResourceExhausted, "subsidy.receipt_limit",
                         "a claim holds at most " + std::to_string(limits_.files) + " files and " +
                             std::to_string(limits_.bytes / (1024 * 1024)) + " MiB; it has " +
                             std::to_string(files) + " files, " + std::to_string(bytes) +
                             " bytes; delete one first");
      }
      receipt_id = "rc-" + RandomHex(8);
      std::vector<std::string> duplicate_of;
      for (const auto& r : tx.exec_params(
               "SELECT DISTINCT claim_id FROM subsidy_receipts WHERE sha256 = $1 AND claim_id <> "
               "$2 ORDER BY claim_id",
               sha256, in.claim_id())) {
        duplicate_of.push_back(r[0].c_str());
      }
      tx.exec_params(
          "INSERT INTO subsidy_receipts(receipt_id, claim_id, kind, filename, content_type, "
          "sha256, size, content, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
          receipt_id, in.claim_id(), kind, filename, std::string(ContentType(file_kind)), sha256,
          static_cast<int64_t>(content.size()), pqxx::binarystring(content.data(), content.size()),
          who.login);
      tx.exec_params(
          "UPDATE subsidy_claims SET updated_at = now(), updated_by = $2 WHERE claim_id = $1",
          in.claim_id(), who.login);
      ordered_json details = {
          {"receipt_id", receipt_id},    {"kind", kind},
          {"filename", filename},        {"content_type", ContentType(file_kind)},
          {"size", content.size()},      {"sha256", sha256},
          {"duplicate_of", duplicate_of}};
      AppendAuditInTx(tx, {AuditEvent("subsidy.receipt_uploaded", Actor(who), locked.site_id, "",
                                      in.claim_id(), details.dump())});
    }
    KAKUNIN_ASSIGN_OR_RETURN(auto catalogue, ReadProgrammeCatalogue(tx));
    KAKUNIN_ASSIGN_OR_RETURN(auto claim, ReadOne(tx, in.claim_id(), catalogue, who, today_()));
    tx.commit();
    for (const auto& r : claim.receipts()) {
      if (r.receipt_id() == receipt_id) return r;
    }
    return MakeError(ErrorCode::kInternal, "subsidy.receipt_lost", "stored receipt not read");
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<v1::Claim> ClaimStore::DeleteReceipt(const std::string& receipt_id, const UserInfo& who) {
  if (receipt_id.empty()) return Invalid("subsidy.receipt_id_required", "receipt_id is required");
  if (!ReceiptIdShaped(receipt_id)) return NoSuchReceipt(receipt_id);
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    auto found =
        tx.exec_params("SELECT claim_id FROM subsidy_receipts WHERE receipt_id = $1", receipt_id);
    if (found.empty()) return NoSuchReceipt(receipt_id);
    const std::string claim_id = found[0][0].c_str();
    KAKUNIN_ASSIGN_OR_RETURN(auto locked, LockClaim(tx, claim_id));
    if (!EditsSubsidySite(who, locked.site_id)) return Forbidden();
    if (locked.state != "draft") {
      return MakeError(ErrorCode::kFailedPrecondition, "subsidy.claim_not_editable",
                       "receipts are deleted from drafts only; this claim is " + locked.state);
    }
    // Read again under the claim's lock: a delete at the same moment may have taken it.
    auto gone = tx.exec_params(
        "DELETE FROM subsidy_receipts WHERE receipt_id = $1 AND claim_id = $2 "
        "RETURNING kind, filename, content_type, size, sha256",
        receipt_id, claim_id);
    if (gone.empty()) return NoSuchReceipt(receipt_id);
    tx.exec_params(
        "UPDATE subsidy_claims SET updated_at = now(), updated_by = $2 WHERE claim_id = $1",
        claim_id, who.login);
    const auto& row = gone[0];
    ordered_json details = {{"receipt_id", receipt_id},     {"kind", row[0].c_str()},
                            {"filename", row[1].c_str()},   {"content_type", row[2].c_str()},
                            {"size", row[3].as<int64_t>()}, {"sha256", row[4].c_str()}};
    AppendAuditInTx(tx, {AuditEvent("subsidy.receipt_deleted", Actor(who), locked.site_id, "",
                                    claim_id, details.dump())});
    KAKUNIN_ASSIGN_OR_RETURN(auto catalogue, ReadProgrammeCatalogue(tx));
    KAKUNIN_ASSIGN_OR_RETURN(auto claim, ReadOne(tx, claim_id, catalogue, who, today_()));
    tx.commit();
    return claim;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<v1::Claim> ClaimStore::ChangeState(const v1::ChangeClaimStateRequest& in,
                                          const UserInfo& who) {
  if (in.state() <= v1::CLAIM_STATE_UNSPECIFIED || in.state() > v1::CLAIM_STATE_REFUSED) {
    return Invalid("subsidy.bad_claim_state", "the target state is required");
  }
  const auto to = static_cast<ClaimState>(static_cast<int>(in.state()) - 1);
  const domain::Date today = today_();
  KAKUNIN_ASSIGN_OR_RETURN(const domain::Date effective_on,
                           EffectiveDate(in.effective_on(), today));
  if (in.note().size() > kMaxTextBytes) return Invalid("subsidy.text_too_long", "note too long");
  KAKUNIN_RETURN_IF_ERROR(CheckText(in.note(), "the note", true));
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    KAKUNIN_ASSIGN_OR_RETURN(auto catalogue, ReadProgrammeCatalogue(tx));
    KAKUNIN_ASSIGN_OR_RETURN(auto locked, LockClaim(tx, in.claim_id()));
    if (!EditsSubsidySite(who, locked.site_id)) return Forbidden();
    KAKUNIN_ASSIGN_OR_RETURN(const ClaimState from, ParseClaimState(locked.state));
    KAKUNIN_RETURN_IF_ERROR(CheckTransition(from, to, who.role == Role::kHqAdmin));
    KAKUNIN_ASSIGN_OR_RETURN(auto current, ReadOne(tx, in.claim_id(), catalogue, who, today));
    const StoredProgramme* programme = catalogue.Find(locked.programme_id);
    if (programme == nullptr) {
      return MakeError(ErrorCode::kInternal, "subsidy.unknown_programme", locked.programme_id);
    }
    int64_t amount = current.computed_amount_yen();
    std::string via;
    switch (to) {
      case ClaimState::kReady: {
        ClaimContents contents;
        contents.item_count = static_cast<size_t>(current.items_size());
        contents.paid_yen = amount;
        for (const auto& r : current.receipts()) contents.receipt_kinds.push_back(r.kind());
        contents.required_documents = programme->record.programme.required_documents;
        auto missing = MissingForReady(contents);
        if (!missing.empty()) {
          std::string list;
          for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
          return MakeError(ErrorCode::kFailedPrecondition, "subsidy.claim_incomplete",
                           "not ready: " + list);
        }
        // The order of leaving draft decides which sibling claim keeps an exclusive category.
        tx.exec_params(
            "UPDATE subsidy_claims SET commit_seq = nextval('subsidy_claim_commit_seq') "
            "WHERE claim_id = $1",
            in.claim_id());
        break;
      }
      case ClaimState::kDraft:
        tx.exec_params("UPDATE subsidy_claims SET commit_seq = NULL WHERE claim_id = $1",
                       in.claim_id());
        break;
      case ClaimState::kSubmitted:
        via = in.submitted_via();
        if (via != "portal" && via != "post") {
          return Invalid("subsidy.bad_submission_route", "submitted_via must be portal or post");
        }
        KAKUNIN_RETURN_IF_ERROR(CheckFilingDate(effective_on, programme->record.programme, today));
        tx.exec_params(
            "UPDATE subsidy_claims SET submitted_via = $2, submitted_on = $3::date WHERE "
            "claim_id = $1",
            in.claim_id(), via, domain::FormatIso(effective_on));
        break;
      case ClaimState::kGranted:
      case ClaimState::kRefused: {
        KAKUNIN_ASSIGN_OR_RETURN(auto filed, domain::ParseIsoDate(locked.submitted_on));
        KAKUNIN_RETURN_IF_ERROR(CheckDecisionDate(effective_on, filed, today));
        if (to == ClaimState::kGranted) {
          if (in.granted_amount_yen() != 0) amount = in.granted_amount_yen();
          if (amount < 0 || amount > current.max_payable_yen()) {
            return Invalid("subsidy.bad_granted_amount",
                           "granted amount " + std::to_string(amount) + " is outside 0.." +
                               std::to_string(current.max_payable_yen()));
          }
        } else {
          amount = 0;
        }
        tx.exec_params(
            "UPDATE subsidy_claims SET decided_on = $2::date, granted_amount_yen = "
            "CASE WHEN $3 THEN $4::bigint END WHERE claim_id = $1",
            in.claim_id(), domain::FormatIso(effective_on), to == ClaimState::kGranted, amount);
        break;
      }
    }
    const std::string from_id(ClaimStateId(from)), to_id(ClaimStateId(to));
    tx.exec_params(
        "UPDATE subsidy_claims SET state = $2, updated_at = now(), updated_by = $3 "
        "WHERE claim_id = $1",
        in.claim_id(), to_id, who.login);
    tx.exec_params(
        "INSERT INTO subsidy_claim_history(claim_id, seq, from_state, to_state, by_user, "
        "submitted_via, effective_on, amount_yen, note) SELECT $1, coalesce(max(seq), 0) + 1, "
        "$2, $3, $4, $5, $6::date, $7, $8 FROM subsidy_claim_history WHERE claim_id = $1",
        in.claim_id(), from_id, to_id, who.login, via, domain::FormatIso(effective_on), amount,
        in.note());
    ordered_json details = {{"from", from_id},
                            {"to", to_id},
                            {"effective_on", domain::FormatIso(effective_on)},
                            {"submitted_via", via},
                            {"amount_yen", amount},
                            {"note", in.note()}};
    AppendAuditInTx(tx, {AuditEvent("subsidy.claim_state_changed", Actor(who), locked.site_id, "",
                                    in.claim_id(), details.dump())});
    KAKUNIN_ASSIGN_OR_RETURN(auto out, ReadOne(tx, in.claim_id(), catalogue, who, today));
    tx.commit();
    return out;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<std::vector<v1::Deadline>> ClaimStore::Deadlines(const std::string& site_id,
                                                        const UserInfo& who) {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    ReadTx tx(*conn);
    KAKUNIN_ASSIGN_OR_RETURN(auto sites, ScopeSites(tx, site_id, who));
    KAKUNIN_ASSIGN_OR_RETURN(auto catalogue, ReadProgrammeCatalogue(tx));
    return ReadDeadlines(tx, sites, catalogue, who, today_(), warning_days_);
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

}  // namespace kakunin::server
