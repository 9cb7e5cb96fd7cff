// FleetStore: a terminal's own eligibility route (issue 14).
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "server/audit/audit_store.h"
#include "server/rpc/event_hub.h"
#include "server/storage/fleet_store.h"
#include "server/storage/pg_text.h"
#include "server/storage/read_tx.h"
#include "server/storage/route_rules.h"

namespace kakunin::server {

Result<v1::Device> FleetStore::SetDeviceRoute(const std::string& device_id,
                                              const v1::RouteSettings& route,
                                              const std::string& actor) {
  KAKUNIN_RETURN_IF_ERROR(ValidateRouteSettings(route, true));
  const std::string json = RouteToJson(route);
  std::string site_id;
  {
    KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
    try {
      pqxx::work tx(*conn);
      auto r = tx.exec_params(
          "UPDATE devices SET route_settings = $2::jsonb WHERE device_id = $1 RETURNING site_id",
          device_id, json);
      if (r.empty()) {
        return MakeError(ErrorCode::kNotFound, "device.unknown", "unknown device " + device_id);
      }
      site_id = r[0][0].c_str();
      // Every replica hears it at commit and sends the terminal its new settings.
      tx.exec_params("SELECT pg_notify($1, $2)", std::string(kDevicesChannel), device_id);
      AppendAuditInTx(tx,
                      {AuditEvent("device.route_set", actor, site_id, device_id, device_id, json)});
      tx.commit();
    } catch (const std::exception& e) {
      return DbError(e);
    }
  }
  KAKUNIN_ASSIGN_OR_RETURN(auto devices, ListDevices(site_id));
  for (auto& d : devices) {
    if (d.device_id() == device_id) return d;
  }
  return MakeError(ErrorCode::kNotFound, "device.unknown", "unknown device " + device_id);
}

Result<v1::RouteSettings> FleetStore::DeviceRoute(const std::string& device_id) {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    ReadTx tx(*conn);
    auto r =
        tx.exec_params("SELECT route_settings::text FROM devices WHERE device_id = $1", device_id);
    if (r.empty()) {
      return MakeError(ErrorCode::kNotFound, "device.unknown", "unknown device " + device_id);
    }
    v1::RouteSettings route;
    RouteFromJson(r[0][0].c_str(), &route);
    return route;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

}  // namespace kakunin::server
