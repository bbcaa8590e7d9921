// REST routes of file sharing (seed 003): uploading into a room, listing a room's files and
// downloading through a signed URL.
//
// An upload runs in two steps on the worker pool. First, anywhere on the pool (a 25 MiB write
// must not hold up the room's chat): the participant check, reading the body (multipart or raw
// with X-Filename), sniffing the type and writing the bytes to a temporary file. Then, in the
// room's lane, so that its version and broadcast keep their order with the room's other
// events: recording the file in the store (which bumps the version) and renaming the bytes to
// `uploads/<file id>`. A failed record removes the temporary file.
//
// Downloads carry no token: the URL's signature (auth/signed_url.h) is checked first, so
// without a valid link nothing is revealed, not even whether the file exists. The whole file
// is read into memory on the pool and sent as one response; that is fine for the 25 MiB
// --max-upload default, larger limits would want a streamed body.
#include <boost/json/object.hpp>

#include "auth/signed_url.h"
#include "http/multipart.h"
#include "rooms/clock.h"
#include "rooms/fields.h"
#include "rooms/file_names.h"
#include "rooms/file_storage.h"
#include "rooms/file_types.h"
#include "rooms/file_views.h"
#include "rooms/participation.h"
#include "rooms/rest_api.h"

namespace rooms {

namespace json = boost::json;

namespace {

constexpr int kListedFiles = 100;

Failure file_not_found() {
  return not_found("FILE_NOT_FOUND", "No such file");
}

Failure invalid_upload(std::string_view field, std::string message) {
  return validation_failure(json::object{{field, std::move(message)}});
}

struct Upload {
  std::string raw_name;
  std::string_view data;  // into the request body
};

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  return true;
}

// The uploaded file of a request: the first file part of a multipart/form-data body, or the
// whole body named by X-Filename. Throws Refused (400) when neither is there.
Upload read_upload(const http::Request& request) {
  auto content_type = request[http::Field::content_type];
  if (starts_with_ci(content_type, "multipart/")) {
    auto boundary = http::multipart_boundary(content_type);
    if (!boundary)
      throw Refused{invalid_upload("Content-Type", "must be multipart/form-data with a boundary")};
    auto form = http::first_file_part(request.body(), *boundary);
    if (form.status == http::FormStatus::malformed)
      throw Refused{invalid_upload("body", "malformed multipart body: " + form.reason)};
    if (form.status == http::FormStatus::no_file)
      throw Refused{invalid_upload("file", "is required: no part carries a filename")};
    return {std::move(form.file.filename), form.file.data};
  }
  auto header = request["X-Filename"];
  if (header.empty())
    throw Refused{invalid_upload("X-Filename", "is required for an upload that is not multipart")};
  return {decode_header_file_name(header), request.body()};
}

struct StagedUpload {
  store::NewFile file;
  std::filesystem::path path;
};

}  // namespace

void RestApi::add_file_routes() {
  using http::Verb;
  route(Verb::post, "/api/rooms/:id/files", Access::user,
        [this](const ApiRequestPtr& request) { upload_file(request); });
  route(Verb::get, "/api/rooms/:id/files", Access::user,
        [this](const ApiRequestPtr& request) { list_files(request); });
  route(Verb::get, "/api/files/:id", Access::anyone,
        [this](const ApiRequestPtr& request) { download_file(request); });
}

void RestApi::upload_file(const ApiRequestPtr& request) {
  const std::string room_id = request->param("id");
  if (!is_uuid(room_id)) return request->fail(room_not_found());
  if (!rooms_.file_urls() || options_.uploads_dir.empty())
    return request->fail({http::Status::service_unavailable, "FILES_UNAVAILABLE",
                          "File sharing is not configured on this server"});
  auto* store = &rooms_.store();
  FileStorage storage(options_.uploads_dir);
  // The request outlives the work: the completion below holds it until the work is done.
  const http::Request* http_request = &request->request();
  pool_.run(
      [store, storage, http_request, room_id, user_id = request->actor().user_id] {
        require_participant(*store, room_id, user_id);
        auto upload = read_upload(*http_request);
        if (upload.data.empty()) throw Refused{invalid_upload("file", "must not be empty")};
        StagedUpload staged;
        staged.file.room_id = room_id;
        staged.file.user_id = user_id;
        staged.file.name = sanitize_file_name(upload.raw_name);
        staged.file.size = int64_t(upload.data.size());
        staged.file.content_type = sniff_file_type(upload.data, staged.file.name).content_type;
        staged.file.created_at = now_millis();
        staged.path = storage.stage(upload.data);
        return staged;
      },
      [this, request, storage](Outcome<StagedUpload> staged) {
        if (!staged.ok()) return request->fail(failure_from(staged.error()));
        record_upload(request, storage, std::move(staged.value().file), staged.value().path);
      });
}

