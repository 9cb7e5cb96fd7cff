#include "server/subsidy/programme_store.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "common/subsidy/receipt_file.h"
#include "server/audit/audit_store.h"
#include "server/storage/pg_text.h"
#include "server/storage/read_tx.h"

namespace kakunin::server {
namespace {

using nlohmann::ordered_json;
namespace sub = kakunin::subsidy;

constexpr char kAuditFileActor[] = "system:programme-file";

ByteView View(std::string_view s) {
  return ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

// NULL for an opening day the source does not state (the parser's kOpeningNotStated).
std::string OpensText(const domain::Programme& p) {
  return p.opens == sub::kOpeningNotStated ? "" : domain::FormatIso(p.opens);
}

// One programme object in the file's canonical form (key order and indent of ProgrammesToJson).
std::string ProgrammeObjectJson(const std::vector<sub::CategoryInfo>& categories,
                                const sub::ProgrammeRecord& record) {
  const std::string file = sub::ProgrammesToJson(sub::ProgrammeFile{categories, {record}});
  return ordered_json::parse(file)["programmes"][0].dump(2);
}

// A programme file around stored programme objects, for the strict parser.
Result<sub::ProgrammeFile> ParseStored(const std::vector<sub::CategoryInfo>& categories,
                                       const std::vector<std::string>& programme_objects) {
  ordered_json file;
  file["format"] = sub::kProgrammeFileFormat;
  file["format_version"] = sub::kProgrammeFileVersion;
  file["categories"] = ordered_json::array();
  for (const auto& c : categories) {
    file["categories"].push_back({{"id", c.id}, {"name_ja", c.name_ja}, {"name_en", c.name_en}});
  }
  file["programmes"] = ordered_json::array();
  try {
    for (const auto& object : programme_objects) {
      KAKUNIN_RETURN_IF_ERROR(sub::CheckProgrammeObjectText(object));
      file["programmes"].push_back(ordered_json::parse(object));
    }
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kInvalidArgument, "subsidy.bad_programme",
                     std::string("data_json is not JSON: ") + e.what());
  }
  return sub::ParseProgrammeFile(file.dump());
}

void WriteProgramme(pqxx::work& tx, const sub::ProgrammeRecord& r, const std::string& data_json,
                    const std::string& origin, const std::string& file_sha256,
                    const std::string& actor) {
  const domain::Programme& p = r.programme;
  tx.exec_params(
      "INSERT INTO subsidy_programmes(programme_id, name_ja, name_en, legal_basis, opens, "
      "deadline, data_json, origin, file_sha256, updated_by) VALUES ($1, $2, $3, $4, "
      "nullif($5, '')::date, $6::date, $7, $8, $9, $10) ON CONFLICT (programme_id) DO UPDATE SET "
      "name_ja = EXCLUDED.name_ja, name_en = EXCLUDED.name_en, legal_basis = "
      "EXCLUDED.legal_basis, opens = EXCLUDED.opens, deadline = EXCLUDED.deadline, data_json = "
      "EXCLUDED.data_json, origin = EXCLUDED.origin, file_sha256 = EXCLUDED.file_sha256, "
      "updated_at = now(), updated_by = EXCLUDED.updated_by",
      p.id, p.name_ja, p.name_en, p.legal_basis, OpensText(p), domain::FormatIso(p.deadline),
      data_json, origin, file_sha256, actor);
}

Result<std::vector<sub::CategoryInfo>> ReadCategories(pqxx::transaction_base& tx) {
  std::vector<sub::CategoryInfo> out;
  for (const auto& r :
       tx.exec("SELECT category_id, name_ja, name_en FROM subsidy_categories ORDER BY category_id"))
    out.push_back({r[0].c_str(), r[1].c_str(), r[2].c_str()});
  return out;
}

}  // namespace

const StoredProgramme* ProgrammeCatalogue::Find(std::string_view programme_id) const {
  for (const auto& p : programmes) {
    if (p.record.programme.id == programme_id) return &p;
  }
  return nullptr;
}

Result<ProgrammeCatalogue> ReadProgrammeCatalogue(pqxx::transaction_base& tx) {
  ProgrammeCatalogue out;
  KAKUNIN_ASSIGN_OR_RETURN(out.categories, ReadCategories(tx));
  auto rows = tx.exec(
      "SELECT programme_id, data_json, origin, updated_by, "
      "(extract(epoch FROM updated_at) * 1000000)::bigint AS at_us FROM subsidy_programmes "
      "ORDER BY deadline, programme_id");
  if (rows.empty()) return out;  // no programme file was ever applied
  std::vector<std::string> objects;
  for (const auto& r : rows) objects.push_back(r["data_json"].c_str());
  auto parsed = ParseStored(out.categories, objects);
  if (!parsed.ok()) {
    // Rows are written only after the same parse succeeded: this is a broken invariant.
    return MakeError(ErrorCode::kDataLoss, "subsidy.stored_programme_unreadable",
                     parsed.error().ToString());
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    StoredProgramme p;
    p.record = std::move(parsed->programmes[i]);
    p.data_json = std::move(objects[i]);
    p.origin = rows[i]["origin"].c_str();
    p.updated_by = rows[i]["updated_by"].c_str();
    p.updated_at_us = rows[i]["at_us"].as<int64_t>();
    out.programmes.push_back(std::move(p));
  }
  return out;
}

Result<ProgrammeFileReport> ProgrammeStore::ApplyFile(const std::string& path,
                                                      std::string_view content) {
  KAKUNIN_ASSIGN_OR_RETURN(auto file, sub::ParseProgrammeFile(content));
  ProgrammeFileReport report;
  report.sha256 = sub::Sha256Hex(View(content));
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    // Replicas start together: one applies, the others then see the file as applied.
    tx.exec("SELECT pg_advisory_xact_lock(hashtext('kakunin_subsidy_programmes'))");
    if (!tx.exec_params("SELECT 1 FROM subsidy_programme_files WHERE file_sha256 = $1",
                        report.sha256)
             .empty()) {
      report.already_applied = true;
      return report;
    }
    for (const auto& c : file.categories) {
      tx.exec_params(
          "INSERT INTO subsidy_categories(category_id, name_ja, name_en) VALUES ($1, $2, $3) "
          "ON CONFLICT (category_id) DO UPDATE SET name_ja = EXCLUDED.name_ja, "
          "name_en = EXCLUDED.name_en",
          c.id, c.name_ja, c.name_en);
    }
    std::map<std::string, std::pair<std::string, std::string>> existing;  // id → origin, json
    for (const auto& r : tx.exec("SELECT programme_id, origin, data_json FROM subsidy_programmes"))
      existing[r[0].c_str()] = {r[1].c_str(), r[2].c_str()};
    for (const auto& record : file.programmes) {
      const std::string& id = record.programme.id;
      const std::string object = ProgrammeObjectJson(file.categories, record);
      auto it = existing.find(id);
      if (it != existing.end() && it->second.first == "console") {
        report.kept_console_edits.push_back(id);
        continue;
      }
      if (it != existing.end() && it->second.second == object) {
        report.unchanged.push_back(id);
        tx.exec_params("UPDATE subsidy_programmes SET file_sha256 = $2 WHERE programme_id = $1", id,
                       report.sha256);
        continue;
      }
      (it == existing.end() ? report.added : report.updated).push_back(id);
      WriteProgramme(tx, record, object, "file", report.sha256, kAuditFileActor);
    }
    tx.exec_params(
        "INSERT INTO subsidy_programme_files(file_sha256, path, programmes) VALUES ($1, $2, $3)",
        report.sha256, path, static_cast<int>(file.programmes.size()));
    ordered_json details = {{"path", path},
                            {"sha256", report.sha256},
                            {"added", report.added},
                            {"updated", report.updated},
                            {"kept_console_edits", report.kept_console_edits}};
    AppendAuditInTx(tx, {AuditEvent("subsidy.programmes_loaded", kAuditFileActor, "", "",
                                    report.sha256, details.dump())});
    tx.commit();
    return report;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<ProgrammeCatalogue> ProgrammeStore::Catalogue() {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    ReadTx tx(*conn);
    return ReadProgrammeCatalogue(tx);
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<StoredProgramme> ProgrammeStore::Upsert(const std::string& programme_id,
                                               const std::string& data_json,
                                               const std::string& actor) {
  if (data_json.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "subsidy.bad_programme",
                     "data_json is required: one programme object as in programmes.json");
  }
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    tx.exec("SELECT pg_advisory_xact_lock(hashtext('kakunin_subsidy_programmes'))");
    KAKUNIN_ASSIGN_OR_RETURN(auto categories, ReadCategories(tx));
    KAKUNIN_ASSIGN_OR_RETURN(auto parsed, ParseStored(categories, {data_json}));
    const sub::ProgrammeRecord& record = parsed.programmes.front();
    const std::string& id = record.programme.id;
    if (!programme_id.empty() && programme_id != id) {
      return MakeError(ErrorCode::kInvalidArgument, "subsidy.program_id_mismatch",
                       "program_id '" + programme_id + "' but data_json has id '" + id + "'");
    }
    auto before =
        tx.exec_params("SELECT data_json FROM subsidy_programmes WHERE programme_id = $1", id);
    const std::string object = ProgrammeObjectJson(categories, record);
    WriteProgramme(tx, record, object, "console", "", actor);
    ordered_json details = {
        {"created", before.empty()},
        {"before_sha256", before.empty() ? "" : sub::Sha256Hex(View(before[0][0].c_str()))},
        {"after_sha256", sub::Sha256Hex(View(object))},
        {"data", ordered_json::parse(object)}};
    AppendAuditInTx(tx, {AuditEvent("subsidy.programme_saved", actor, "", "", id, details.dump())});
    KAKUNIN_ASSIGN_OR_RETURN(auto catalogue, ReadProgrammeCatalogue(tx));
    tx.commit();
    const StoredProgramme* saved = catalogue.Find(id);
    if (saved == nullptr) {
      return MakeError(ErrorCode::kInternal, "subsidy.programme_lost", "saved programme not read");
    }
    return *saved;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Status ApplyProgrammeFileAtStart(ProgrammeStore& store, const std::string& path, bool required) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (required) {
      return MakeError(ErrorCode::kInvalidArgument, "subsidy.programme_file_unreadable",
                       "cannot read programme file " + path);
    }
    spdlog::warn("no programme file at {}: subsidy programmes stay as stored (use --programmes)",
                 path.empty() ? "(unknown)" : path);
    return OkStatus();
  }
  std::string content(sub::kMaxProgrammeFileBytes + 1, '\0');
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  content.resize(static_cast<size_t>(in.gcount()));
  if (content.size() > sub::kMaxProgrammeFileBytes) {
    return MakeError(ErrorCode::kInvalidArgument, "subsidy.bad_programme_file",
                     path + " is too large to be a programme file");
  }
  auto report = store.ApplyFile(path, content);
  if (!report.ok()) {
    return MakeError(report.error().code(), report.error().reason(),
                     path + ": " + report.error().message());
  }
  if (report->already_applied) {
    spdlog::info("subsidy programmes: {} already applied (sha256 {})", path, report->sha256);
    return OkStatus();
  }
  spdlog::info("subsidy programmes applied from {}: {} added, {} updated, {} unchanged", path,
               report->added.size(), report->updated.size(), report->unchanged.size());
  for (const auto& id : report->kept_console_edits) {
    spdlog::warn(
        "subsidy programme {} was edited in the console; the file's version is not applied", id);
  }
  return OkStatus();
}

std::string DefaultProgrammeFilePath() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  return (exe.parent_path().parent_path() / "share" / "kakunin" / "programmes.json").string();
}

}  // namespace kakunin::server
