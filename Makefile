# Carrel: `make run` starts the server, `make test` runs every test suite. Both install what is
# missing first (Debian packages, npm packages from the committed lock files).

BUILD_DIR ?= build
# Compiler cache entries keyed by paths relative to the checkout, so that every clone shares them.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
NPM_DIRS := tests/interop tests/integration tests/e2e tests/sfu examples $(wildcard bench/package.json) $(wildcard web/package.json)

.PHONY: all deps configure build npm web run test test-unit test-conformance test-interop \
        test-integration test-integration-postgres test-cluster test-e2e test-fuzz bench format \
        clean bench-load test-sanitize

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD_DIR)/build.ninja: CMakeLists.txt | deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

configure: $(BUILD_DIR)/build.ninja

build: deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# npm ci in every folder with a lock file, when its node_modules is missing or stale.
npm: deps
	@for dir in $(patsubst %/package.json,%,$(NPM_DIRS)); do \
	  if [ ! -f $$dir/node_modules/.package-lock.json ] || \
	     [ $$dir/package-lock.json -nt $$dir/node_modules/.package-lock.json ]; then \
	    echo "npm ci in $$dir"; (cd $$dir && npm ci --no-audit --no-fund) || exit 1; \
	  fi; \
	done

web: npm
	@if [ -f web/package.json ]; then cd web && npm run build; fi

run: build web
	./$(BUILD_DIR)/carrel --data-dir ./data

test: build npm web
	$(MAKE) -k test-unit test-conformance test-interop test-integration test-integration-postgres \
	  test-cluster test-e2e test-sfu test-fuzz test-sanitize

# C++ suites; the store suite runs on SQLite and on a PostgreSQL server started for it.
test-unit:
	bash scripts/with-postgres.sh sh -c 'cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)'

test-conformance:
	bash scripts/run-conformance.sh $(BUILD_DIR)/sio-conformance

test-interop:
	bash scripts/run-interop.sh $(BUILD_DIR)/sio-interop-server

# REST and real-time behaviour of build/carrel with the official socket.io-client.
test-integration:
	bash scripts/run-integration.sh

# The REST, outage, consistency and crash suites again, with build/carrel on PostgreSQL.
test-integration-postgres:
	bash scripts/with-postgres.sh bash scripts/run-integration.sh tests/integration/rest.test.mjs \
	  tests/integration/outage.test.mjs tests/integration/consistency.test.mjs \
	  tests/integration/crash.test.mjs

# The web app in Debian's Chromium (playwright-core) against build/carrel; screenshots of a
# failing step go to build/e2e/.
test-e2e:
	CARREL_BIN=$(BUILD_DIR)/carrel bash scripts/run-e2e.sh

# The SFU in three headless Chromium pages (mediasoup-client), and the audio-only threshold.
.PHONY: test-sfu
test-sfu:
	CARREL_BIN=$(BUILD_DIR)/carrel bash scripts/run-sfu-e2e.sh

# Several instances on one PostgreSQL and one Redis, both started for the run (docs/deploy.md).
test-cluster:
	bash scripts/with-postgres.sh bash scripts/with-redis.sh bash scripts/run-integration.sh \
	  $(wildcard tests/integration/cluster*.test.mjs)

test-fuzz:
	FUZZ_SECONDS=$${FUZZ_SECONDS:-10} bash scripts/run-fuzz.sh

bench: build npm
	bash bench/run.sh

# Rooms load: the seed 000 and 10x scenarios against build/carrel (bench/README.md).
bench-load: build
	bash bench/load/run.sh

# build/carrel with ASan, LSan and UBSan (build-asan/), a shortened soak, fd and RSS checks.
test-sanitize:
	JOBS=$(JOBS) bash scripts/run-sanitize.sh

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf $(BUILD_DIR) build-fuzz