void RestApi::record_upload(const ApiRequestPtr& request, const FileStorage& storage,
                            const store::NewFile& file, const std::filesystem::path& staged) {
  auto* store = &rooms_.store();
  const std::string room_id = file.room_id;
  rooms_.in_room(
      room_id, request->replier(http::Status::created),
      [store, storage, file, staged] {
        try {
          int64_t version = 0;
          auto recorded = store->add_file(file, &version);
          storage.commit(staged, recorded.storage_key);
          return std::make_pair(recorded, version);
        } catch (...) {
          storage.discard(staged);
          throw;
        }
      },
      [this, room_id](std::pair<store::File, int64_t>& recorded, Reply& reply) {
        rooms_.note_version(room_id, recorded.second);
        auto json = file_json(recorded.first, *rooms_.file_urls(), auth::unix_seconds());
        rooms_.log().info("file shared", {{"room_id", room_id},
                                          {"file_id", recorded.first.id},
                                          {"user_id", recorded.first.user_id},
                                          {"size", recorded.first.size},
                                          {"content_type", recorded.first.content_type}});
        rooms_.broadcast(room_id, "file-shared", json);
        reply(std::nullopt, json::object{{"success", true}, {"file", std::move(json)}});
      });
}

void RestApi::list_files(const ApiRequestPtr& request) {
  const std::string room_id = request->param("id");
  if (!is_uuid(room_id)) return request->fail(room_not_found());
  if (!rooms_.file_urls())
    return request->reply(http::Status::ok, json::object{{"files", json::array()}});
  auto* store = &rooms_.store();
  pool_.run(
      [store, room_id, user_id = request->actor().user_id] {
        require_participant(*store, room_id, user_id);
        return store->files(room_id, kListedFiles);
      },
      [this, request](Outcome<std::vector<store::File>> files) {
        if (!files.ok()) return request->fail(failure_from(files.error()));
        request->reply(http::Status::ok,
                       json::object{{"files", files_json(files.value(), *rooms_.file_urls(),
                                                         auth::unix_seconds())}});
      });
}

void RestApi::download_file(const ApiRequestPtr& request) {
  const std::string id = request->param("id");
  const auto* signer = rooms_.file_urls();
  if (!signer) return request->fail(file_not_found());
  const int64_t now = auth::unix_seconds();
  switch (signer->verify(id, request->query("exp").value_or(""), request->query("sig").value_or(""),
                         now)) {
    case auth::UrlCheck::invalid_signature:
      return request->fail(
          {http::Status::forbidden, "INVALID_SIGNATURE", "The download link is not valid"});
    case auth::UrlCheck::expired:
      return request->fail({http::Status::forbidden, "URL_EXPIRED",
                            "The download link has expired; ask the room for a fresh one"});
    case auth::UrlCheck::valid:
      break;
  }
  if (!is_uuid(id)) return request->fail(file_not_found());
  auto* store = &rooms_.store();
  pool_.run(
      [store, storage = FileStorage(options_.uploads_dir), id] {
        auto file = store->file(id);
        if (!file) throw Refused{file_not_found()};
        auto bytes = storage.read(file->storage_key);
        if (!bytes) {
          auto missing = file_not_found();
          missing.internal = "the file's bytes are missing from the uploads directory";
          throw Refused{missing};
        }
        return std::make_pair(std::move(*file), std::move(*bytes));
      },
      [request](Outcome<std::pair<store::File, std::string>> found) {
        if (!found.ok()) return request->fail(failure_from(found.error()));
        auto& [file, bytes] = found.value();
        auto response = http::make_response(request->request(), http::Status::ok, std::move(bytes),
                                            file.content_type);
        const bool show = shown_inline(file.content_type);
        response.set(http::Field::content_disposition,
                     content_disposition(show ? "inline" : "attachment", file.name));
        // The URL itself expires; a cached copy must not outlive what the link allowed.
        response.set(http::Field::cache_control, "private, max-age=300");
        request->respond(std::move(response));
      });
}

}  // namespace rooms
