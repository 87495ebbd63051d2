#!/usr/bin/env bash
# node-hdb signs in with a JWT against the test server's console host (tests/node-jwt): a valid token, then tokens
# refused for their signature, expiry, issuer and user. Adds its counts to the summary file .ci/run reads.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
summary="${NODE_JWT_SUMMARY:-/tmp/driver-node-jwt-summary}"
source .ci/node-scenarios.sh
port=$(free_port)
key=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
issuer="https://issuer.test"
work=$(mktemp -d)
server_log="$work/server.log"
cleanup() { kill "${server_pid:-}" 2>/dev/null || true; wait "${server_pid:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
start_test_server --port "$port" --user SYSTEM --password "Jwt-Only-Run!" --jwt-key "$key" --jwt-issuer "$issuer" \
  --jwt-user "alice@example.test=JWTUSER"

cp "$root"/tests/node-jwt/package.json "$root"/tests/node-jwt/jwt-check.js "$work/"
npm_install "$work"
run_scenario jwt "$work" "" node jwt-check.js 127.0.0.1 "$port" "$key" "$issuer" "alice@example.test" JWTUSER
