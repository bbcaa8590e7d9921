// Versioned schema migrations, applied when a store opens (see migrations.cpp for the schema).
#pragma once

#include "store/sql.h"

namespace store {

// Applies every migration not yet recorded in schema_migrations, each in its own transaction,
// in version order. Safe to call on every start and from several processes at once.
void run_migrations(sql::Engine& engine);

// The latest schema version this build knows.
int latest_schema_version();

}  // namespace store
