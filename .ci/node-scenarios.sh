# Sourced by .ci/conformance.sh and .ci/node-jwt.sh: the test server's console host on a free port, and one node-hdb
# scenario run with its "N passed, M failed" line counted. The caller sets work (a temporary folder), server_log and
# summary, and its EXIT trap stops $server_pid.
total_passed=0
total_failed=0

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# start_test_server ARGS...: builds the test server, starts its console host with ARGS, waits for "listening on".
start_test_server() {
  dotnet build tests/Driver.TestServer -c Release >/dev/null
  local dll
  dll=$(ls tests/Driver.TestServer/bin/Release/net10.0/*/Driver.TestServer.dll | head -n 1)
  dotnet "$dll" "$@" >"$server_log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    grep -q "listening on" "$server_log" && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$server_log"; echo "test server exited"; exit 1; }
    sleep 0.1
  done
  grep -q "listening on" "$server_log" || { cat "$server_log"; echo "test server did not start"; exit 1; }
  echo "test server: $(grep 'listening on' "$server_log")"
}

# npm_install DIR: node-hdb and the scenario's other packages from the local registry
npm_install() {
  (cd "$1" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
}

# run_scenario NAME DIR EXPECTED COMMAND...: runs COMMAND in DIR, adds its counts to the totals and the summary file;
# fails unless it exits 0 and ends with the line EXPECTED (or, when EXPECTED is empty, with 0 failed).
run_scenario() {
  local name=$1 dir=$2 expected=$3; shift 3
  echo "-- node-hdb scenario: $name"
  set +e
  (cd "$dir" && "$@") | tee "$work/$name.out"
  local status=${PIPESTATUS[0]}
  set -e
  local line
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$work/$name.out" | tail -n 1)
  total_passed=$((total_passed + $(echo "$line" | awk '{print $1+0}')))
  total_failed=$((total_failed + $(echo "$line" | awk '{print $3+0}')))
  echo "$total_passed $total_failed" >"$summary"
  if [ "$status" -ne 0 ] || [ -z "$line" ] || { [ -n "$expected" ] && [ "$line" != "$expected" ]; } \
     || [ "$(echo "$line" | awk '{print $3}')" != "0" ]; then
    echo "node-hdb scenario '$name' failed: $line"
    tail -n 50 "$server_log"
    exit 1
  fi
}
