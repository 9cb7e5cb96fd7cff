#include "common/site/site_import.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

#include "common/domain/date.h"
#include "common/text/csv.h"

namespace kakunin::site {
namespace {

using Col = ImportColumn;

struct ColumnInfo {
  Col column;
  std::string_view id;
  std::string_view title_ja;
  std::vector<std::string_view> aliases;  // compared after Normalise()
};

const std::vector<ColumnInfo>& Columns() {
  static const std::vector<ColumnInfo> columns = {
      {Col::kSiteId, "site_id", "店舗ID", {"店舗id", "サイトid", "siteid", "id"}},
      {Col::kName,
       "name",
       "医療機関等名",
       {"医療機関等名", "医療機関名", "店舗名", "名称", "name"}},
      {Col::kInstitutionCode,
       "institution_code",
       "医療機関等コード",
       {"医療機関等コード", "医療機関コード", "institutioncode", "code"}},
      {Col::kFacilityKind,
       "facility_kind",
       "施設種別",
       {"施設種別", "種別", "facilitykind", "kind"}},
      {Col::kMeasure, "transitional", "経過措置", {"経過措置", "transitional", "measure"}},
      {Col::kMeasureDate,
       "transitional_event_date",
       "経過措置の期日",
       {"経過措置の期日", "経過措置期日", "経過措置の日付", "transitionaleventdate",
        "measuredate"}},
      {Col::kOverrideReason,
       "code_override_reason",
       "コード確認理由",
       {"コード確認理由", "codeoverridereason"}},
      {Col::kAddress, "address", "住所", {"住所", "所在地", "address"}},
      {Col::kPhone, "phone", "電話番号", {"電話番号", "電話", "phone", "tel"}},
      {Col::kEmail, "email", "メールアドレス", {"メールアドレス", "電子メール", "email", "mail"}},
      {Col::kOpeningHours,
       "opening_hours",
       "営業時間",
       {"営業時間", "開局時間", "診療時間", "openinghours", "hours"}},
  };
  return columns;
}

const ColumnInfo& Info(Col c) { return Columns()[static_cast<size_t>(c)]; }

constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";  // U+3000

std::string Trim(std::string_view s) {
  while (true) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
      s.remove_prefix(1);
    } else if (s.substr(0, 3) == kIdeographicSpace) {
      s.remove_prefix(3);
    } else {
      break;
    }
  }
  while (true) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
      s.remove_suffix(1);
    } else if (s.size() >= 3 && s.substr(s.size() - 3) == kIdeographicSpace) {
      s.remove_suffix(3);
    } else {
      break;
    }
  }
  return std::string(s);
}

