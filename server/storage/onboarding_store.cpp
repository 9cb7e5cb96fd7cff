#include "server/storage/onboarding_store.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "common/domain/onboarding.h"
#include "common/domain/region.h"
#include "common/site/onboarding_fields.h"
#include "common/subsidy/facility_kind.h"
#include "common/subsidy/transitional.h"
#include "server/audit/audit_store.h"
#include "server/storage/pg_text.h"
#include "server/storage/read_tx.h"
#include "server/subsidy/programme_store.h"

namespace kakunin::server {
namespace {

using domain::kOnboardingStageCount;

// What HQ recorded for one stage, as stored.
struct StoredStage {
  std::string planned, done, owner, note, updated_by;
  int64_t updated_at = 0;  // Unix seconds; 0 = never recorded
  bool operator==(const StoredStage& o) const {
    return planned == o.planned && done == o.done && owner == o.owner && note == o.note;
  }
};
using StoredStages = std::array<StoredStage, kOnboardingStageCount>;

constexpr char kSelectStages[] =
    "SELECT site_id, stage, COALESCE(to_char(planned_on, 'YYYY-MM-DD'), ''), "
    "COALESCE(to_char(done_on, 'YYYY-MM-DD'), ''), owner, note, updated_by, "
    "extract(epoch FROM updated_at)::bigint FROM onboarding_stages";

void ReadStageRows(const pqxx::result& rows, std::map<std::string, StoredStages>& out) {
  for (const auto& r : rows) {
    auto stage = domain::OnboardingStageFromId(r[1].as<std::string>());
    if (!stage) continue;  // the table's CHECK keeps this from happening
    StoredStage& s = out[r[0].as<std::string>()][domain::StageIndex(*stage)];
    s = {r[2].as<std::string>(), r[3].as<std::string>(), r[4].as<std::string>(),
         r[5].as<std::string>(), r[6].as<std::string>(), r[7].as<int64_t>()};
  }
}

std::optional<domain::Date> OptionalDate(const std::string& iso) {
  if (iso.empty()) return std::nullopt;
  auto d = domain::ParseIsoDate(iso);
  return d.ok() ? std::optional<domain::Date>(*d) : std::nullopt;
}

std::string IsoOrEmpty(const std::optional<domain::Date>& d) {
  return d ? domain::FormatIso(*d) : "";
}

// What the rules know about the site: its kind and measure as stored. A record the subsidy
// mapping cannot read (written before its rules existed) is judged by its kind alone.
std::optional<domain::Site> DomainSite(const v1::Site& s) {
  auto site = subsidy::SiteFromRecord(s.facility_kind(), static_cast<int>(s.transitional()),
                                      s.transitional_event_date());
  if (site.ok()) return *site;
  auto kind = subsidy::FacilityKindFromSiteKind(s.facility_kind());
  if (!kind.ok()) return std::nullopt;
  return domain::Site{*kind, std::nullopt};
}

v1::OnboardingSite Judge(const v1::Site& site, const StoredStages& stored,
                         const std::vector<domain::Programme>& programmes,
                         const std::string& claimed_programme, const domain::Date& today) {
  v1::OnboardingSite out;
  out.set_site_id(site.site_id());
  out.set_name(site.name());
  out.set_prefecture(site.prefecture());
  if (auto region = domain::RegionOfPrefecture(site.prefecture())) {
    out.set_region(std::string(domain::RegionId(*region)));
  }
  out.set_facility_kind(site.facility_kind());
  out.set_transitional(site.transitional());

  domain::OnboardingRules rules;
  if (auto ds = DomainSite(site)) {
    const domain::Programme* programme =
        domain::ClaimProgrammeFor(programmes, ds->kind, today, claimed_programme);
    rules = domain::OnboardingRulesFor(*ds, programme);
  }
  out.set_program_id(rules.programme_id);
  out.set_measure_end_unknown(rules.measure_end_unknown);

  std::array<domain::StageRecord, kOnboardingStageCount> records{};
  for (int i = 0; i < kOnboardingStageCount; ++i) {
    records[i] = {OptionalDate(stored[i].planned), OptionalDate(stored[i].done)};
  }
  const domain::OnboardingStatus status = domain::OnboardingStatusOn(records, rules, today);
  for (int i = 0; i < kOnboardingStageCount; ++i) {
    const StoredStage& rec = stored[i];
    const domain::StageStatus& st = status.stages[i];
    auto* s = out.add_stages();
    s->set_stage(std::string(domain::OnboardingStageId(domain::kOnboardingStages[i])));
    s->set_planned(rec.planned);
    s->set_done(rec.done);
    s->set_owner(rec.owner);
    s->set_note(rec.note);
    s->set_deadline(IsoOrEmpty(st.rule.date));
    s->set_deadline_basis(std::string(domain::DeadlineBasisId(st.rule.basis)));
    s->set_due(IsoOrEmpty(st.due));
    s->set_state(std::string(domain::StageStateId(st.state)));
    s->set_days_left(st.days_left.value_or(0));
    s->set_done_late(st.done_late);
    s->set_planned_after_deadline(st.planned_after_deadline);
    s->set_updated_by(rec.updated_by);
    if (rec.updated_at != 0) {
      *s->mutable_updated_at() =
          google::protobuf::util::TimeUtil::SecondsToTimestamp(rec.updated_at);
    }
  }
  if (status.next) out.set_next_stage(std::string(domain::OnboardingStageId(*status.next)));
  out.set_overdue(status.overdue);
  out.set_done(status.done);
  return out;
}

// The programmes as data, and the programme each site already claims under (its newest claim
// that was not refused).
struct RuleData {
  std::vector<domain::Programme> programmes;
  std::map<std::string, std::string> claimed;  // site id → programme id
};

Result<RuleData> ReadRuleData(pqxx::transaction_base& tx) {
  RuleData out;
  KAKUNIN_ASSIGN_OR_RETURN(auto catalogue, ReadProgrammeCatalogue(tx));
  for (const auto& p : catalogue.programmes) out.programmes.push_back(p.record.programme);
  for (const auto& r :
       tx.exec("SELECT DISTINCT ON (site_id) site_id, programme_id FROM subsidy_claims WHERE state "
               "<> 'refused' ORDER BY site_id, created_at DESC, claim_id")) {
    out.claimed[r[0].as<std::string>()] = r[1].as<std::string>();
  }
  return out;
}

bool SeesSite(const UserInfo& who, const std::string& site_id) {
  if (who.role == Role::kHqAdmin || who.role == Role::kAuditor) return true;
  return std::find(who.site_ids.begin(), who.site_ids.end(), site_id) != who.site_ids.end();
}

Error Refusal(ErrorCode code, const std::string& reason) {
  return MakeError(code, reason, site::OnboardingProblemMessage(reason));
}

nlohmann::json StageJson(const StoredStage& s) {
  return {{"planned", s.planned}, {"done", s.done}, {"owner", s.owner}, {"note", s.note}};
}

}  // namespace

Result<v1::ListOnboardingResponse> OnboardingStore::List(const v1::ListOnboardingRequest& req,
                                                         const UserInfo& who) {
  if (!req.prefecture().empty() && !domain::RegionOfPrefecture(req.prefecture())) {
    return MakeError(ErrorCode::kInvalidArgument, "onboarding.bad_prefecture",
                     "都道府県は 01〜47 の2桁の番号で指定してください。");
  }
  if (!req.region().empty() && !domain::RegionFromId(req.region())) {
    return MakeError(ErrorCode::kInvalidArgument, "onboarding.bad_region", "地方が分かりません。");
  }
  if (!req.stage().empty() && !domain::OnboardingStageFromId(req.stage())) {
    return Refusal(ErrorCode::kInvalidArgument, "onboarding.bad_stage");
  }
  KAKUNIN_ASSIGN_OR_RETURN(auto sites, sites_->ListSites());
  const domain::Date today = today_();
  std::map<std::string, StoredStages> stored;
  RuleData rules;
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    ReadTx tx(*conn);
    ReadStageRows(tx.exec(kSelectStages), stored);
    KAKUNIN_ASSIGN_OR_RETURN(rules, ReadRuleData(tx));
  } catch (const std::exception& e) {
    return DbError(e);
  }

