#include "agent/eligibility/xml_exchange.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

#include "common/domain/date.h"
#include "common/os/files.h"

namespace kakunin::eligibility {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

Error FolderMissing(const std::string& what) {
  return MakeError(ErrorCode::kUnavailable, "xml.folder_missing", what + " is not a folder");
}

// Today's civil date in Japan (JST, no DST), which QualificationConfirmationDate means.
std::string TodayInJapan() { return domain::FormatIso(domain::JapanDateOf(std::time(nullptr))); }

std::string NewFileId() {
  std::random_device rd;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%08x%08x", rd(), rd());
  return std::string(kOwnIdPrefix) + buf;
}

// The whole file, or nothing when it cannot be read (vanished, still locked by its writer, not a
// regular file: a FIFO must not hang an answer's wait past its timeout) or is larger than
// `limit` (then *too_large is set, when given).
std::optional<std::string> ReadAll(const fs::path& path, uintmax_t limit = kMaxAnswerBytes,
                                   bool* too_large = nullptr) {
  auto bytes = os::ReadRegularFile(os::PathToUtf8(path), static_cast<size_t>(limit));
  if (!bytes.ok()) return std::nullopt;
  if (bytes->size() > limit) {
    if (too_large) *too_large = true;
    return std::nullopt;
  }
  return std::move(*bytes);
}

bool IsDir(const std::string& path) {
  std::error_code ec;
  return fs::is_directory(os::PathFromUtf8(path), ec);
}

void RemoveQuietly(const fs::path& path) {
  std::error_code ec;
  fs::remove(path, ec);
}

// Printable ASCII of a .err file, for the log message (its text may be Shift_JIS).
std::string Printable(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c >= 0x20 && c < 0x7f) out += c;
    if (out.size() >= 200) break;
  }
  return out;
}

}  // namespace

XmlExchange::XmlExchange(std::string req_dir, std::string res_dir, std::string institution_code,
                         std::chrono::milliseconds timeout, xml::Encoding encoding)
    : req_dir_(std::move(req_dir)),
      res_dir_(std::move(res_dir)),
      institution_code_(std::move(institution_code)),
      timeout_(timeout),
      encoding_(encoding) {}

Result<Challenge> XmlExchange::IssueChallenge() {
  return MakeError(ErrorCode::kUnimplemented, "xml.card_query_unsupported",
                   "the on-site terminal reads cards itself; the XML exchange only rechecks");
}

Result<Answer> XmlExchange::ConfirmByCard(const CardQuery&) {
  return MakeError(ErrorCode::kUnimplemented, "xml.card_query_unsupported",
                   "the on-site terminal reads cards itself; the XML exchange only rechecks");
}

Result<Answer> XmlExchange::Recheck(const InsuredQuery& query) {
  if (!IsDir(req_dir_)) return FolderMissing(req_dir_);
  if (!IsDir(res_dir_)) return FolderMissing(res_dir_);
  xml::Request request;
  request.confirmation_date = TodayInJapan();
  request.medical_institution_code = institution_code_;
  request.file_id = NewFileId();
  last_file_id_ = request.file_id;
  request.insurer_number = query.insurer_number;
  request.insured_symbol = query.insured_symbol;
  request.insured_number = query.insured_number;
  request.insured_branch_number = query.insured_branch_number;
  request.birth_date = query.birth_date;
  KAKUNIN_ASSIGN_OR_RETURN(std::string bytes, xml::WriteRequest(request, encoding_));
  // Temp name + rename: the terminal must never see a half-written request. The temp name
  // does not match the OQS pattern, so the terminal ignores it.
  const fs::path final_path = os::PathFromUtf8(req_dir_) / xml::RequestFileName(request.file_id);
  const fs::path temp_path =
      os::PathFromUtf8(req_dir_) / ("." + os::PathToUtf8(final_path.filename()) + ".tmp");
  // Created new, never opened through a link someone planted at the name.
  if (!os::WriteNewFile(os::PathToUtf8(temp_path), bytes, os::FileAccess::kGroupReadable).ok()) {
    return FolderMissing(req_dir_);
  }
  std::error_code ec;
  fs::rename(temp_path, final_path, ec);
  if (ec) {
    RemoveQuietly(temp_path);
    return FolderMissing(req_dir_);
  }
  auto answer = Await(request.file_id, query);
  RemoveQuietly(final_path);  // consumed or abandoned: never leave a stale request behind
  return answer;
}

