#include "sim/oqs/emulator_setup.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace kakunin::sim {
namespace {

Result<std::string> Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kNotFound, "oqs.io", path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

Status LoadEmulatorFiles(const EmulatorFiles& files, EmulatorOptions* options) {
  KAKUNIN_ASSIGN_OR_RETURN(options->jpki_ca_pem, Slurp(files.jpki_ca));
  if (!files.crl.empty()) {
    KAKUNIN_ASSIGN_OR_RETURN(options->crl_pem, Slurp(files.crl));
  }
  KAKUNIN_ASSIGN_OR_RETURN(options->population, Population::Load(files.population));
  if (!files.cards_dir.empty()) {
    KAKUNIN_ASSIGN_OR_RETURN(options->cards, LoadCardRegistry(files.cards_dir));
  }
  return OkStatus();
}

Result<double> ParseFailRate(const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end == nullptr || *end != '\0' || !(v >= 0 && v <= 1)) {
    return MakeError(ErrorCode::kInvalidArgument, "oqs.bad_flag",
                     "--fail-rate takes a number from 0 to 1, not '" + text + "'");
  }
  return v;
}

}  // namespace kakunin::sim
