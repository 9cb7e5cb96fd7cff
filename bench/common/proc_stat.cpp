#include "bench/common/proc_stat.h"

#include <unistd.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace kakunin::bench {

std::optional<ProcStat> ReadProcStat(pid_t pid) {
  std::string line;
  try {
    std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
    line.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  } catch (const std::exception&) {
    // The process ended between the open and the read (a PostgreSQL backend closing): libstdc++
    // throws on that read's ESRCH whatever the stream's exception mask. It has no CPU to add.
    return std::nullopt;
  }
  // The fields after the parenthesised command name (which may hold spaces).
  const auto close = line.rfind(')');
  if (close == std::string::npos || close + 2 > line.size()) return std::nullopt;
  std::istringstream in(line.substr(close + 2));
  std::vector<std::string> f;
  for (std::string w; f.size() < 15 && in >> w;) f.push_back(w);
  if (f.size() < 15) return std::nullopt;
  const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
  ProcStat st;
  st.ppid = static_cast<pid_t>(std::stol(f[1]));          // field 4
  st.own = (std::stod(f[11]) + std::stod(f[12])) / tick;  // fields 14, 15
  st.children = (std::stod(f[13]) + std::stod(f[14])) / tick;
  return st;
}

}  // namespace kakunin::bench
