// RoomSocket (see room_socket.h). Packets are Engine.IO type digit + Socket.IO type digit +
// "<nsp>," + optional ack id + JSON: `42/room/ID,["new-message",...]`, `43/room/ID,7[...]`,
// `40/room/ID,{"sid":...}`, `44/room/ID,{"message":...}`.
#include "room_socket.h"

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket.hpp>
#include <charconv>

namespace carrel_load {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

RoomSocket::RoomSocket(asio::io_context& ioc, const ServerAddress& server, std::string nsp)
    : ws_(ioc), server_(server), nsp_(std::move(nsp)) {}

void RoomSocket::open(Done done) {
  open_done_ = std::move(done);
  state_ = State::kOpening;
  auto self = shared_from_this();
  beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(30));
  beast::get_lowest_layer(ws_).async_connect(server_.endpoint, [self](beast::error_code ec) {
    if (ec) return self->fail();
    beast::error_code ig;
    beast::get_lowest_layer(self->ws_).socket().set_option(tcp::no_delay(true), ig);
    beast::get_lowest_layer(self->ws_).expires_never();
    websocket::stream_base::timeout to{};
    to.handshake_timeout = std::chrono::seconds(30);
    to.idle_timeout = websocket::stream_base::none();
    to.keep_alive_pings = false;
    self->ws_.set_option(to);
    self->ws_.auto_fragment(false);
    self->ws_.secure_prng(false);  // masking keys need not be cryptographic here
    self->ws_.async_handshake(self->server_.host_header, "/socket.io/?EIO=4&transport=websocket",
                              [self](beast::error_code ec) {
                                if (ec) return self->fail();
                                self->ws_.text(true);
                                self->read();
                              });
  });
}

void RoomSocket::connect(std::string auth_json, Done done) {
  connect_done_ = std::move(done);
  state_ = State::kConnecting;
  send("40" + nsp_ + "," + auth_json);
}

void RoomSocket::emit(std::string_view args, AckHandler ack) {
  std::string text = "42" + nsp_ + ",";
  if (ack) {
    uint64_t id = next_ack_++;
    text += std::to_string(id);
    acks_.emplace_back(id, std::move(ack));
  }
  text += '[';
  text += args;
  text += ']';
  send(std::move(text));
}

void RoomSocket::disconnect() {
  if (state_ == State::kClosed) return;
  send("41" + nsp_ + ",");
  close_after_write_ = true;
  state_ = State::kOpen;
  if (!writing_) close();
}

void RoomSocket::close() {
  if (closed_) return;
  closed_ = true;
  state_ = State::kClosed;
  on_close_ = nullptr;
  beast::error_code ig;
  beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ig);
  beast::get_lowest_layer(ws_).socket().close(ig);
  auto acks = std::move(acks_);
  acks_.clear();
  for (auto& [id, handler] : acks) handler({});
  if (auto d = std::move(open_done_)) d(false);
  if (auto d = std::move(connect_done_)) d(false);
}

void RoomSocket::read() {
  auto self = shared_from_this();
  ws_.async_read(rbuf_, [self](beast::error_code ec, size_t) {
    if (ec) return self->fail();
    auto d = self->rbuf_.cdata();
    self->handle(std::string_view(static_cast<const char*>(d.data()), d.size()));
    self->rbuf_.consume(self->rbuf_.size());
    if (self->state_ != State::kClosed) self->read();
  });
}

void RoomSocket::handle(std::string_view m) {
  if (m.empty()) return;
  switch (m[0]) {
    case '0':  // Engine.IO open
      if (state_ == State::kOpening) {
        state_ = State::kOpen;
        if (auto d = std::move(open_done_)) d(true);
      }
      return;
    case '2':  // ping
      ++pings_;
      send("3");
      return;
    case '1':  // Engine.IO close
      return fail();
    case '4':
      if (m.size() < 2) return;
      if (m.substr(2, nsp_.size()) != nsp_ || m.size() < 3 + nsp_.size()) return;
      return handle_namespace(m[1], m.substr(3 + nsp_.size()));
    default:
      return;
  }
}

void RoomSocket::handle_namespace(char type, std::string_view rest) {
  switch (type) {
    case '0':  // connect ack
      state_ = State::kConnected;
      if (auto d = std::move(connect_done_)) d(true);
      return;
    case '4':  // connect error
      if (auto d = std::move(connect_done_)) d(false);
      return fail();
    case '1':  // disconnect by the server
      return fail();
    case '2':
      if (on_event_) on_event_(rest);
      return;
    case '3': {
      uint64_t id = 0;
      auto r = std::from_chars(rest.data(), rest.data() + rest.size(), id);
      if (r.ec != std::errc()) return;
      for (size_t i = 0; i < acks_.size(); ++i) {
        if (acks_[i].first != id) continue;
        auto handler = std::move(acks_[i].second);
        acks_.erase(acks_.begin() + static_cast<std::ptrdiff_t>(i));
        handler(rest.substr(static_cast<size_t>(r.ptr - rest.data())));
        return;
      }
      return;
    }
    default:
      return;
  }
}

void RoomSocket::send(std::string text) {
  if (state_ == State::kClosed) return;
  out_.push_back(std::move(text));
  flush();
}

void RoomSocket::flush() {
  if (writing_ || out_.empty()) return;
  writing_ = true;
  auto self = shared_from_this();
  ws_.async_write(asio::buffer(out_.front()), [self](beast::error_code ec, size_t) {
    self->writing_ = false;
    self->out_.pop_front();
    if (ec) return self->fail();
    if (self->close_after_write_ && self->out_.empty()) return self->close();
    self->flush();
  });
}

void RoomSocket::fail() {
  if (state_ == State::kClosed) return;
  auto handler = std::move(on_close_);
  close();
  if (handler) handler();
}

}  // namespace carrel_load
