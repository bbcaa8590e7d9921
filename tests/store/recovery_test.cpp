// Losing the database and getting it back. On PostgreSQL the server can drop every connection
// (restart, failover, idle timeout on a proxy); the store reconnects and the caller never sees
// it. SQLite has no connection to lose, so these run on PostgreSQL only.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include "store_fixture.h"

namespace store_test {
namespace {

// Terminates every server backend of the store (libpq application_name "carrel").
int drop_store_connections(const std::string& url) {
  PGconn* admin = PQconnectdb(url.c_str());
  if (PQstatus(admin) != CONNECTION_OK) {
    PQfinish(admin);
    return -1;
  }
  PGresult* res = PQexec(admin,
                         "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                         "WHERE application_name = 'carrel' AND pid <> pg_backend_pid()");
  int killed = PQresultStatus(res) == PGRES_TUPLES_OK ? std::atoi(PQgetvalue(res, 0, 0)) : -1;
  PQclear(res);
  PQfinish(admin);
  return killed;
}

TEST_P(StoreTest, ReconnectsAfterTheServerDropsEveryConnection) {
  if (!on_postgres()) GTEST_SKIP() << "PostgreSQL only";
  auto room = study_room_1();
  auto user = new_user();
  ASSERT_GE(drop_store_connections(url()), 1);
  // Reads and writes both go through, on fresh connections.
  EXPECT_EQ(store->list_rooms().size(), 10u);
  EXPECT_EQ(store->join(room.id, user.id, std::nullopt, kT0).outcome, store::JoinOutcome::joined);
  ASSERT_GE(drop_store_connections(url()), 1);
  EXPECT_EQ(store->leave(room.id, user.id, kT0 + 1000).outcome, store::LeaveOutcome::left);
  EXPECT_EQ(store->room(room.id)->current_occupancy, 0);
  EXPECT_TRUE(store->ping());
}

}  // namespace
}  // namespace store_test
