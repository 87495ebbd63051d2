#!/usr/bin/env bash
# AFL++ over the parser fuzzer's targets, through SharpFuzz (issue 13; docs/reliability-fuzzing.md).
#
# Needs (installs nothing): afl-fuzz from AFL++ (Debian: apt-get install afl++) and the .NET SDK.
# Usage: tests/Driver.ParserFuzz/run-afl.sh [SECONDS] [WORK_DIR]
#   SECONDS   how long AFL++ fuzzes (default 600)
#   WORK_DIR  build copy, seeds and findings (default ${TMPDIR:-/tmp}/parserfuzz-afl)
# The build is copied to WORK_DIR/bin and Driver.Sync.dll instrumented there, so the repository's own build output
# stays plain. Findings: WORK_DIR/out/default/{crashes,hangs}; replay one with
#   dotnet WORK_DIR/bin/Driver.ParserFuzz.dll --replay FILE
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
seconds="${1:-600}"
work="${2:-${TMPDIR:-/tmp}/parserfuzz-afl}"

if ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "run-afl.sh: afl-fuzz not found. Install AFL++ first (Debian/Ubuntu: apt-get install afl++)." >&2
  exit 2
fi
if ! command -v dotnet >/dev/null 2>&1; then
  echo "run-afl.sh: the .NET SDK (dotnet) is needed." >&2
  exit 2
fi

dotnet build "$here/Driver.ParserFuzz.csproj" -c Release --nologo -v quiet
rm -rf "$work/bin" "$work/in"
mkdir -p "$work"
cp -r "$here/bin/Release/net10.0" "$work/bin"
dotnet "$work/bin/Driver.ParserFuzz.dll" --instrument
vectors="$(cd "$here/../../.." && pwd)/shared/protocol/vectors"
dotnet "$work/bin/Driver.ParserFuzz.dll" --export-seeds "$work/in" --vectors "$vectors"

# dotnet itself is not AFL-instrumented (SharpFuzz instruments Driver.Sync.dll and speaks AFL's forkserver protocol
# from Fuzzer.Run); crashes are the harness's exceptions, so no core dump handler is involved.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
resume="-i $work/in"
if [ -d "$work/out/default/queue" ]; then
  resume="-i -"   # continue an earlier session's queue
fi
afl-fuzz $resume -o "$work/out" -V "$seconds" -t 5000 -m none -- dotnet "$work/bin/Driver.ParserFuzz.dll" --afl || true

stats="$work/out/default/fuzzer_stats"
if [ -f "$stats" ]; then
  echo "AFL++ figures ($stats):"
  grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|edges_found|saved_crashes|saved_hangs|unique_crashes|unique_hangs) ' "$stats"
fi
