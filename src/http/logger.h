// Structured log lines. Each line has a timestamp, a level, a message and fields (request_id,
// user_id, room_id, endpoint, error...). In json format a line is one JSON object; in text
// format it is "timestamp LEVEL message key=value ...". Lines go to stderr through spdlog,
// whose sink serialises concurrent writers.
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <string_view>

namespace spdlog {
class logger;
}

namespace http {

class Logger {
 public:
  enum class Format { text, json };
  enum class Level { debug, info, warn, error };

  explicit Logger(Format format, Level threshold = Level::info);
  ~Logger();

  void log(Level level, std::string_view message, const boost::json::object& fields = {});
  void info(std::string_view message, const boost::json::object& fields = {}) {
    log(Level::info, message, fields);
  }
  void warn(std::string_view message, const boost::json::object& fields = {}) {
    log(Level::warn, message, fields);
  }
  void error(std::string_view message, const boost::json::object& fields = {}) {
    log(Level::error, message, fields);
  }

  // One line as it would be written, without the trailing newline.
  std::string format(Level level, std::string_view message,
                     const boost::json::object& fields) const;

 private:
  Format format_;
  Level threshold_;
  std::shared_ptr<spdlog::logger> sink_;
};

}  // namespace http
