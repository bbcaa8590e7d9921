#include "rooms/file_views.h"

#include "rooms/clock.h"

namespace rooms {

std::string signed_file_url(const auth::UrlSigner& signer, const std::string& file_id,
                            int64_t now_seconds) {
  auto signature = signer.sign(file_id, now_seconds);
  // base64url and decimal digits need no escaping in a query.
  return "/api/files/" + file_id + "?exp=" + std::to_string(signature.expires_at) +
         "&sig=" + signature.signature;
}

boost::json::object file_json(const store::File& file, const auth::UrlSigner& signer,
                              int64_t now_seconds) {
  return {{"file_id", file.id},
          {"room_id", file.room_id},
          {"user_id", file.user_id},
          {"name", file.name},
          {"size", file.size},
          {"content_type", file.content_type},
          {"url", signed_file_url(signer, file.id, now_seconds)},
          {"url_expires_at", format_iso8601((now_seconds + signer.lifetime().count()) * 1000)},
          {"created_at", format_iso8601(file.created_at)}};
}

boost::json::array files_json(const std::vector<store::File>& files, const auth::UrlSigner& signer,
                              int64_t now_seconds) {
  boost::json::array list;
  for (const auto& file : files) list.push_back(file_json(file, signer, now_seconds));
  return list;
}

}  // namespace rooms