// Header cells: trimmed, ASCII lower-cased, without spaces, '_' and '-' ("E-mail" = "email").
std::string Normalise(std::string_view header) {
  std::string out;
  for (char c : Trim(header)) {
    if (c == ' ' || c == '_' || c == '-') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::optional<Col> ColumnOf(std::string_view header) {
  const std::string key = Normalise(header);
  for (const auto& info : Columns()) {
    for (auto alias : info.aliases) {
      if (alias == key) return info.column;
    }
  }
  return std::nullopt;
}

size_t CharCount(std::string_view utf8) {
  return static_cast<size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool HasControl(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  });
}

bool IsLongColumn(Col c) {
  return c == Col::kAddress || c == Col::kOpeningHours || c == Col::kOverrideReason;
}

// Full-width digits (U+FF10..FF19, EF BC 90..99) to ASCII; spreadsheets keep what was typed.
std::string HalfWidthDigits(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i + 2 < s.size() && s.substr(i, 2) == "\xEF\xBC" &&
        static_cast<unsigned char>(s[i + 2]) >= 0x90 &&
        static_cast<unsigned char>(s[i + 2]) <= 0x99) {
      out += static_cast<char>('0' + (static_cast<unsigned char>(s[i + 2]) - 0x90));
      i += 2;
    } else if (i + 2 < s.size() && s.substr(i, 3) == "\xEF\xBC\x88") {
      out += '(';  // （
      i += 2;
    } else if (i + 2 < s.size() && s.substr(i, 3) == "\xEF\xBC\x89") {
      out += ')';  // ）
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// 施設種別 as people write it, or the id itself.
std::string KindId(std::string_view cell) {
  static const std::map<std::string_view, std::string_view> kLabels = {
      {"薬局", "pharmacy"},
      {"保険薬局", "pharmacy"},
      {"大型チェーン薬局", "chain_pharmacy"},
      {"チェーン薬局", "chain_pharmacy"},
      {"診療所", "clinic"},
      {"クリニック", "clinic"},
      {"病院", "hospital"},
      {"健診実施機関", "health_check"},
      {"助産所", "midwife"},
      {"義務化対象外", "exempt"},
  };
  if (auto it = kLabels.find(cell); it != kLabels.end()) return std::string(it->second);
  std::string lower;
  for (char c : cell) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

// 経過措置: empty, なし, 0 → 0; "2", "(2)", "（２）", "2 光回線なし" → 2; else -1.
int MeasureCategory(std::string_view cell) {
  std::string s = HalfWidthDigits(cell);
  if (s.empty() || s == "なし" || s == "無し" || s == "-" || s == "0") return 0;
  size_t i = 0;
  if (s[0] == '(') i = 1;
  if (i < s.size() && s[i] >= '1' && s[i] <= '6') {
    size_t next = i + 1;
    if (i == 1) {
      if (next >= s.size() || s[next] != ')') return -1;
      ++next;
    }
    // A label after the number is fine ("(2) 光回線なし"); another digit is not.
    if (next < s.size() && std::isdigit(static_cast<unsigned char>(s[next]))) return -1;
    return s[i] - '0';
  }
  return -1;
}

// Dates as spreadsheets write them: 2025-03-31, 2025/3/31, 2025.3.31 → ISO; "" on failure.
std::string IsoDate(std::string_view cell) {
  std::string s = HalfWidthDigits(cell);
  int y = 0, m = 0, d = 0;
  char a = 0, b = 0;
  if (std::sscanf(s.c_str(), "%4d%c%2d%c%2d", &y, &a, &m, &b, &d) != 5 || a != b ||
      (a != '-' && a != '/' && a != '.')) {
    return "";
  }
  char iso[16];
  std::snprintf(iso, sizeof(iso), "%04d-%02d-%02d", y, m, d);
  // Nothing may follow the day ("2025/3/31 0:00" is a time Excel added: still a date).
  if (!domain::ParseIsoDate(iso).ok()) return "";
  return iso;
}

Col ColumnOfField(SiteField f, bool has_override_column) {
  switch (f) {
    case SiteField::kSiteId:
      return Col::kSiteId;
    case SiteField::kName:
      return Col::kName;
    case SiteField::kInstitutionCode:
      return Col::kInstitutionCode;
    case SiteField::kOverrideReason:
      return has_override_column ? Col::kOverrideReason : Col::kInstitutionCode;
    case SiteField::kFacilityKind:
      return Col::kFacilityKind;
    case SiteField::kMeasure:
      return Col::kMeasure;
    case SiteField::kPhone:
      return Col::kPhone;
    case SiteField::kEmail:
      return Col::kEmail;
  }
  return Col::kName;
}

Error FileError(std::string reason, std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(reason), std::move(message));
}

struct RowContext {
  const ImportLimits& limits;
  bool has_column[kImportColumnCount] = {};
};

void AddError(ImportRow& row, std::optional<Col> col, std::string reason, int number = -1) {
  std::string message = ImportProblemMessage(reason, number);
  row.errors.push_back({col, std::move(reason), std::move(message)});
}

bool HasErrorOn(const ImportRow& row, Col col) {
  return std::any_of(row.errors.begin(), row.errors.end(),
                     [&](const ImportCellError& e) { return e.column == col; });
}

void CheckRow(const RowContext& ctx, ImportRow& row) {
  // Cell-level problems first: they make the field's own rule meaningless.
  for (int c = 0; c < kImportColumnCount; ++c) {
    std::string& v = row.cells[c];
    const auto col = static_cast<Col>(c);
    // A line break typed into a long cell (Alt+Enter) is a space on one line: sites are shown
    // and exported one line each.
    if (IsLongColumn(col)) std::replace(v.begin(), v.end(), '\n', ' ');
    const size_t limit =
        IsLongColumn(col) ? ctx.limits.max_long_cell_chars : ctx.limits.max_cell_chars;
    if (text::HasUnreadableCharacter(v)) {
      AddError(row, col, "import.bad_encoding");
    } else if (CharCount(v) > limit) {
      AddError(row, col, "import.cell_too_long", static_cast<int>(limit));
    } else if (HasControl(v)) {
      AddError(row, col, "import.control_character");
    }
  }

  ImportedSite& s = row.site;
  SiteFields& f = s.fields;
  f.name = row.cell(Col::kName);
  f.institution_code = row.cell(Col::kInstitutionCode);
  f.facility_kind = KindId(row.cell(Col::kFacilityKind));
  f.code_override_reason = row.cell(Col::kOverrideReason);
  f.phone = row.cell(Col::kPhone);
  f.email = row.cell(Col::kEmail);
  s.address = row.cell(Col::kAddress);
  s.opening_hours = row.cell(Col::kOpeningHours);
  const std::string& code = f.institution_code;
  if (code.size() == 10 && std::all_of(code.begin(), code.end(), ::isdigit)) {
    s.prefecture = code.substr(0, 2);
  }
  f.site_id = row.cell(Col::kSiteId);
  const bool derived_id = f.site_id.empty();
  if (derived_id && !s.prefecture.empty()) f.site_id = "site-" + code;

  if (int category = MeasureCategory(row.cell(Col::kMeasure)); category < 0) {
    AddError(row, Col::kMeasure, "site.measure_bad_category");
  } else {
    f.measure_category = category;
  }
  if (const std::string& date = row.cell(Col::kMeasureDate); !date.empty()) {
    f.measure_event_date = IsoDate(date);
    if (f.measure_event_date.empty()) {
      AddError(row, Col::kMeasureDate, "site.measure_bad_date");
    } else if (f.measure_category == 0 && !HasErrorOn(row, Col::kMeasure)) {
      AddError(row, Col::kMeasureDate, "import.date_without_measure");
    }
  }
  // Spreadsheets drop a code's leading zero (北海道 01…, 青森 02…): say so, not just "9 digits".
  if (code.size() == 9 && std::all_of(code.begin(), code.end(), ::isdigit)) {
    AddError(row, Col::kInstitutionCode, "institution_code.leading_zero_lost");
  }

  for (const auto& p : CheckSiteFields(f)) {
    Col col = ColumnOfField(p.field, ctx.has_column[static_cast<int>(Col::kOverrideReason)]);
    if (p.reason == "site.measure_bad_date") col = Col::kMeasureDate;
    // A derived id is only wrong when the code is, and the code's error says it.
    if (col == Col::kSiteId && derived_id) continue;
    if (HasErrorOn(row, col)) continue;
    AddError(row, col, p.reason, p.expected_digit);
  }
}

}  // namespace

std::string_view ImportColumnId(ImportColumn c) { return Info(c).id; }
std::string_view ImportColumnTitleJa(ImportColumn c) { return Info(c).title_ja; }

int ImportPlan::error_rows() const {
  return static_cast<int>(
      std::count_if(rows.begin(), rows.end(), [](const ImportRow& r) { return !r.ok(); }));
}

Result<ImportPlan> ParseSiteImport(std::string_view bytes, const ImportLimits& limits) {
  if (bytes.size() > limits.max_file_bytes) {
    return FileError(
        "import.too_large",
        "ファイルが大きすぎます（上限 " + std::to_string(limits.max_file_bytes / 1024) + " KB）。");
  }
  ImportPlan plan;
  text::DecodedText decoded = text::DecodeUtf8OrCp932(bytes);
  plan.encoding = decoded.encoding;
  // One record more than the rows allowed (the header), and one more to notice the excess.
  auto records = text::ParseCsv(
      decoded.utf8, {.max_records = static_cast<size_t>(limits.max_rows) + 2, .max_fields = 64});
  if (!records.ok()) {
    const std::string& r = records.error().reason();
    if (r == "csv.too_many_records") {
      return FileError("import.too_many_rows", "行が多すぎます（一度に取り込めるのは " +
                                                   std::to_string(limits.max_rows) +
                                                   " 店舗までです）。");
    }
    std::string what = r == "csv.unterminated_quote" ? "閉じていない引用符（\"）があります"
                       : r == "csv.too_many_fields" ? "列が多すぎます"
                                                    : "引用符（\"）の使い方が正しくありません";
    // The parser's own message is English: only its line number is shown.
    const int line = text::CsvErrorLine(records.error());
    return FileError(r, "CSV の形式が正しくありません: " + what +
                            (line > 0 ? "（" + std::to_string(line) + "行目）" : std::string()) +
                            "。");
  }
  if (records->empty()) return FileError("import.empty", "ファイルに見出し行がありません。");
  const auto& header = records->front();
  std::vector<std::optional<Col>> at;  // the column of each header cell
  RowContext ctx{limits};
  for (const auto& h : header.fields) {
    if (Trim(h).empty()) {
      at.push_back(std::nullopt);  // an unnamed, presumably empty, trailing column
      continue;
    }
    auto col = ColumnOf(h);
    if (!col) {
      std::string known;
      for (const auto& info : Columns())
        known += (known.empty() ? "" : "、") + std::string(info.title_ja);
      return FileError(
          "import.unknown_column",
          "見出し「" + Trim(h) + "」は取り込めない列です（使える列: " + known + "）。");
    }
    if (ctx.has_column[static_cast<int>(*col)]) {
      return FileError("import.duplicate_column",
                       "見出し「" + std::string(Info(*col).title_ja) + "」の列が2つあります。");
    }
    ctx.has_column[static_cast<int>(*col)] = true;
    plan.columns.push_back(*col);
    at.push_back(col);
  }
  for (Col required : {Col::kName, Col::kInstitutionCode, Col::kFacilityKind}) {
    if (!ctx.has_column[static_cast<int>(required)]) {
      return FileError("import.missing_column",
                       "必須の列「" + std::string(Info(required).title_ja) + "」がありません。");
    }
  }
  if (records->size() - 1 > static_cast<size_t>(limits.max_rows)) {
    return FileError("import.too_many_rows", "行が多すぎます（一度に取り込めるのは " +
                                                 std::to_string(limits.max_rows) +
                                                 " 店舗までです）。");
  }
  if (records->size() == 1) return FileError("import.no_rows", "店舗の行がありません。");

  std::map<std::string, int> first_code, first_id;
  for (size_t i = 1; i < records->size(); ++i) {
    const auto& rec = (*records)[i];
    ImportRow row;
    row.row = rec.record;
    row.cells.assign(kImportColumnCount, "");
    bool extra = false;
    for (size_t k = 0; k < rec.fields.size(); ++k) {
      if (k < at.size() && at[k]) {
        row.cells[static_cast<size_t>(*at[k])] = Trim(rec.fields[k]);
      } else if (!Trim(rec.fields[k]).empty()) {
        extra = true;
      }
    }
    if (extra) AddError(row, std::nullopt, "import.extra_cells");
    CheckRow(ctx, row);
    // The same store twice in one file is a copy-and-paste slip; the first one stands.
    const std::string& code = row.site.fields.institution_code;
    if (!code.empty()) {
      auto [it, fresh] = first_code.emplace(code, row.row);
      if (!fresh && !HasErrorOn(row, Col::kInstitutionCode)) {
        AddError(row, Col::kInstitutionCode, "import.duplicate_code", it->second);
      }
    }
    const std::string& id = row.site.fields.site_id;
    if (!id.empty() && !row.cell(Col::kSiteId).empty()) {
      auto [it, fresh] = first_id.emplace(id, row.row);
      if (!fresh && !HasErrorOn(row, Col::kSiteId)) {
        AddError(row, Col::kSiteId, "import.duplicate_id", it->second);
      }
    }
    plan.rows.push_back(std::move(row));
  }
  return plan;
}

std::string ImportProblemMessage(std::string_view reason, int number, std::string_view detail) {
  const std::string n = std::to_string(number);
  static const std::map<std::string_view, std::string_view> kPlain = {
      {"site.bad_id", "店舗IDは半角の英小文字・数字・「-」「_」で32文字以内にしてください。"},
      {"site.name_missing", "医療機関等名を入力してください。"},
      {"site.unknown_kind",
       "施設種別が分かりません（薬局・大型チェーン薬局・診療所・病院・健診実施機関・助産所・"
       "義務化対象外のいずれか）。"},
      {"institution_code.invalid_format",
       "医療機関等コードは半角数字10桁です（都道府県2桁・点数表1桁・コード7桁）。"},
      {"institution_code.unknown_prefecture",
       "医療機関等コードの先頭2桁は都道府県の番号（01〜47）です。"},
      {"institution_code.unknown_score_table",
       "医療機関等コードの3桁目は点数表（1 医科・3 歯科・4 調剤・6 訪問看護）です。"},
      {"institution_code.kind_mismatch",
       "医療機関等コードの点数表（3桁目）が施設種別と合いません（薬局は4、病院・診療所は1か3）。"},
      {"institution_code.leading_zero_lost",
       "医療機関等コードが9桁です。表計算ソフトで先頭の0が消えていないか確かめてください"
       "（列を文字列にして保存します）。"},
      {"site.measure_not_applicable", "経過措置は保険医療機関・保険薬局にだけあります。"},
      {"site.measure_bad_date", "経過措置の期日が日付として読めません（例: 2025-03-31）。"},
      {"site.measure_bad_category", "経過措置は空欄か、1〜6 の番号で書いてください。"},
      {"import.date_without_measure", "経過措置の番号がないのに期日が書かれています。"},
      {"site.phone_full_width", "電話番号に全角文字があります。半角数字で書いてください。"},
      {"site.bad_phone", "電話番号はハイフンなしの半角数字10桁か11桁です。"},
      {"site.bad_email", "メールアドレスの形式が正しくありません。"},
      {"import.bad_encoding", "読めない文字（文字化けや外字）があります。"},
      {"import.control_character", "制御文字が入っています。"},
      {"import.extra_cells", "見出しのない列に値があります。"},
  };
  if (auto it = kPlain.find(reason); it != kPlain.end()) return std::string(it->second);
  if (reason == "institution_code.check_digit_mismatch") {
    return "医療機関等コードの検証番号（末尾）が合いません（計算上は " + n +
           "）。地方厚生局の通知で確かめてください。";
  }
  if (reason == "institution_code.override_reason_missing") {
    return "医療機関等コードの検証番号が合いません（計算上は " + n +
           "）。このコードのままで正しい場合は「コード確認理由」の列に理由を書いてください。";
  }
  if (reason == "import.cell_too_long") return n + " 文字以内にしてください。";
  if (reason == "import.duplicate_code") return n + " 行目と同じ医療機関等コードです。";
  if (reason == "import.duplicate_id") return n + " 行目と同じ店舗IDです。";
  if (reason == "import.code_in_use") {
    return "この医療機関等コードは店舗「" + std::string(detail) + "」で登録済みです。";
  }
  return "この値は登録できません（" + std::string(reason) + "）。";
}

}  // namespace kakunin::site
