#!/usr/bin/env bash
# node-hdb signs in with a JWT against the test server's console host (tests/node-jwt): a valid token, then tokens
# refused for their signature, expiry, issuer and user. Adds its counts to the summary file .ci/run reads.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
summary="${NODE_JWT_SUMMARY:-/tmp/driver-node-jwt-summary}"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
key=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
issuer="https://issuer.test"
work=$(mktemp -d)
server_log="$work/server.log"

dotnet build tests/Driver.TestServer -c Release >/dev/null
dll=$(ls tests/Driver.TestServer/bin/Release/net10.0/*/Driver.TestServer.dll | head -n 1)
dotnet "$dll" --port "$port" --user SYSTEM --password "Jwt-Only-Run!" --jwt-key "$key" --jwt-issuer "$issuer" \
  --jwt-user "alice@example.test=JWTUSER" >"$server_log" 2>&1 &
server_pid=$!
cleanup() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

for _ in $(seq 1 300); do
  grep -q "listening on" "$server_log" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$server_log"; echo "test server exited"; exit 1; }
  sleep 0.1
done
grep -q "listening on" "$server_log" || { cat "$server_log"; echo "test server did not start"; exit 1; }

cp "$root"/tests/node-jwt/package.json "$root"/tests/node-jwt/jwt-check.js "$work/"
(cd "$work" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
echo "-- node-hdb scenario: JWT sign-in"
set +e
(cd "$work" && node jwt-check.js 127.0.0.1 "$port" "$key" "$issuer" "alice@example.test" JWTUSER) | tee "$work/jwt.out"
status=${PIPESTATUS[0]}
set -e
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$work/jwt.out" | tail -n 1)
echo "$(echo "$line" | awk '{print $1}') $(echo "$line" | awk '{print $3}')" >"$summary"
if [ "$status" -ne 0 ] || [ -z "$line" ] || [ "$(echo "$line" | awk '{print $3}')" != "0" ]; then
  echo "node-hdb JWT scenario failed: $line"
  tail -n 50 "$server_log"
  exit 1
fi
