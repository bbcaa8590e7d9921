#include "rooms/file_storage.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "rooms/fields.h"
#include "store/ids.h"

namespace rooms {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& what, const fs::path& path) {
  throw std::runtime_error(what + " " + path.string() + ": " + std::strerror(errno));
}

void write_all(int fd, std::string_view bytes, const fs::path& path) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("cannot write", path);
    bytes.remove_prefix(size_t(n));
  }
}

// Makes the rename durable: the directory entry is flushed too.
void sync_directory(const fs::path& directory) {
  int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

FileStorage::FileStorage(fs::path directory) : directory_(std::move(directory)) {}

fs::path FileStorage::stage(std::string_view bytes) const {
  std::error_code ec;
  fs::create_directories(directory_, ec);
  if (ec) throw std::runtime_error("cannot create " + directory_.string() + ": " + ec.message());
  const fs::path path = directory_ / (".upload-" + store::new_uuid() + ".tmp");
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640);
  if (fd < 0) fail("cannot create", path);
  try {
    write_all(fd, bytes, path);
    if (::fsync(fd) != 0) fail("cannot flush", path);
  } catch (...) {
    ::close(fd);
    ::unlink(path.c_str());
    throw;
  }
  if (::close(fd) != 0) {
    ::unlink(path.c_str());
    fail("cannot close", path);
  }
  return path;
}

void FileStorage::commit(const fs::path& staged, const std::string& key) const {
  if (!is_uuid(key)) throw std::invalid_argument("storage key is not a file id");
  const fs::path target = directory_ / key;
  if (::rename(staged.c_str(), target.c_str()) != 0) fail("cannot rename to", target);
  sync_directory(directory_);
}

void FileStorage::discard(const fs::path& staged) const noexcept {
  ::unlink(staged.c_str());
}

std::optional<std::string> FileStorage::read(const std::string& key) const {
  if (!is_uuid(key)) return std::nullopt;
  const fs::path path = directory_ / key;
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) return std::nullopt;
  if (fd < 0) fail("cannot open", path);
  struct stat info {};
  std::string bytes;
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) bytes.reserve(size_t(info.st_size));
  char buffer[64 * 1024];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      fail("cannot read", path);
    }
    if (n == 0) break;
    bytes.append(buffer, size_t(n));
  }
  ::close(fd);
  return bytes;
}

}  // namespace rooms
