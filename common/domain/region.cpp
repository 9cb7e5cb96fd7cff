#include "common/domain/region.h"

#include <array>

namespace kakunin::domain {
namespace {

constexpr std::array<std::string_view, kRegionCount> kIds = {
    "hokkaido", "tohoku", "kanto", "chubu", "kinki", "chugoku", "shikoku", "kyushu_okinawa"};

// The last prefecture code of each region, in region order (JIS codes run region by region).
constexpr std::array<int, kRegionCount> kLastCode = {1, 7, 14, 23, 30, 35, 39, 47};

}  // namespace

std::string_view RegionId(Region region) { return kIds[static_cast<size_t>(region)]; }

std::optional<Region> RegionFromId(std::string_view id) {
  for (size_t i = 0; i < kIds.size(); ++i) {
    if (kIds[i] == id) return static_cast<Region>(i);
  }
  return std::nullopt;
}

std::optional<Region> RegionOfPrefecture(int code) {
  if (code < 1 || code > 47) return std::nullopt;
  for (size_t i = 0; i < kLastCode.size(); ++i) {
    if (code <= kLastCode[i]) return static_cast<Region>(i);
  }
  return std::nullopt;
}

std::optional<Region> RegionOfPrefecture(std::string_view two_digits) {
  if (two_digits.size() != 2 || two_digits[0] < '0' || two_digits[0] > '9' || two_digits[1] < '0' ||
      two_digits[1] > '9') {
    return std::nullopt;
  }
  return RegionOfPrefecture((two_digits[0] - '0') * 10 + (two_digits[1] - '0'));
}

}  // namespace kakunin::domain
