// Parses JSON into Boost.JSON values the way JavaScript's JSON.parse reads it. Boost.JSON 1.81's
// own parser may round a number with a fraction or exponent to a neighbouring double (it reads
// 1.9943870155891414 as 1.9943870155891417); this one rounds every number correctly, so a value
// that goes through parse_json and append_json comes out as Node.js would write it.
#pragma once

#include <boost/json/parse_options.hpp>
#include <boost/json/value.hpp>
#include <boost/system/error_code.hpp>
#include <string_view>

namespace sio::protocol {

// Like boost::json::parse: the whole of `text` must be one JSON value (surrounding whitespace
// allowed); on failure `ec` is set and the result is null.
boost::json::value parse_json(std::string_view text, boost::system::error_code& ec,
                              const boost::json::parse_options& options = {});

}  // namespace sio::protocol