  std::stable_sort(sites.begin(), sites.end(), [](const v1::Site& a, const v1::Site& b) {
    return a.prefecture() < b.prefecture();  // ListSites gives them by id already
  });
  v1::ListOnboardingResponse resp;
  resp.set_today(domain::FormatIso(today));
  uint32_t visible = 0;
  static const StoredStages kNothing{};
  for (const auto& s : sites) {
    if (!SeesSite(who, s.site_id())) continue;
    ++visible;
    if (!req.prefecture().empty() && s.prefecture() != req.prefecture()) continue;
    auto found = stored.find(s.site_id());
    auto claimed = rules.claimed.find(s.site_id());
    v1::OnboardingSite row =
        Judge(s, found == stored.end() ? kNothing : found->second, rules.programmes,
              claimed == rules.claimed.end() ? "" : claimed->second, today);
    if (!req.region().empty() && row.region() != req.region()) continue;
    if (!req.stage().empty() && row.next_stage() != req.stage()) continue;
    if (req.overdue_only() && row.overdue() == 0) continue;
    *resp.add_sites() = std::move(row);
  }
  resp.set_sites_total(visible);
  return resp;
}

Result<v1::OnboardingSite> OnboardingStore::Update(const v1::UpdateOnboardingStageRequest& req,
                                                   const std::string& actor) {
  const domain::Date today = today_();
  const auto problems = site::CheckOnboardingStage(
      {req.stage(), req.planned(), req.done(), req.owner(), req.note()}, today);
  if (!problems.empty()) {
    // Every field's sentence, so one refusal tells the whole story; the first names the reason.
    std::string message;
    for (const auto& p : problems) {
      if (!message.empty()) message += " ";
      message += site::OnboardingProblemMessage(p.reason);
    }
    return MakeError(ErrorCode::kInvalidArgument, problems.front().reason, message);
  }
  const auto stage = *domain::OnboardingStageFromId(req.stage());
  const StoredStage wanted{req.planned(), req.done(), req.owner(), req.note(), "", 0};

  auto site = sites_->GetSite(req.site_id());
  if (!site.ok()) {
    if (site.error().code() == ErrorCode::kNotFound) {
      return Refusal(ErrorCode::kNotFound, "onboarding.site_not_found");
    }
    return site.error();
  }
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    // The site row is locked so a concurrent change of its measure cannot interleave.
    if (tx.exec_params("SELECT 1 FROM sites WHERE site_id = $1 FOR SHARE", req.site_id()).empty()) {
      return Refusal(ErrorCode::kNotFound, "onboarding.site_not_found");
    }
    std::map<std::string, StoredStages> stored;
    ReadStageRows(tx.exec_params(std::string(kSelectStages) + " WHERE site_id = $1 FOR UPDATE",
                                 req.site_id()),
                  stored);
    StoredStages& stages = stored[req.site_id()];
    StoredStage& current = stages[domain::StageIndex(stage)];
    if (!(current == wanted)) {
      auto saved = tx.exec_params(
          "INSERT INTO onboarding_stages(site_id, stage, planned_on, done_on, owner, note, "
          "updated_by) VALUES ($1, $2, NULLIF($3, '')::date, NULLIF($4, '')::date, $5, $6, $7) "
          "ON CONFLICT (site_id, stage) DO UPDATE SET planned_on = EXCLUDED.planned_on, "
          "done_on = EXCLUDED.done_on, owner = EXCLUDED.owner, note = EXCLUDED.note, "
          "updated_by = EXCLUDED.updated_by, updated_at = now() "
          "RETURNING extract(epoch FROM updated_at)::bigint",
          req.site_id(), req.stage(), req.planned(), req.done(), req.owner(), req.note(), actor);
      nlohmann::json details = StageJson(wanted);
      details["stage"] = req.stage();
      details["previous"] = StageJson(current);
      AppendAuditInTx(tx, {AuditEvent("onboarding.stage_saved", actor, req.site_id(), "",
                                      req.site_id() + "/" + req.stage(), details.dump())});
      current = wanted;
      current.updated_by = actor;
      current.updated_at = saved[0][0].as<int64_t>();
    }
    KAKUNIN_ASSIGN_OR_RETURN(auto rules, ReadRuleData(tx));
    tx.commit();
    auto claimed = rules.claimed.find(req.site_id());
    return Judge(*site, stages, rules.programmes,
                 claimed == rules.claimed.end() ? "" : claimed->second, today);
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

}  // namespace kakunin::server
