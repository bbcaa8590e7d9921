// Serialises Boost.JSON values exactly as JavaScript's JSON.stringify does: compact, object keys
// in insertion order, the same string escapes and the same number formatting (1.5 not 1.5E0,
// 1e+21, 1e-7), so packets are byte-identical to the Node.js server's. Integers beyond +-2^53,
// which a JavaScript number cannot hold, are written as the nearest double, as Node would.
// A string may hold lone UTF-16 surrogates as parse_json stores them (the 3-byte generalized UTF-8
// forms ED A0 80..ED BF BF): each is written as a lower-case \udxxx escape, as JSON.stringify
// writes a lone surrogate.
#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace sio::protocol {

void append_json(std::string& out, const boost::json::value& value);
std::string to_json(const boost::json::value& value);

// A JavaScript number's text form (Number.prototype.toString); NaN and infinities give "null"
// as JSON.stringify writes them.
void append_js_number(std::string& out, double number);

}  // namespace sio::protocol
