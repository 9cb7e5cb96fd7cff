#pragma once
// Bulk onboarding of stores (issue 19), the database side: the pure import (common/site) plus
// what needs the database — a 医療機関等コード already registered to another site, the existing
// site an id would update — then one transaction that saves every store with one audit event
// ("site.imported") each. Nothing is saved while any row has an error, unless the caller asks
// for the clean rows only.

#include <string>
#include <string_view>

#include "common/core/result.h"
#include "kakunin/v1/console.pb.h"
#include "server/storage/fleet_store.h"
#include "server/storage/pool.h"

namespace kakunin::server {

struct SiteImportOptions {
  bool dry_run = false;
  bool clean_rows_only = false;
  std::string actor;  // "user:<login>", "cli:site-import"
};

class SiteImporter {
 public:
  SiteImporter(ConnectionPool* pool, FleetStore* store) : pool_(pool), store_(store) {}

  // A file that cannot be read at all is reported in the response (file_error_*), not as an
  // Error: that is for the database.
  Result<v1::ImportSitesResponse> Import(std::string_view csv, const SiteImportOptions& options);

 private:
  ConnectionPool* pool_;
  FleetStore* store_;
};

}  // namespace kakunin::server
