#pragma once
// QueryAudit's page token: the sequence number of the last record of the page before, as
// decimal digits (console_service.cpp writes it). Pure.

#include <cstdint>
#include <optional>
#include <string_view>

namespace kakunin::server {

// The record number a page token names: 1 to INT64_MAX written as 1 to 19 digits, nothing else
// (no sign, blanks or other characters; a number past INT64_MAX would turn negative in the
// query and list nothing instead of being refused). nullopt for anything else; the caller
// refuses it as audit.bad_page_token.
std::optional<int64_t> ParseAuditPageToken(std::string_view token);

}  // namespace kakunin::server
