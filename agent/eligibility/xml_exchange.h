#pragma once
// EligibilityService over the 資格確認端末 XML file exchange: requests go into the terminal's
// `req` folder, answers come back in `res` (domain.md). Only 再照会 (Recheck) travels this way:
// the on-site terminal reads cards itself, so card queries answer kUnimplemented.
//
// Errors: xml.timeout (kDeadlineExceeded), xml.folder_missing (kUnavailable),
// xml.terminal_error (kUnavailable: a .err file or an error answer), and the codec's errors.

#include <chrono>
#include <cstdint>
#include <string>

#include "agent/eligibility/eligibility_service.h"
#include "agent/eligibility/xml_codec.h"

namespace kakunin::eligibility {

// Answers larger than this are refused as "xml.too_large" (a real answer is a few KiB).
inline constexpr uintmax_t kMaxAnswerBytes = 1024 * 1024;
// Our requests' ArbitraryFileIdentifier starts with this: the agent touches only answers to its
// own requests in the shared `res` folder, never the receipt computer's.
inline constexpr std::string_view kOwnIdPrefix = "KKN";

class XmlExchange final : public EligibilityService {
 public:
  XmlExchange(std::string req_dir, std::string res_dir, std::string institution_code,
              std::chrono::milliseconds timeout, xml::Encoding encoding = xml::Encoding::kUtf8);

  Result<Challenge> IssueChallenge() override;
  Result<Answer> ConfirmByCard(const CardQuery& query) override;
  Result<Answer> Recheck(const InsuredQuery& query) override;

  void set_poll_interval(std::chrono::milliseconds interval) { poll_ = interval; }
  // How long an unparseable answer must stay unchanged before it counts as broken rather than
  // half-written.
  void set_settle_time(std::chrono::milliseconds settle) { settle_ = settle; }
  // Where too-large and broken answers are kept aside (a folder the agent owns; created on
  // use). Without one, a too-large answer is renamed in place and a broken one deleted.
  void set_archive_dir(std::string dir) { archive_dir_ = std::move(dir); }
  // The identifier of the last request written ("" before one): a timed-out request's answer
  // may still come, and the caller watches for it.
  const std::string& last_file_id() const { return last_file_id_; }

 private:
  // Waits for the answer to `id`; the request file is already in place.
  Result<Answer> Await(const std::string& id, const InsuredQuery& query);
  // Moves an answer we will not use out of `res` (kind: "too_large", "broken").
  std::string SetAside(const std::string& path, const std::string& kind) const;

  std::string req_dir_;
  std::string res_dir_;
  std::string institution_code_;
  std::chrono::milliseconds timeout_;
  xml::Encoding encoding_;
  std::chrono::milliseconds poll_{50};
  std::chrono::milliseconds settle_{300};
  std::string archive_dir_;
  std::string last_file_id_;
};

// How much one archive folder (stray, late, broken, too_large) may hold: a terminal that keeps
// dropping files must not fill the disk the outbox is on. The oldest files make room.
struct ArchiveBudget {
  uintmax_t bytes = 64ull << 20;
  size_t files = 2000;
};

// Deletes the oldest regular files of the archive folder `dir` until one more file of
// `incoming` bytes fits `budget`.
void MakeRoom(const std::string& dir, uintmax_t incoming, const ArchiveBudget& budget = {});

// Moves `path` into `dir` (created on use) under its own name, or a numbered one when taken;
// across file systems (a mounted share) by copy and delete, up to an answer's size (a larger
// file is renamed in place to "*.too_large"). Only regular files move; a link is removed. When
// `dir` would go over `budget`, its oldest files are deleted first (the newest are the ones
// someone may still ask about). The new path, or "" when nothing was archived.
std::string MoveInto(const std::string& path, const std::string& dir, ArchiveBudget budget = {});

}  // namespace kakunin::eligibility
