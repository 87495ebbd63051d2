#!/usr/bin/env bash
# node-hdb against a scale-out test server (tests/node-scale-out, docs/scale-out.md): three nodes, tenants A and B, the
# redirect at AUTHENTICATE; databaseName through the system database's port, a hosts list whose first host is down.
# Adds its counts to the summary file .ci/run reads.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
summary="${NODE_SCALE_OUT_SUMMARY:-/tmp/driver-node-scale-out-summary}"
source .ci/node-scenarios.sh
port=$(free_port)
down=$(free_port)
password="Scale-0ut-Run!"
work=$(mktemp -d)
server_log="$work/server.log"
cleanup() { kill "${server_pid:-}" 2>/dev/null || true; wait "${server_pid:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
start_test_server --port "$port" --user SYSTEM --password "$password" --nodes 3 --tenants A,B --redirect-at-authenticate
# one line per listener: wait for the last one
for _ in $(seq 1 100); do grep -q "(system database)" "$server_log" && break; sleep 0.1; done
listener_port() { grep "$1" "$server_log" | head -n 1 | sed -E 's/.*:([0-9]+) \(.*/\1/'; }
system_db=$(listener_port "(system database)")
node1=$(listener_port "(node 1)")
node2=$(listener_port "(node 2)")
[ -n "$system_db" ] && [ -n "$node1" ] && [ -n "$node2" ] || { cat "$server_log"; echo "listener ports not found"; exit 1; }

cp "$root"/tests/node-scale-out/package.json "$root"/tests/node-scale-out/scale-out-check.js "$work/"
npm_install "$work"
run_scenario scale-out "$work" "6 passed, 0 failed" node scale-out-check.js 127.0.0.1 "$system_db" "$node1" "$node2" "$down" SYSTEM "$password" \
  --redirect-at-authenticate
