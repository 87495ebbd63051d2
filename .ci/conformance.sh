#!/usr/bin/env bash
# Starts the test server's console host on a free port and runs node-hdb's conformance scenario against it
# twice: plain, and with LZ4 compression. Each run must end with "10 passed, 0 failed". Then the project's own
# node-hdb scenario for stored procedures (tests/conformance-procedures) must end with "13 passed, 0 failed".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
shared="$root/../shared/conformance"
summary="${CONFORMANCE_SUMMARY:-/tmp/driver-conformance-summary}"
[ -f "$shared/hdb-check.js" ] || { echo "missing $shared (../shared must sit beside the repository)"; exit 1; }
source .ci/node-scenarios.sh

port=$(free_port)
password="Conf0rmance!"
work=$(mktemp -d)
server_log="$work/server.log"
cleanup() { kill "${server_pid:-}" 2>/dev/null || true; wait "${server_pid:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
start_test_server --port "$port" --user SYSTEM --password "$password"

cp "$shared"/* "$work/"
npm_install "$work"
run_scenario plain "$work" "10 passed, 0 failed" node hdb-check.js 127.0.0.1 "$port" SYSTEM "$password"
run_scenario compressed "$work" "10 passed, 0 failed" node hdb-check.js 127.0.0.1 "$port" SYSTEM "$password" \
  --table CONF_HDBZ --connect-json '{"compress":true}'

procedures="$work/procedures"
mkdir -p "$procedures"
cp "$root"/tests/conformance-procedures/* "$procedures/"
npm_install "$procedures"
run_scenario procedures "$procedures" "13 passed, 0 failed" node procedures-check.js 127.0.0.1 "$port" SYSTEM "$password"
echo "conformance: $total_passed passed, $total_failed failed"
