#include "http/logger.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>

#include "http/error_response.h"

namespace http {

namespace {

const char* level_name(Logger::Level level) {
  switch (level) {
    case Logger::Level::debug:
      return "debug";
    case Logger::Level::info:
      return "info";
    case Logger::Level::warn:
      return "warn";
    case Logger::Level::error:
      return "error";
  }
  return "info";
}

}  // namespace

Logger::Logger(Format format, Level threshold)
    : format_(format),
      threshold_(threshold),
      sink_(std::make_shared<spdlog::logger>("carrel",
                                             std::make_shared<spdlog::sinks::stderr_sink_mt>())) {
  sink_->set_pattern("%v");
  sink_->set_level(spdlog::level::trace);
  sink_->flush_on(spdlog::level::trace);
}

Logger::~Logger() = default;

std::string Logger::format(Level level, std::string_view message,
                           const boost::json::object& fields) const {
  if (format_ == Format::json) {
    boost::json::object line{
        {"timestamp", iso8601_now()}, {"level", level_name(level)}, {"message", message}};
    for (const auto& field : fields) line[field.key()] = field.value();
    return boost::json::serialize(line);
  }
  std::string line = iso8601_now() + " " + level_name(level) + " " + std::string(message);
  for (const auto& field : fields) {
    line += " " + std::string(field.key()) + "=";
    line += field.value().is_string() ? std::string(field.value().get_string())
                                      : boost::json::serialize(field.value());
  }
  return line;
}

void Logger::log(Level level, std::string_view message, const boost::json::object& fields) {
  if (level < threshold_) return;
  sink_->info(format(level, message, fields));
}

}  // namespace http
