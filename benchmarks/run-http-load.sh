#!/usr/bin/env bash
# The HTTP load benchmark of issue 18 with one command: builds the harness (Release), then runs `http-load`, which
# starts the test server, the app (the same GET endpoint on Driver.Async and on Driver.Sync, 16-session pools) and, per
# endpoint and connection count, a load client in its own process (neither wrk nor bombardier is installed here).
#   benchmarks/run-http-load.sh                  # 64 and 256 connections, 30 s each, default runtime settings + variants
#   benchmarks/run-http-load.sh --seconds 10     # any option of `http-load` is passed on (see docs/benchmarks.md)
# Variants restart the app with one runtime setting (environment variable, app process only). Note that
# DOTNET_ThreadPool_ForceMinWorkerThreads is read as hexadecimal: 100 = 256 threads.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build benchmarks/Driver.Benchmarks -c Release -v quiet -nologo
dll=$(ls benchmarks/Driver.Benchmarks/bin/Release/net10.0/*/Driver.Benchmarks.dll | head -n 1)
exec dotnet "$dll" http-load --out docs/charts/http-load.md \
  --variant "spin0:DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0" \
  --variant "inline:DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1" \
  --variant "minthreads256:DOTNET_ThreadPool_ForceMinWorkerThreads=100" \
  "$@"
