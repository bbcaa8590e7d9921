// The JWT signing secret persisted in `<data_dir>/jwt-secret`, so tokens survive restarts.
// A missing file is created from 32 bytes of OpenSSL randomness, hex-encoded: written to a
// private temporary file (mode 0600), flushed, then hard-linked into place. Linking rather than
// renaming means two processes creating the secret at once never overwrite each other: the
// loser sees EEXIST and reads the winner's file.
#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>

#include "auth/jwt.h"

namespace auth {
namespace {

namespace fs = std::filesystem;

constexpr size_t kSecretBytes = 32;
constexpr std::string_view kSecretFileName = "jwt-secret";

[[noreturn]] void throw_errno(const std::string& what, const fs::path& path) {
  throw std::runtime_error(what + " " + path.string() + ": " + std::strerror(errno));
}

std::string hex_encode(const unsigned char* bytes, size_t size) {
  constexpr std::string_view kDigits = "0123456789abcdef";
  std::string hex;
  hex.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    hex += kDigits[bytes[i] >> 4];
    hex += kDigits[bytes[i] & 0x0F];
  }
  return hex;
}

std::string random_hex(size_t byte_count) {
  unsigned char bytes[kSecretBytes];
  if (byte_count > sizeof bytes || RAND_bytes(bytes, int(byte_count)) != 1) {
    throw std::runtime_error("no random bytes for the JWT secret");
  }
  return hex_encode(bytes, byte_count);
}

std::string trim_whitespace(const std::string& text) {
  constexpr const char* kWhitespace = " \t\r\n\v\f";
  const size_t begin = text.find_first_not_of(kWhitespace);
  if (begin == std::string::npos) return {};
  const size_t end = text.find_last_not_of(kWhitespace);
  return text.substr(begin, end - begin + 1);
}

// The trimmed contents, or nullopt when the file does not exist.
std::optional<std::string> read_secret_file(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) return std::nullopt;
  if (fd < 0) throw_errno("cannot open", path);
  std::string contents;
  char buffer[256];
  for (;;) {
    const ssize_t count = ::read(fd, buffer, sizeof buffer);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) {
      const int read_errno = errno;
      ::close(fd);
      errno = read_errno;
      throw_errno("cannot read", path);
    }
    if (count == 0) break;
    contents.append(buffer, size_t(count));
  }
  ::close(fd);
  const std::string secret = trim_whitespace(contents);
  if (secret.empty()) throw std::runtime_error("empty JWT secret in " + path.string());
  return secret;
}

void write_all(int fd, std::string_view text, const fs::path& path) {
  while (!text.empty()) {
    const ssize_t written = ::write(fd, text.data(), text.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) throw_errno("cannot write", path);
    text.remove_prefix(size_t(written));
  }
}

// Makes the new directory entry durable, so a crash cannot leave tokens signed with a secret
// that is gone after the restart.
void sync_directory(const fs::path& directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// Writes `contents` to a fresh 0600 file next to `path`, flushed to disk.
fs::path write_private_temp_file(const fs::path& path, std::string_view contents) {
  const fs::path temp_path = path.string() + ".tmp-" + random_hex(8);
  const int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw_errno("cannot create", temp_path);
  try {
    // The umask can only remove bits, but be explicit about the mode the secret needs.
    if (::fchmod(fd, 0600) != 0) throw_errno("cannot chmod", temp_path);
    write_all(fd, contents, temp_path);
    if (::fsync(fd) != 0) throw_errno("cannot flush", temp_path);
  } catch (...) {
    ::close(fd);
    ::unlink(temp_path.c_str());
    throw;
  }
  ::close(fd);
  return temp_path;
}

// Publishes a new secret at `path` unless another creator got there first; returns whether it
// did.
bool publish_new_secret(const fs::path& path, const std::string& secret) {
  const fs::path temp_path = write_private_temp_file(path, secret + "\n");
  const int link_result = ::link(temp_path.c_str(), path.c_str());
  const int link_errno = errno;
  ::unlink(temp_path.c_str());
  if (link_result != 0 && link_errno == EEXIST) return false;
  errno = link_errno;
  if (link_result != 0) throw_errno("cannot create", path);
  sync_directory(path.parent_path());
  return true;
}

}  // namespace

std::string load_or_create_secret(const std::string& data_dir) {
  const fs::path directory(data_dir);
  const fs::path path = directory / kSecretFileName;
  if (std::optional<std::string> existing = read_secret_file(path)) return *existing;

  std::error_code error;
  fs::create_directories(directory, error);
  if (error) {
    throw std::runtime_error("cannot create data directory " + data_dir + ": " + error.message());
  }
  const std::string secret = random_hex(kSecretBytes);
  if (publish_new_secret(path, secret)) return secret;
  if (std::optional<std::string> winner = read_secret_file(path)) return *winner;
  throw std::runtime_error("JWT secret " + path.string() + " vanished while being created");
}

}  // namespace auth
