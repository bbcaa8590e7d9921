// Accounts: sign-up, log-in and the current user. Password hashing and checking run on the
// worker pool (argon2id takes tens of milliseconds by design); log-in answers the same
// INVALID_CREDENTIALS for an unknown email and a wrong password.
#include "auth/password.h"
#include "rooms/fields.h"
#include "rooms/rest_api.h"
#include "rooms/views.h"

namespace rooms {

namespace json = boost::json;

namespace {

Failure invalid_credentials() {
  return {http::Status::unauthorized, "INVALID_CREDENTIALS", "Wrong email or password"};
}

// Checks the password even for an unknown email, so timing does not reveal which emails exist.
const std::string& decoy_hash() {
  static const std::string hash = auth::hash_password("carrel-decoy-password");
  return hash;
}

}  // namespace

void RestApi::add_account_routes() {
  route(http::Verb::post, "/api/auth/signup", Access::anyone,
        [this](const ApiRequestPtr& request) { signup(request); });
  route(http::Verb::post, "/api/auth/login", Access::anyone,
        [this](const ApiRequestPtr& request) { login(request); });
  route(http::Verb::get, "/api/me", Access::user,
        [this](const ApiRequestPtr& request) { me(request); });
}

json::object RestApi::session_json(const store::User& user) const {
  return {{"token", tokens_.sign({user.id, user.name, user.is_admin})}, {"user", user_json(user)}};
}

void RestApi::signup(const ApiRequestPtr& request) {
  auto body = request->json_body();
  if (!body) return;
  Fields fields(*body);
  auto name = fields.string("name", {.min = 1, .max = 100});
  auto email = fields.email("email");
  auto password = fields.string("password", {.min = 8, .max = 128, .trim = false});
  if (!fields.ok()) return request->fail(validation_failure(fields.errors()));
  auto* store = &rooms_.store();
  pool_.run(
      [store, name = *name, email = *email, password = *password] {
        store::NewUser user{name, email, auth::hash_password(password)};
        return store->create_user(user);
      },
      [this, request](Outcome<std::optional<store::User>> created) {
        if (!created.ok()) return request->fail(failure_from(created.error()));
        if (!created.value())
          return request->fail(
              {http::Status::conflict, "EMAIL_TAKEN", "An account with this email exists already"});
        metrics_.counter("carrel_signups_total", "Accounts created").inc();
        request->reply(http::Status::created, session_json(*created.value()));
      });
}

void RestApi::login(const ApiRequestPtr& request) {
  auto body = request->json_body();
  if (!body) return;
  Fields fields(*body);
  auto email = fields.string("email", {.min = 1, .max = 254});
  auto password = fields.string("password", {.min = 1, .max = 128, .trim = false});
  if (!fields.ok()) return request->fail(validation_failure(fields.errors()));
  std::string lowered = *email;
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](char c) { return std::tolower(static_cast<unsigned char>(c)); });
  auto* store = &rooms_.store();
  pool_.run(
      [store, email = lowered, password = *password]() -> std::optional<store::User> {
        auto user = store->user_by_email(email);
        bool valid = auth::verify_password(password, user ? user->password_hash : decoy_hash());
        if (!user || !valid || user->is_anonymous) return std::nullopt;
        return user;
      },
      [this, request](Outcome<std::optional<store::User>> found) {
        if (!found.ok()) return request->fail(failure_from(found.error()));
        if (!found.value()) return request->fail(invalid_credentials());
        request->reply(http::Status::ok, session_json(*found.value()));
      });
}

void RestApi::me(const ApiRequestPtr& request) {
  auto* store = &rooms_.store();
  pool_.run(
      [store, id = request->actor().user_id] {
        auto user = store->user_by_id(id);
        std::optional<store::Participant> participant;
        if (user) participant = store->participant_of_user(id);
        return std::make_pair(user, participant);
      },
      [request](auto found) {
        if (!found.ok()) return request->fail(failure_from(found.error()));
        auto& [user, participant] = found.value();
        if (!user) return request->fail(unauthorized("The account no longer exists"));
        auto json = user_json(*user);
        json["room_id"] = participant ? json::value(participant->room_id) : json::value(nullptr);
        request->reply(http::Status::ok, json::object{{"user", std::move(json)}});
      });
}

void bootstrap_admin(store::Store& store, const std::string& email_and_password) {
  auto colon = email_and_password.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 8 > email_and_password.size())
    throw std::runtime_error("--bootstrap-admin must be email:password with 8+ characters");
  std::string email = email_and_password.substr(0, colon);
  std::transform(email.begin(), email.end(), email.begin(),
                 [](char c) { return std::tolower(static_cast<unsigned char>(c)); });
  auto hash = auth::hash_password(email_and_password.substr(colon + 1));
  if (auto user = store.user_by_email(email)) {
    store.set_admin(user->id, true);
    store.set_password_hash(user->id, hash);
    return;
  }
  store::NewUser admin{"Admin", email, hash, true};
  if (!store.create_user(admin)) throw std::runtime_error("cannot create the bootstrap admin");
}

}  // namespace rooms
