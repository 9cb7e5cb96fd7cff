#include "console/ui/qr_image.h"

#include <qrencode.h>

#include <QPainter>
#include <memory>

namespace kakunin::console {
namespace {
constexpr int kQuietZone = 4;
}  // namespace

Result<QImage> RenderQrCode(const QString& payload, int scale) {
  const QByteArray bytes = payload.toUtf8();
  // Level M survives a smudged screen or a phone camera at an angle.
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString(bytes.constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!code) {
    return MakeError(ErrorCode::kInternal, "qr.encode_failed",
                     "libqrencode could not encode the payload");
  }
  const int modules = code->width + 2 * kQuietZone;
  QImage image(modules * scale, modules * scale, QImage::Format_RGB32);
  image.fill(Qt::white);
  QPainter painter(&image);
  for (int y = 0; y < code->width; ++y) {
    for (int x = 0; x < code->width; ++x) {
      // Bit 0 of each byte is the module's colour; the other bits describe its role.
      if (code->data[y * code->width + x] & 1) {
        painter.fillRect((x + kQuietZone) * scale, (y + kQuietZone) * scale, scale, scale,
                         Qt::black);
      }
    }
  }
  return image;
}

}  // namespace kakunin::console
