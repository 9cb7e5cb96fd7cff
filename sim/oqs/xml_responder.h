#pragma once
// The emulator's side of the 資格確認端末 XML file exchange: watches a `req` folder and answers
// each OQSsiquc01req_*.xml from the synthetic population into `res`, like the on-site terminal
// would. Scripted cases (xml_cases.h) make chosen requests misbehave: late, truncated, too
// large, error answers. FICTIONAL data only; see the XML notes in README.md for what is assumed.

#include <atomic>
#include <chrono>
#include <ctime>
#include <functional>
#include <map>
#include <string>

#include "agent/eligibility/xml_codec.h"
#include "common/core/result.h"
#include "sim/oqs/population.h"
#include "sim/oqs/xml_cases.h"

namespace kakunin::sim {

struct XmlResponderOptions {
  std::string req_dir;
  std::string res_dir;
  Population population;
  eligibility::xml::Encoding encoding = eligibility::xml::Encoding::kUtf8;
  std::chrono::milliseconds poll_interval{50};  // Run() checks the stop flag this often
  // Wall clock for ProcessExecutionTime and "today" of the validity rule (Japan time).
  std::function<std::time_t()> now = [] { return std::time(nullptr); };
  // Scripted answers by InsuredIdentificationNumber; other requests are answered normally.
  XmlCases cases;
  // When delayed writes fall due; tests step it by hand.
  std::function<std::chrono::steady_clock::time_point()> monotonic_now = [] {
    return std::chrono::steady_clock::now();
  };
};

// Size the too_large case pads its answer past (more than 1 MiB).
inline constexpr size_t kTooLargeAnswerBytes = 1'150'000;

class XmlResponder {
 public:
  explicit XmlResponder(XmlResponderOptions options);

  // Takes every request now in req_dir (its files are written now or scheduled), then writes
  // whatever has fallen due; returns how many requests were taken. Fails with kUnavailable
  // "xml.folder_missing" when a folder is gone; unwritten files stay scheduled.
  Result<int> PollOnce();
  // PollOnce until `stop` is set; folder trouble is retried, not fatal.
  void Run(const std::atomic<bool>& stop);

  // The normal answer to one request's bytes (exposed for tests): a .err text on failure.
  Result<std::string> Answer(const std::string& request_bytes) const;
  // Files scheduled but not written yet (late, processing, delay_ms).
  size_t pending_writes() const { return pending_.size(); }

 private:
  struct PendingWrite {
    std::string path;
    std::string bytes;
    bool atomic = true;  // false: written in place (the truncated case)
  };

  void Plan(const std::string& id, const std::string& request_bytes);
  void PlanCase(const std::string& id, const std::string& request_bytes,
                const eligibility::xml::Request& req, const XmlCase& c);
  void PlanErrFile(const std::string& id, const std::string& request_bytes, const std::string& text,
                   std::chrono::milliseconds delay);
  void Schedule(std::chrono::milliseconds delay, const std::string& path, std::string bytes,
                bool atomic = true);
  Status FlushDue();
  eligibility::xml::FileAnswer Header(const eligibility::xml::Request& req) const;
  Result<std::string> NormalAnswer(const eligibility::xml::Request& req) const;
  std::string AnswerPath(const std::string& id) const;

  XmlResponderOptions options_;
  std::multimap<std::chrono::steady_clock::time_point, PendingWrite> pending_;
};

}  // namespace kakunin::sim
