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

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
password="Conf0rmance!"
work=$(mktemp -d)
server_log="$work/server.log"

dotnet build tests/Driver.TestServer -c Release >/dev/null
dll=$(ls tests/Driver.TestServer/bin/Release/net10.0/*/Driver.TestServer.dll | head -n 1)
dotnet "$dll" --port "$port" --user SYSTEM --password "$password" >"$server_log" 2>&1 &
server_pid=$!
cleanup() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

for _ in $(seq 1 300); do
  grep -q "listening on" "$server_log" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$server_log"; echo "test server exited"; exit 1; }
  sleep 0.1
done
grep -q "listening on" "$server_log" || { cat "$server_log"; echo "test server did not start"; exit 1; }
echo "test server: $(grep 'listening on' "$server_log")"

cp "$shared"/* "$work/"
(cd "$work" && npm install --no-audit --no-fund --loglevel=error >/dev/null)

total_passed=0
total_failed=0
run() {
  local name=$1; shift
  echo "-- node-hdb scenario: $name"
  set +e
  (cd "$work" && node hdb-check.js 127.0.0.1 "$port" SYSTEM "$password" "$@") | tee "$work/$name.out"
  local status=${PIPESTATUS[0]}
  set -e
  local line
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$work/$name.out" | tail -n 1)
  total_passed=$((total_passed + $(echo "$line" | awk '{print $1}')))
  total_failed=$((total_failed + $(echo "$line" | awk '{print $3}')))
  if [ "$status" -ne 0 ] || [ "$line" != "10 passed, 0 failed" ]; then
    echo "conformance run '$name' failed: $line"
    tail -n 50 "$server_log"
    echo "$total_passed $total_failed" >"$summary"
    exit 1
  fi
}
run plain
run compressed --table CONF_HDBZ --connect-json '{"compress":true}'

procedures="$work/procedures"
mkdir -p "$procedures"
cp "$root"/tests/conformance-procedures/* "$procedures/"
(cd "$procedures" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
echo "-- node-hdb scenario: procedures"
set +e
(cd "$procedures" && node procedures-check.js 127.0.0.1 "$port" SYSTEM "$password") | tee "$work/procedures.out"
status=${PIPESTATUS[0]}
set -e
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$work/procedures.out" | tail -n 1)
total_passed=$((total_passed + $(echo "$line" | awk '{print $1}')))
total_failed=$((total_failed + $(echo "$line" | awk '{print $3}')))
if [ "$status" -ne 0 ] || [ "$line" != "13 passed, 0 failed" ]; then
  echo "conformance run 'procedures' failed: $line"
  tail -n 50 "$server_log"
  echo "$total_passed $total_failed" >"$summary"
  exit 1
fi
echo "$total_passed $total_failed" >"$summary"
echo "conformance: $total_passed passed, $total_failed failed"
