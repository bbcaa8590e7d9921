#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz/ with clang in build-fuzz/ and runs each one for
# FUZZ_SECONDS seconds (default 15) over a copy of its seed corpus. Exits non-zero if any target
# crashes (the crashing input is kept in build-fuzz/artifacts/); skips cleanly without clang.
#
#   FUZZ_SECONDS=60 scripts/run-fuzz.sh                  # all targets, one minute each
#   FUZZ_TARGETS="fuzz_sio_decoder" scripts/run-fuzz.sh  # only some targets
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v clang++ >/dev/null 2>&1 || ! command -v clang >/dev/null 2>&1; then
  echo "fuzz: clang not installed, skipped"
  exit 0
fi

FUZZ_SECONDS="${FUZZ_SECONDS:-15}"
BUILD_DIR="build-fuzz"
JOBS="${FUZZ_JOBS:-2}"
read -r -a TARGETS <<<"${FUZZ_TARGETS:-fuzz_engine_payload fuzz_sio_decoder fuzz_sio_roundtrip fuzz_websocket_frames fuzz_jwt_verify fuzz_chat_sanitize fuzz_request_inputs fuzz_multipart fuzz_whiteboard_ops fuzz_stun fuzz_rtp_rtcp fuzz_msgpack_decode}"

generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)

# Configure the whole project as the build does. While parts of the server are missing the
# top-level configure can fail; then configure tests/fuzz on its own, which needs only the codecs.
mkdir -p "$BUILD_DIR"
bin_dir="$BUILD_DIR"
if ! CC=clang CXX=clang++ cmake -S . -B "$BUILD_DIR" "${generator[@]}" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCARREL_FUZZ=ON -DCARREL_TESTS=OFF \
  >"$BUILD_DIR/configure.log" 2>&1; then
  echo "fuzz: project does not configure (see $BUILD_DIR/configure.log); configuring tests/fuzz alone"
  bin_dir="$BUILD_DIR/standalone"
  CC=clang CXX=clang++ cmake -S tests/fuzz -B "$bin_dir" "${generator[@]}" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi

# Only the fuzz targets: the rest of the tree need not build.
build_targets=()
for target in "${TARGETS[@]}"; do build_targets+=(--target "$target"); done
cmake --build "$bin_dir" --parallel "$JOBS" "${build_targets[@]}"

artifacts="$BUILD_DIR/artifacts"
logs="$BUILD_DIR/logs"
mkdir -p "$artifacts" "$logs"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

failed=()
for target in "${TARGETS[@]}"; do
  seeds="tests/fuzz/corpus/$target"
  corpus="tests/fuzz/corpus-run/$target"  # a scratch copy; the seeds stay as committed
  rm -rf "$corpus"
  mkdir -p "$corpus"
  if [ -d "$seeds" ]; then cp -R "$seeds"/. "$corpus"/; fi
  rm -f "$artifacts/$target-"*  # crash files of an earlier run

  options=(-max_total_time="$FUZZ_SECONDS" -max_len=65536 -timeout=10
    -artifact_prefix="$artifacts/$target-" -print_final_stats=1)
  case "$target" in
    fuzz_sio_*) options+=(-dict=tests/fuzz/sio.dict) ;;
  esac

  log="$logs/$target.log"
  echo "fuzz: running $target for ${FUZZ_SECONDS}s"
  if "$bin_dir/$target" "${options[@]}" "$corpus" >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    echo "fuzz: $target ok (${runs:-?} inputs, corpus $(find "$corpus" -type f | wc -l) files)"
  else
    echo "fuzz: $target FAILED; log $log; crashing input:"
    ls "$artifacts/$target-"* 2>/dev/null || true
    tail -n 40 "$log"
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: failures in ${failed[*]}"
  exit 1
fi
echo "fuzz: all targets passed"
