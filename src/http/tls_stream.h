// The TLS stream type of the HTTP server and the ByteStream over it. Only the files that make
// or drive TLS connections include this (Boost.Asio's SSL headers are heavy).
#pragma once

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "http/byte_stream.h"

namespace http {

// Beast's ssl_stream flattens a gather write into one buffer, so a burst of WebSocket frames
// is one TLS record rather than one per frame.
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

std::unique_ptr<ByteStream> make_tls_byte_stream(TlsStream stream);

}  // namespace http
