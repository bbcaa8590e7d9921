// Parses JSON into Boost.JSON values the way JavaScript's JSON.parse reads it. Boost.JSON 1.81's
// own parser differs from JSON.parse twice: it may round a number with a fraction or exponent to
// a neighbouring double (it reads 1.9943870155891414 as 1.9943870155891417), and it rejects
// strings holding a lone UTF-16 surrogate escape ("\ud800"), which JSON.parse accepts. This reader
// rounds every number correctly and keeps lone surrogates, so a value that goes through parse_json
// and append_json comes out as Node.js would write it.
//
// Strings are UTF-8, except that a \u escape of a surrogate that is not part of a valid pair
// (U+D800..U+DFFF) is stored as its 3-byte generalized UTF-8 form, ED A0 80..ED BF BF (as in
// WTF-8); append_json writes such a sequence back as the escape. Only escapes produce these bytes:
// raw text in the input must be valid UTF-8, in which surrogates are not allowed.
#pragma once

#include <boost/json/parse_options.hpp>
#include <boost/json/value.hpp>
#include <boost/system/error_code.hpp>
#include <string_view>

namespace sio::protocol {

// Like boost::json::parse: the whole of `text` must be one JSON value (surrounding whitespace
// allowed); on failure `ec` is set and the result is null. All of `options` are honoured:
// max_depth, allow_comments, allow_trailing_commas and allow_invalid_utf8 (which lets invalid raw
// UTF-8 through as it is).
boost::json::value parse_json(std::string_view text, boost::system::error_code& ec,
                              const boost::json::parse_options& options = {});

}  // namespace sio::protocol