Result<Answer> XmlExchange::Await(const std::string& id, const InsuredQuery& query) {
  const fs::path res = os::PathFromUtf8(res_dir_);
  const fs::path req = os::PathFromUtf8(req_dir_);
  const fs::path own = res / xml::AnswerFileName(id);
  const fs::path err_files[] = {res / xml::ErrorFileName(id),
                                res / (std::string(xml::kAnswerPrefix) + id + ".err"),
                                req / xml::ErrorFileName(id)};
  const auto deadline = Clock::now() + timeout_;
  std::string last_bytes;
  auto changed_at = Clock::now();

  auto finish = [&](const fs::path& path, const xml::FileAnswer& file) -> Result<Answer> {
    RemoveQuietly(path);
    KAKUNIN_ASSIGN_OR_RETURN(Answer answer, xml::ToAnswer(file));
    if (query.route == v1::CHECK_ROUTE_HOME_VISIT) answer.consent_id = query.consent_id;
    return answer;
  };

  while (true) {
    if (!IsDir(req_dir_)) return FolderMissing(req_dir_);
    if (!IsDir(res_dir_)) return FolderMissing(res_dir_);
    for (const fs::path& err : err_files) {
      if (auto text = ReadAll(err, 64 * 1024)) {
        RemoveQuietly(err);
        RemoveQuietly(res / xml::RequestFileName(id));  // the request handed back with it
        return MakeError(ErrorCode::kUnavailable, "xml.terminal_error",
                         "the terminal refused request " + id + ": " + Printable(*text));
      }
    }
    bool too_large = false;
    auto own_bytes = ReadAll(own, kMaxAnswerBytes, &too_large);
    if (too_large) {
      const std::string kept = SetAside(os::PathToUtf8(own), "too_large");
      return MakeError(ErrorCode::kInvalidArgument, "xml.too_large",
                       "answer " + os::PathToUtf8(own.filename()) + " is larger than " +
                           std::to_string(kMaxAnswerBytes) + " bytes; kept as " + kept);
    }
    if (auto bytes = own_bytes) {
      if (*bytes != last_bytes) {
        last_bytes = *bytes;
        changed_at = Clock::now();
      }
      auto parsed = xml::ParseAnswer(*bytes);
      if (parsed.ok() && parsed->file_id != id) {
        parsed = MakeError(
            ErrorCode::kInvalidArgument, "xml.bad_value",
            "answer " + os::PathToUtf8(own.filename()) + " carries identifier " + parsed->file_id);
      }
      if (parsed.ok()) {
        // Segment 2: the terminal will rewrite the answer; keep waiting.
        if (parsed->segment_of_result != 2) return finish(own, *parsed);
      } else if (Clock::now() - changed_at >= settle_) {
        // Unchanged and still unreadable: broken, not half-written.
        const std::string kept = SetAside(os::PathToUtf8(own), "broken");
        const Error& e = parsed.error();
        if (kept.empty()) return e;
        return MakeError(e.code(), e.reason(), e.message() + " (kept as " + kept + ")");
      }
    } else {
      // The terminal may name the answer differently: match by ArbitraryFileIdentifier.
      std::error_code ec;
      for (const auto& entry : fs::directory_iterator(res, ec)) {
        const std::string name = os::PathToUtf8(entry.path().filename());
        if (name.rfind(xml::kAnswerPrefix, 0) != 0 || entry.path().extension() != ".xml") continue;
        // The face reader's files never answer our requests; res may hold thousands of them.
        if (xml::IsFaceFileName(name)) continue;
        auto other = ReadAll(entry.path());
        if (!other || other->find(id) == std::string::npos) continue;
        auto parsed = xml::ParseAnswer(*other);
        if (parsed.ok() && parsed->file_id == id && parsed->segment_of_result != 2) {
          return finish(entry.path(), *parsed);
        }
      }
    }
    if (Clock::now() >= deadline) {
      return MakeError(
          ErrorCode::kDeadlineExceeded, "xml.timeout",
          "no answer to request " + id + " within " + std::to_string(timeout_.count()) + " ms");
    }
    std::this_thread::sleep_for(poll_);
  }
}

