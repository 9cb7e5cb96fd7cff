#include "server/ingest/ack_sql.h"

namespace kakunin::server {

std::string AckCtes(const std::string& ids, const std::string& own_inserts) {
  const std::string window = std::to_string(kAckWindow);
  // The next sequence stored, or inserted by this statement: only then is anything above read.
  std::string next_stored =
      "EXISTS (SELECT 1 FROM check_results e WHERE e.device_id = d.device_id AND e.sequence = "
      "d.a + 1)";
  std::string own;
  if (!own_inserts.empty()) {
    next_stored += " OR EXISTS (SELECT 1 FROM " + own_inserts +
                   " i WHERE i.device_id = d.device_id AND i.sequence = d.a + 1)";
    own = " UNION ALL SELECT i.device_id, i.sequence FROM " + own_inserts +
          " i JOIN r USING (device_id) WHERE i.sequence > r.a AND i.sequence <= r.a + " + window;
  }
  return "d AS (SELECT device_id, acked_sequence AS a FROM devices "
         "  WHERE device_id = ANY(" +
         ids +
         "::text[]) FOR UPDATE), "
         "r AS (SELECT device_id, a FROM d WHERE " +
         next_stored +
         "), "
         "q AS (SELECT c.device_id, c.sequence FROM r JOIN check_results c ON c.device_id = "
         "  r.device_id AND c.sequence > r.a AND c.sequence <= r.a + " +
         window + own +
         "), "
         "g AS (SELECT device_id, sequence, "
         "  sequence - row_number() OVER (PARTITION BY device_id ORDER BY sequence) AS grp "
         "  FROM q), "
         "n AS (SELECT d.device_id, coalesce((SELECT max(g.sequence) FROM g "
         "  WHERE g.device_id = d.device_id AND g.grp = d.a), d.a) AS acked FROM d), "
         "ack AS (UPDATE devices v SET acked_sequence = greatest(v.acked_sequence, n.acked), "
         "  last_seen = now() FROM n WHERE v.device_id = n.device_id "
         "  RETURNING v.device_id, v.acked_sequence)";
}

const std::string& AckSql() {
  static const std::string sql =
      "WITH " + AckCtes("$1", "") + " SELECT device_id, acked_sequence FROM ack";
  return sql;
}

}  // namespace kakunin::server
