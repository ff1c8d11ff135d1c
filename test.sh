#!/usr/bin/env bash
# Runs every Phantom test from a fresh clone: restores, builds, starts the Debian services the tests need (on loopback,
# in temporary folders, stopped again at exit), runs the whole suite, and ends with one line "N passed, N failed".
# Usage: ./test.sh [extra `dotnet test` arguments, e.g. --filter FullyQualifiedName~Codec]
set -uo pipefail
cd "$(dirname "$0")"

log() { printf '[test.sh] %s\n' "$*" >&2; }

# Debian packages the tests need, each with what needs it. Installed only when missing, so a prepared machine pays
# nothing; the servers themselves are started by the tests' fixtures, on loopback, in temporary folders.
required_packages=(
  postgresql                  # journal tests: a throw-away PostgreSQL cluster
  librdkafka1 librdkafka-dev  # Kafka: Confluent.Kafka loads librdkafka.so (the -dev symlink); the mock cluster
  redis-server                # Redis price store and HTTP tests: a real redis-server on a free port
  util-linux                  # script(1): the phantom ctl prompt test runs under a pseudo-terminal
)
missing=()
for pkg in "${required_packages[@]}"; do
  # "install ok installed" only: a removed package can leave its config files behind and still answer dpkg -s.
  [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" = "install ok installed" ] || missing+=("$pkg")
done
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  sudo=""
  if ((EUID != 0)); then sudo="sudo"; fi
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { log "apt-get failed (installing ${missing[*]} needs root or sudo)"; echo "0 passed, 1 failed"; exit 1; }
fi

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

log "building (Release)"
if ! build_output=$(dotnet build Phantom.sln -c Release -nologo 2>&1); then
  grep -E "error|rror\(s\)" <<<"$build_output" | sort -u >&2
  log "build failed"; echo "0 passed, 1 failed"; exit 1
fi

log "running tests"
dotnet test Phantom.sln -c Release --no-build -nologo --logger "trx;LogFileName=phantom.trx" --results-directory "$results" "$@" 2>&1 | tee "$results/console.log"
status=${PIPESTATUS[0]}

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if ((status != 0 && failed == 0)); then failed=1; fi  # a crashed test host counts as a failure
echo "${passed} passed, ${failed} failed"
((failed == 0 && passed > 0))
