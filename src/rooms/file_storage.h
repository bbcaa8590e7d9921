// The bytes of shared files, one file per upload in `<data-dir>/uploads/<file id>`. File ids
// are UUIDs made by the store, and every key is checked to be one before it touches a path, so
// nothing a client sends (names included) can reach the filesystem.
//
// An upload is first written to a private temporary file in the same directory, flushed, and
// only renamed to its final name once the store has recorded it: a crash leaves either no file
// or a complete one, never a partial file under a real id (an abandoned `.upload-*.tmp` at
// worst). All of it blocks, so it runs on the worker pool.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace rooms {

class FileStorage {
 public:
  explicit FileStorage(std::filesystem::path directory);

  // Writes `bytes` to a new temporary file (creating the directory if needed); returns its path.
  // Throws std::runtime_error when it cannot.
  std::filesystem::path stage(std::string_view bytes) const;
  // Moves a staged file to `key`'s place. Throws std::invalid_argument for a key that is not a
  // UUID, std::runtime_error when the rename fails.
  void commit(const std::filesystem::path& staged, const std::string& key) const;
  // Removes a staged file that will not be committed; never throws.
  void discard(const std::filesystem::path& staged) const noexcept;
  // The bytes stored under `key`, nullopt when there are none (or the key is not a UUID).
  std::optional<std::string> read(const std::string& key) const;

  const std::filesystem::path& directory() const { return directory_; }

 private:
  std::filesystem::path directory_;
};

}  // namespace rooms
