#include "rooms/fields.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace rooms {

namespace {
const boost::json::object empty_object;

// JSON numbers like 25.0 or 1e3 arrive as doubles; they count as integers when they are whole
// and fit in int64_t. The range test comes first because converting an out-of-range double is
// undefined behaviour.
std::optional<int64_t> whole_number(double value) {
  constexpr double limit = 9223372036854775808.0;  // 2^63
  if (!std::isfinite(value) || value < -limit || value >= limit) return std::nullopt;
  if (std::trunc(value) != value) return std::nullopt;
  return static_cast<int64_t>(value);
}
}  // namespace

size_t code_points(std::string_view text) {
  return std::count_if(text.begin(), text.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

bool is_uuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

std::string trim(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

Fields::Fields(const boost::json::value& body) {
  if (body.is_null()) {
    object_ = &empty_object;
  } else if (body.is_object()) {
    object_ = &body.get_object();
  } else {
    object_ = &empty_object;
    errors_["body"] = "must be a JSON object";
  }
}

void Fields::fail(std::string_view key, const std::string& message) {
  if (!errors_.contains(key)) errors_[key] = message;
}

const boost::json::value* Fields::find(std::string_view key, bool required) {
  const auto* value = object_->if_contains(key);
  if (value && value->is_null()) value = nullptr;
  if (!value && required) fail(key, "is required");
  return value;
}

std::optional<std::string> Fields::string(std::string_view key, StringRule rule) {
  const auto* value = find(key, rule.required);
  if (!value) return std::nullopt;
  if (!value->is_string()) {
    fail(key, "must be a string");
    return std::nullopt;
  }
  std::string text = rule.trim ? trim(value->get_string()) : std::string(value->get_string());
  size_t length = code_points(text);
  if (length < rule.min || length > rule.max) {
    fail(key, rule.min == rule.max ? "must be " + std::to_string(rule.min) + " characters"
                                   : "must be " + std::to_string(rule.min) + " to " +
                                         std::to_string(rule.max) + " characters");
    return std::nullopt;
  }
  return text;
}

std::optional<int64_t> Fields::integer(std::string_view key, bool required, int64_t min,
                                       int64_t max) {
  const auto* value = find(key, required);
  if (!value) return std::nullopt;
  std::optional<int64_t> number;
  if (value->is_int64()) number = value->get_int64();
  if (value->is_uint64() && value->get_uint64() <= uint64_t(INT64_MAX))
    number = int64_t(value->get_uint64());
  if (value->is_double()) number = whole_number(value->get_double());
  if (!number) {
    fail(key, "must be an integer");
    return std::nullopt;
  }
  if (*number < min || *number > max) {
    fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return number;
}

std::optional<bool> Fields::boolean(std::string_view key, bool required) {
  const auto* value = find(key, required);
  if (!value) return std::nullopt;
  if (!value->is_bool()) {
    fail(key, "must be true or false");
    return std::nullopt;
  }
  return value->get_bool();
}

std::optional<std::string> Fields::one_of(std::string_view key,
                                          std::initializer_list<std::string_view> values,
                                          bool required) {
  const auto* value = find(key, required);
  if (!value) return std::nullopt;
  if (value->is_string()) {
    for (auto allowed : values)
      if (value->get_string() == allowed) return std::string(allowed);
  }
  std::string list;
  for (auto allowed : values) list += (list.empty() ? "" : ", ") + std::string(allowed);
  fail(key, "must be one of " + list);
  return std::nullopt;
}

std::optional<std::string> Fields::uuid(std::string_view key, bool required) {
  const auto* value = find(key, required);
  if (!value) return std::nullopt;
  if (!value->is_string() || !is_uuid(value->get_string())) {
    fail(key, "must be a UUID");
    return std::nullopt;
  }
  std::string id(value->get_string());
  std::transform(id.begin(), id.end(), id.begin(), [](char c) { return std::tolower(c); });
  return id;
}

std::optional<std::string> Fields::email(std::string_view key) {
  auto text = string(key, {.min = 3, .max = 254});
  if (!text) return std::nullopt;
  auto at = text->find('@');
  bool valid = at != std::string::npos && at > 0 && at == text->rfind('@') &&
               text->find('.', at) != std::string::npos && text->back() != '.' &&
               text->find_first_of(" \t<>()[],;:\\\"") == std::string::npos &&
               text->find('.', at) > at + 1;
  if (!valid) {
    fail(key, "must be an email address");
    return std::nullopt;
  }
  std::transform(text->begin(), text->end(), text->begin(),
                 [](char c) { return std::tolower(static_cast<unsigned char>(c)); });
  return text;
}

}  // namespace rooms
