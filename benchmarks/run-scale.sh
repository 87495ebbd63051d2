#!/usr/bin/env bash
# The scale curves of issue 18 with one command: builds the harness (Release), then runs `scale`, which starts the
# test server and every client in its own process and writes scale.json, scale.md and the SVG charts into docs/charts.
#   benchmarks/run-scale.sh                      # the full set: 10k/100k/1M/10M rows, 1..256 callers, compression
#   benchmarks/run-scale.sh --step-seconds 3     # any option of `scale` is passed on (see docs/benchmarks.md)
# The default variants show what the runtime's documented settings change for the async point select.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build benchmarks/Driver.Benchmarks -c Release -v quiet -nologo
dll=$(ls benchmarks/Driver.Benchmarks/bin/Release/net10.0/*/Driver.Benchmarks.dll | head -n 1)
exec dotnet "$dll" scale --out docs/charts \
  --variant "spin0:DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0" \
  --variant "inline:DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1" \
  "$@"
