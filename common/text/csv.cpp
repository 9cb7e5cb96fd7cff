#include "common/text/csv.h"

namespace kakunin::text {
namespace {

Error CsvError(std::string reason, int line, const std::string& what) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(reason),
                   "line " + std::to_string(line) + ": " + what);
}

}  // namespace

int CsvErrorLine(const Error& error) {
  // The message CsvError writes: "line <n>: <what>".
  const std::string& m = error.message();
  if (m.rfind("line ", 0) != 0) return 0;
  int line = 0;
  for (size_t i = 5; i < m.size() && m[i] >= '0' && m[i] <= '9' && line < 100000000; ++i) {
    line = line * 10 + (m[i] - '0');
  }
  return line;
}

Result<std::vector<CsvRecord>> ParseCsv(std::string_view text, const CsvLimits& limits) {
  std::vector<CsvRecord> out;
  size_t i = 0;
  int line = 1;
  int record = 0;
  const size_t n = text.size();
  // Consumes one line break at i (CRLF, LF or CR); false when there is none.
  auto take_break = [&]() {
    if (i < n && text[i] == '\r') {
      ++i;
      if (i < n && text[i] == '\n') ++i;
      ++line;
      return true;
    }
    if (i < n && text[i] == '\n') {
      ++i;
      ++line;
      return true;
    }
    return false;
  };
  while (i < n) {
    ++record;
    CsvRecord rec;
    rec.record = record;
    rec.line = line;
    if (take_break()) continue;  // a blank row
    if (out.size() >= limits.max_records) {
      return CsvError("csv.too_many_records", line,
                      "more than " + std::to_string(limits.max_records) + " records");
    }
    while (true) {
      std::string field;
      if (i < n && text[i] == '"') {
        const int opened = line;
        ++i;
        while (true) {
          if (i >= n) return CsvError("csv.unterminated_quote", opened, "a quote is never closed");
          char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (c == '\r' || c == '\n') {
            // Line breaks inside quotes are kept as LF, whatever the file used.
            take_break();
            field += '\n';
            continue;
          }
          field += c;
          ++i;
        }
        if (i < n && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
          return CsvError("csv.bad_quote", line, "text after a closing quote");
        }
      } else {
        while (i < n && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
          if (text[i] == '"') {
            return CsvError("csv.bad_quote", line, "a quote inside an unquoted field");
          }
          field += text[i++];
        }
      }
      rec.fields.push_back(std::move(field));
      if (rec.fields.size() > limits.max_fields) {
        return CsvError("csv.too_many_fields", rec.line,
                        "more than " + std::to_string(limits.max_fields) + " fields");
      }
      if (i < n && text[i] == ',') {
        ++i;
        continue;
      }
      take_break();
      break;
    }
    out.push_back(std::move(rec));
  }
  return out;
}

namespace {

// A field a spreadsheet may take for a formula: ASCII = + - @, a tab or CR first, or their
// full-width forms (＝＋－＠), which a Japanese Excel can read as the ASCII ones.
bool LooksLikeFormula(std::string_view value) {
  if (value.empty()) return false;
  if (std::string_view("=+-@\t\r").find(value[0]) != std::string_view::npos) return true;
  for (std::string_view wide : {"\uFF1D", "\uFF0B", "\uFF0D", "\uFF20"}) {
    if (value.starts_with(wide)) return true;
  }
  return false;
}

}  // namespace

std::string CsvField(std::string_view value) {
  const bool formula = LooksLikeFormula(value);
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    return formula ? "'" + std::string(value) : std::string(value);
  }
  std::string out = formula ? "\"'" : "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace kakunin::text
