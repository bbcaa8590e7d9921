// Row parsing, constraint naming and retry backoff shared by both engines (see sql.h).
#include "store/sql.h"

#include <charconv>
#include <chrono>
#include <random>
#include <thread>

namespace store::sql {

int64_t Row::integer(size_t i) const {
  const auto& cell = cells_.at(i);
  if (!cell) return 0;
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(cell->data(), cell->data() + cell->size(), v);
  if (ec != std::errc{} || ptr != cell->data() + cell->size())
    throw DbError("not an integer in result column: " + *cell);
  return v;
}

bool Row::boolean(size_t i) const {
  const auto& cell = cells_.at(i);
  // SQLite stores 0/1; PostgreSQL's text format writes booleans as t/f.
  return cell && (*cell == "1" || *cell == "t" || *cell == "true");
}

bool ConstraintError::is_unique(std::string_view table, std::string_view column) const {
  if (kind != Kind::unique) return false;
  std::string sqlite_name = std::string(table) + "." + std::string(column);
  std::string pg_name = std::string(table) + "_" + std::string(column) + "_key";
  return constraint == sqlite_name || constraint == pg_name;
}

bool storable(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == 0) return false;
    if (c < 0x80) {
      ++i;
      continue;
    }
    // Sequence length from the lead byte; overlong forms, surrogates and > U+10FFFF are invalid.
    size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
    if (len == 0 || c > 0xf4 || i + len > n) return false;
    auto c1 = static_cast<unsigned char>(text[i + 1]);
    if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 > 0x9f) || (c == 0xf0 && c1 < 0x90) ||
        (c == 0xf4 && c1 > 0x8f))
      return false;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return false;
    i += len;
  }
  return true;
}

ConstraintError unstorable_text() {
  return ConstraintError(ConstraintError::Kind::check, "",
                         "text value is not valid UTF-8 or contains a NUL character");
}

void backoff(int attempt) {
  thread_local std::minstd_rand rng{std::random_device{}()};
  int base_ms = std::min(5 << std::min(attempt, 5), 160);
  std::uniform_int_distribution<int> jitter(0, base_ms);
  std::this_thread::sleep_for(std::chrono::milliseconds(base_ms + jitter(rng)));
}

}  // namespace store::sql
