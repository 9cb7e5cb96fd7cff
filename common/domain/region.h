#pragma once
// Japan's eight regions (地方区分), for HQ boards that group stores more coarsely than by
// 都道府県: 北海道, 東北, 関東, 中部, 近畿, 中国, 四国, 九州・沖縄. Prefectures by their JIS code
// (01 北海道 … 47 沖縄県), as the 医療機関等コード's first two digits and sites.prefecture give it.

#include <optional>
#include <string_view>

namespace kakunin::domain {

enum class Region {
  kHokkaido,
  kTohoku,
  kKanto,
  kChubu,
  kKinki,
  kChugoku,
  kShikoku,
  kKyushuOkinawa,
};
inline constexpr int kRegionCount = 8;

// Stable ids for APIs: hokkaido, tohoku, kanto, chubu, kinki, chugoku, shikoku, kyushu_okinawa.
std::string_view RegionId(Region region);
std::optional<Region> RegionFromId(std::string_view id);
// `code` 1–47; anything else has no region.
std::optional<Region> RegionOfPrefecture(int code);
// "13" → 関東; not two digits 01–47 → none.
std::optional<Region> RegionOfPrefecture(std::string_view two_digits);

}  // namespace kakunin::domain
