#include "server/storage/site_import_store.h"

#include <google/protobuf/util/json_util.h>

#include <map>
#include <pqxx/pqxx>

#include "common/site/site_import.h"
#include "server/audit/audit_store.h"
#include "server/storage/pg_text.h"

namespace kakunin::server {
namespace {

// The stored site updated with what the file says; a new site starts from the defaults.
v1::Site Merge(const site::ImportedSite& in, const v1::Site* existing) {
  v1::Site s = existing ? *existing : v1::Site();
  const auto& f = in.fields;
  s.set_site_id(f.site_id);
  s.set_name(f.name);
  s.set_institution_code(f.institution_code);
  s.set_prefecture(in.prefecture);
  s.set_facility_kind(f.facility_kind);
  s.set_transitional(static_cast<v1::TransitionalCategory>(f.measure_category));
  s.set_transitional_event_date(f.measure_event_date);
  s.set_code_override_reason(f.code_override_reason);
  s.set_phone(f.phone);
  s.set_email(f.email);
  s.set_address(in.address);
  s.set_opening_hours(in.opening_hours);
  return s;
}

void AddRowError(v1::ImportSiteRow* row, std::string_view column, const std::string& reason,
                 const std::string& message) {
  auto* e = row->add_errors();
  e->set_column(std::string(column));
  e->set_reason(reason);
  e->set_message(message);
}

}  // namespace

Result<v1::ImportSitesResponse> SiteImporter::Import(std::string_view csv,
                                                     const SiteImportOptions& options) {
  v1::ImportSitesResponse resp;
  auto plan = site::ParseSiteImport(csv);
  if (!plan.ok()) {
    resp.set_file_error_reason(plan.error().reason());
    resp.set_file_error_message(plan.error().message());
    return resp;
  }
  resp.set_encoding(std::string(text::SourceEncodingId(plan->encoding)));
  for (auto c : plan->columns) resp.add_columns(std::string(site::ImportColumnId(c)));

  KAKUNIN_ASSIGN_OR_RETURN(auto existing, store_->ListSites());
  std::map<std::string, const v1::Site*> by_id, by_code;
  for (const auto& s : existing) {
    by_id[s.site_id()] = &s;
    if (!s.institution_code().empty()) by_code[s.institution_code()] = &s;
  }

  std::vector<v1::Site> to_save;
  int error_rows = 0;
  for (const auto& row : plan->rows) {
    auto* out = resp.add_rows();
    out->set_row(row.row);
    for (auto c : plan->columns) out->add_cells(row.cell(c));
    const auto& f = row.site.fields;
    out->set_site_id(f.site_id);
    auto same_id = by_id.find(f.site_id);
    out->set_exists(same_id != by_id.end());
    for (const auto& e : row.errors) {
      AddRowError(out, e.column ? site::ImportColumnId(*e.column) : "", e.reason, e.message);
    }
    if (row.ok()) {
      // The code belongs to another store already: importing would register it twice.
      if (auto other = by_code.find(f.institution_code);
          other != by_code.end() && other->second->site_id() != f.site_id) {
        AddRowError(out, site::ImportColumnId(site::ImportColumn::kInstitutionCode),
                    "import.code_in_use",
                    site::ImportProblemMessage("import.code_in_use", -1, other->second->site_id()));
      }
    }
    v1::Site merged = Merge(row.site, same_id == by_id.end() ? nullptr : same_id->second);
    if (out->errors_size() == 0) {
      // The server's own checks (field bounds, route) as UpsertSite runs them.
      if (auto s = ValidateSite(merged); !s.ok()) {
        AddRowError(out, "", s.error().reason(), site::ImportProblemMessage(s.error().reason()));
      }
    }
    if (out->errors_size() > 0) {
      ++error_rows;
    } else {
      to_save.push_back(std::move(merged));
    }
  }
  resp.set_error_rows(error_rows);
  if (options.dry_run || to_save.empty() || (error_rows > 0 && !options.clean_rows_only)) {
    return resp;
  }

  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    std::vector<audit::Record> events;
    for (const auto& s : to_save) {
      std::string settings;
      (void)google::protobuf::util::MessageToJsonString(s, &settings);
      tx.exec_params(
          "INSERT INTO sites(site_id, name, institution_code, prefecture, facility_kind, "
          "settings) VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT (site_id) DO UPDATE SET "
          "name = EXCLUDED.name, institution_code = EXCLUDED.institution_code, prefecture = "
          "EXCLUDED.prefecture, facility_kind = EXCLUDED.facility_kind, settings = "
          "EXCLUDED.settings",
          s.site_id(), s.name(), s.institution_code(), s.prefecture(), s.facility_kind(), settings);
      events.push_back(
          AuditEvent("site.imported", options.actor, s.site_id(), "", s.site_id(), settings));
      // An updated site's terminals get their settings at once, as after UpsertSite.
      tx.exec_params(
          "SELECT pg_notify('kakunin_devices', device_id) FROM devices WHERE site_id = $1 AND "
          "status = 'active'",
          s.site_id());
    }
    AppendAuditInTx(tx, std::move(events));
    tx.commit();
  } catch (const std::exception& e) {
    return DbError(e);
  }
  resp.set_saved(static_cast<int>(to_save.size()));
  return resp;
}

}  // namespace kakunin::server
