// The JSON form of a shared file, as the upload answer, the file-shared event, listings and the
// room state write it: {file_id, room_id, user_id, name, size, content_type, url,
// url_expires_at, created_at}. `url` is a fresh relative signed download URL
// (/api/files/<id>?exp=&sig=, auth/signed_url.h), so every answer hands out a link valid for
// the signer's lifetime from now.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "auth/signed_url.h"
#include "store/store.h"

namespace rooms {

std::string signed_file_url(const auth::UrlSigner& signer, const std::string& file_id,
                            int64_t now_seconds);
boost::json::object file_json(const store::File& file, const auth::UrlSigner& signer,
                              int64_t now_seconds);
boost::json::array files_json(const std::vector<store::File>& files, const auth::UrlSigner& signer,
                              int64_t now_seconds);

}  // namespace rooms
