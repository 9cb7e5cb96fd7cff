#pragma once
// Labels for text from outside the console: names and hostnames a terminal reports, what a
// branch types, the server's words. QLabel would render such text as HTML whenever it looks like
// markup (an <img> fetching a file, a <b> hiding what the name really says), so it stays plain.

#include <QLabel>

namespace kakunin::console {

inline QLabel* PlainLabel(const QString& text = {}) {
  auto* label = new QLabel(text);
  label->setTextFormat(Qt::PlainText);
  return label;
}

}  // namespace kakunin::console
