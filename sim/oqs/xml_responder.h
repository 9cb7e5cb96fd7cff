#pragma once
// The emulator's side of the 資格確認端末 XML file exchange: watches a `req` folder and answers
// each OQSsiquc01req_*.xml from the synthetic population into `res`, like the on-site terminal
// would. FICTIONAL data only; see the XML notes in README.md for what is assumed.

#include <atomic>
#include <chrono>
#include <ctime>
#include <functional>
#include <string>

#include "agent/eligibility/xml_codec.h"
#include "common/core/result.h"
#include "sim/oqs/population.h"

namespace kakunin::sim {

struct XmlResponderOptions {
  std::string req_dir;
  std::string res_dir;
  Population population;
  eligibility::xml::Encoding encoding = eligibility::xml::Encoding::kUtf8;
  std::chrono::milliseconds poll_interval{50};  // Run() checks the stop flag this often
  // Wall clock for ProcessExecutionTime and "today" of the validity rule (Japan time).
  std::function<std::time_t()> now = [] { return std::time(nullptr); };
};

class XmlResponder {
 public:
  explicit XmlResponder(XmlResponderOptions options);

  // Answers every request now in req_dir; returns how many were handled (answers + .err).
  // Fails with kUnavailable "xml.folder_missing" when a folder is gone.
  Result<int> PollOnce();
  // PollOnce until `stop` is set; folder trouble is retried, not fatal.
  void Run(const std::atomic<bool>& stop);

  // The answer to one request's bytes (exposed for tests): a .err text on failure.
  Result<std::string> Answer(const std::string& request_bytes) const;

 private:
  XmlResponderOptions options_;
};

}  // namespace kakunin::sim
