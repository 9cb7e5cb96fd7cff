#pragma once
// A QR code (libqrencode) as an image: black modules on white with the 4-module quiet zone
// scanners need, each module `scale` pixels wide.

#include <QImage>
#include <QString>

#include "common/core/result.h"

namespace kakunin::console {

Result<QImage> RenderQrCode(const QString& payload, int scale);

}  // namespace kakunin::console
