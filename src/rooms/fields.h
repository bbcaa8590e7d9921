// Reads and validates the fields of a JSON request body (REST or a Socket.IO event payload),
// collecting a message per bad field so one answer lists every problem:
//
//   Fields fields(body);
//   auto email = fields.string("email", {.min = 3, .max = 254});
//   if (!fields.ok()) return fail(validation_failure(fields.errors()));
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace rooms {

struct StringRule {
  bool required = true;
  size_t min = 0;     // in Unicode code points, after trimming
  size_t max = 1000;  // idem
  bool trim = true;
};

class Fields {
 public:
  // A body that is not a JSON object is one error on the field "body". A null body (an empty
  // Socket.IO payload) reads as an empty object.
  explicit Fields(const boost::json::value& body);
  // Fields keeps a reference to the body: a temporary would dangle.
  explicit Fields(boost::json::value&& body) = delete;

  std::optional<std::string> string(std::string_view key, StringRule rule = {});
  std::optional<int64_t> integer(std::string_view key, bool required, int64_t min, int64_t max);
  std::optional<bool> boolean(std::string_view key, bool required = false);
  std::optional<std::string> one_of(std::string_view key,
                                    std::initializer_list<std::string_view> values, bool required);
  std::optional<std::string> uuid(std::string_view key, bool required);
  std::optional<std::string> email(std::string_view key);

  void fail(std::string_view key, const std::string& message);
  bool ok() const { return errors_.empty(); }
  const boost::json::object& errors() const { return errors_; }

 private:
  const boost::json::value* find(std::string_view key, bool required);

  const boost::json::object* object_ = nullptr;
  boost::json::object errors_;
};

// Number of Unicode code points in UTF-8 text.
size_t code_points(std::string_view text);
bool is_uuid(std::string_view text);
std::string trim(std::string_view text);

}  // namespace rooms