std::string XmlExchange::SetAside(const std::string& path, const std::string& kind) const {
  if (!archive_dir_.empty()) {
    std::string moved = MoveInto(path, archive_dir_ + "/" + kind);
    if (!moved.empty()) return moved;
  }
  if (kind == "too_large") {  // under a name nothing reads as an answer
    std::error_code ec;
    fs::rename(os::PathFromUtf8(path), os::PathFromUtf8(path + ".too_large"), ec);
    if (!ec) return path + ".too_large";
  }
  RemoveQuietly(os::PathFromUtf8(path));
  return "";
}

void MakeRoom(const std::string& archive_dir, uintmax_t incoming, const ArchiveBudget& budget) {
  const fs::path dir = os::PathFromUtf8(archive_dir);
  struct Kept {
    fs::file_time_type written;
    uintmax_t bytes;
    fs::path path;
  };
  std::vector<Kept> kept;
  uintmax_t total = 0;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    std::error_code ec2;
    if (!it->is_regular_file(ec2)) continue;
    const auto bytes = it->file_size(ec2);
    const auto written = it->last_write_time(ec2);
    if (ec2) continue;
    kept.push_back({written, bytes, it->path()});
    total += bytes;
  }
  size_t count = kept.size();
  auto fits = [&] { return count + 1 <= budget.files && total + incoming <= budget.bytes; };
  if (fits()) return;
  std::sort(kept.begin(), kept.end(),
            [](const Kept& a, const Kept& b) { return a.written < b.written; });
  for (const auto& file : kept) {
    if (fits()) break;
    std::error_code ec2;
    if (fs::remove(file.path, ec2)) {
      --count;
      total -= file.bytes;
    }
  }
}

std::string MoveInto(const std::string& path, const std::string& dir, ArchiveBudget budget) {
  std::error_code ec;
  const fs::path from = os::PathFromUtf8(path), to_dir = os::PathFromUtf8(dir);
  // Only regular files are kept: a link is removed (never followed into a copy of what it names),
  // anything else (a FIFO, a folder) is left alone.
  const auto status = fs::symlink_status(from, ec);
  if (ec) return "";
  if (fs::is_symlink(status)) {
    RemoveQuietly(from);
    return "";
  }
  if (!fs::is_regular_file(status)) return "";
  const uintmax_t incoming = fs::file_size(from, ec);
  if (ec) return "";
  fs::create_directories(to_dir, ec);
  // Room for what a copy would add; a larger file arrives only by a rename on this disk, which
  // takes no new space (across devices it is not copied at all).
  MakeRoom(dir, std::min<uintmax_t>(incoming, kMaxAnswerBytes), budget);
  const fs::path name = from.filename();
  fs::path target = to_dir / name;
  for (int n = 1; fs::exists(target, ec) && n < 1000; ++n) {
    target = to_dir / os::PathFromUtf8(os::PathToUtf8(name) + "." + std::to_string(n));
  }
  fs::rename(from, target, ec);
  if (!ec) return os::PathToUtf8(target);
  // Another device (res is usually a share): copied only up to an answer's size, so a huge file
  // dropped there cannot fill the disk outbox.db is on nor hold the watcher for minutes. A
  // larger one is renamed where it is, under a name nothing reads as an answer, and is not
  // reported as archived ("": it did not leave the folder).
  bool too_large = false;
  auto bytes = ReadAll(from, kMaxAnswerBytes, &too_large);
  if (!bytes) {
    if (too_large) fs::rename(from, os::PathFromUtf8(path + ".too_large"), ec);
    return "";
  }
  if (!os::WriteNewFile(os::PathToUtf8(target), *bytes, os::FileAccess::kOwnerOnly).ok()) return "";
  fs::remove(from, ec);
  return os::PathToUtf8(target);
}

}  // namespace kakunin::eligibility
