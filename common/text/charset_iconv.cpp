// The conversion behind charset.cpp on Linux: glibc iconv.
#include <iconv.h>

#include <cerrno>

#include "common/text/charset.h"
#include "common/text/charset_convert.h"

namespace kakunin::text {

// Converts with iconv. Strict: fails on the first undefined sequence. Lenient (`replaced` set):
// each undefined byte becomes U+FFFD and is counted, so one bad cell does not lose a file.
Result<std::string> Convert(const char* to, const char* from, std::string_view in, int* replaced) {
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return MakeError(ErrorCode::kInternal, "charset.unsupported",
                     std::string("iconv_open failed: ") + from + " to " + to);
  }
  std::string out(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());  // iconv's API is not const-correct
  size_t src_left = in.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  auto grow = [&] {
    size_t used = dst - out.data();
    out.resize(out.size() * 2);
    dst = out.data() + used;
    dst_left = out.size() - used;
  };
  while (src_left > 0) {
    if (iconv(cd, &src, &src_left, &dst, &dst_left) != static_cast<size_t>(-1)) continue;
    if (errno == E2BIG) {
      grow();
      continue;
    }
    if (replaced == nullptr) {
      iconv_close(cd);
      return MakeError(ErrorCode::kInvalidArgument, "charset.invalid_bytes",
                       std::string("bytes are not valid ") + from);
    }
    // EILSEQ or EINVAL (truncated at the end): one replacement, skip one byte, go on.
    while (dst_left < kReplacement.size()) grow();
    for (char c : kReplacement) *dst++ = c;
    dst_left -= kReplacement.size();
    ++src;
    --src_left;
    ++*replaced;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);  // back to the initial state
  }
  out.resize(dst - out.data());
  iconv_close(cd);
  return out;
}

}  // namespace kakunin::text
