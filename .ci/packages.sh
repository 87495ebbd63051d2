#!/usr/bin/env bash
# The packages as a user gets them (docs/packages.md): pack the three libraries and the test server into a local
# folder feed, inspect
# the packages (.ci/check-packages.cs), then publish tests/Driver.AotConsumer with NativeAOT from that feed (not
# from the projects) and a .NET Framework 4.8 app (tests/Driver.LegacyConsumer, run by Mono) and run both against
# the test server, plain, compressed and over TLS. Any IL2xxx/IL3xxx
# trimming or AOT warning fails the publish (warnings as errors) and is counted here as well.
# Expects the Release build of Driver.sln (bash .ci/run builds it first). Times of each step go to the log.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
artifacts="$root/artifacts"
feed="$artifacts/feed"
version=$(dotnet msbuild Driver.Pooling/Driver.Pooling.csproj -getProperty:DriverPackageVersion -p:TargetFramework=net10.0)
rm -rf "$feed" "$artifacts/aot"
mkdir -p "$feed"

step_start=$SECONDS
echo "== pack ($version) into $feed"
for project in Driver.Pooling Driver.Sync Driver.Async tests/Driver.TestServer; do
  dotnet pack "$project" -c Release --no-build -o "$feed" -v:q -nologo
done
ls -l "$feed" | awk 'NR > 1 {printf "  %8d  %s\n", $5, $9}'
echo "pack: $((SECONDS - step_start)) s"

step_start=$SECONDS
echo "== package contents"
dotnet run .ci/check-packages.cs -- "$feed" "$version"
echo "package check: $((SECONDS - step_start)) s"

step_start=$SECONDS
echo "== NativeAOT publish of tests/Driver.AotConsumer from the feed"
# a package of the same version restored before would be taken from the global packages folder, not the feed
packages_folder=${NUGET_PACKAGES:-$HOME/.nuget/packages}
rm -rf "$packages_folder/managedhana.sync/$version" "$packages_folder/managedhana.async/$version" "$packages_folder/managedhana.pooling/$version"
log="$artifacts/aot-publish.log"
set +e
dotnet publish tests/Driver.AotConsumer -c Release -r linux-x64 -o "$artifacts/aot" -nologo >"$log" 2>&1
publish_status=$?
set -e
il_warnings=$(grep -Eo '(warning|error) IL[23][0-9]{3}' "$log" | sort | uniq -c || true)
il_count=$(grep -Eo '(warning|error) IL[23][0-9]{3}' "$log" | wc -l || true)
echo "trimming/AOT diagnostics (IL2xxx/IL3xxx): $il_count"
[ -n "$il_warnings" ] && echo "$il_warnings"
if [ "$publish_status" -ne 0 ] || [ "$il_count" -ne 0 ]; then
  grep -E 'error|warning' "$log" | sort -u | head -40
  echo "NativeAOT publish failed (exit $publish_status, $il_count IL diagnostics); full log: $log"
  exit 1
fi
echo "native binary: $(stat -c %s "$artifacts/aot/Driver.AotConsumer") bytes"
echo "AOT publish: $((SECONDS - step_start)) s"

step_start=$SECONDS
echo "== docs/testing-your-app.md's xunit example on the ManagedHana.TestServer and ManagedHana.Async packages"
rm -rf "$packages_folder/managedhana.testserver/$version"
dotnet test tests/Driver.AppTestsConsumer -c Release -nologo 2>&1 | tee "$artifacts/app-tests.log" | grep -E '^(Passed|Failed)!|error' || true
grep -qE '^Passed!' "$artifacts/app-tests.log" || { tail -30 "$artifacts/app-tests.log"; echo "the example's tests failed on the packages"; exit 1; }
app_tests=$(grep -Eo 'Passed: +[0-9]+' "$artifacts/app-tests.log" | awk '{print $2}')
echo "$app_tests passed, 0 failed"
echo "app tests on the packages: $((SECONDS - step_start)) s"

step_start=$SECONDS
echo "== .NET Framework 4.8 app (tests/Driver.LegacyConsumer) on ManagedHana.Sync's netstandard2.0 build, for Mono"
if ! command -v mono >/dev/null; then
  # Debian's Mono 6.8 runs the net48 build; installed here because a new machine has none. A machine that cannot
  # install it (no root, no package mirror) still builds the net48 app; only its run is skipped, and says so.
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mono-runtime mono-devel >/dev/null; } \
    || echo "WARNING: Mono could not be installed: the net48 app is built but not run"
fi
dotnet build tests/Driver.LegacyConsumer -c Release -nologo -v:q
echo "net48 build (and Mono install when missing): $((SECONDS - step_start)) s"

step_start=$SECONDS
echo "== the AOT app and the net48 app (Mono) against the test server (plain + LZ4, TLS)"
server_dll=$(ls tests/Driver.TestServer/bin/Release/net10.0/*/Driver.TestServer.dll | head -1)
password="Aot-$RANDOM-$RANDOM"
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
dotnet "$server_dll" --port 0 --password "$password" >"$work/plain.out" 2>&1 &
pids+=($!)
dotnet "$server_dll" --port 0 --password "$password" --tls --cert-out "$work/server.pem" >"$work/tls.out" 2>&1 &
pids+=($!)
for name in plain tls; do
  for _ in $(seq 1 300); do grep -q '^listening on' "$work/$name.out" && break; sleep 0.1; done
  grep -q '^listening on' "$work/$name.out" || { cat "$work/$name.out"; echo "test server ($name) did not start"; exit 1; }
done
plain=$(sed -n 's/^listening on //p' "$work/plain.out")
tls=$(sed -n 's/^listening on //p' "$work/tls.out")
"$artifacts/aot/Driver.AotConsumer" \
  "Server=$plain;UserName=SYSTEM;Password=$password" \
  "Server=$tls;UserName=SYSTEM;Password=$password;Encrypt=true;SSLTrustedRootCertificate=$work/server.pem" | tee "$work/app.out"
if command -v mono >/dev/null; then
  mono tests/Driver.LegacyConsumer/bin/Release/net48/Driver.LegacyConsumer.exe \
    "Server=$plain;UserName=SYSTEM;Password=$password" \
    "Server=$tls;UserName=SYSTEM;Password=$password;Encrypt=true;SSLTrustedRootCertificate=$work/server.pem" | tee "$work/legacy.out"
else
  echo "SKIPPED: the net48 app's run (no Mono on this machine)"
fi
echo "AOT app and Mono app runs: $((SECONDS - step_start)) s"
