#!/usr/bin/env bash
# Rewrites the PublicAPI.Unshipped.txt lists of the three packages after an intended change of the public surface:
# builds each package with the public API analyzer's RS0016 (public, not listed) and RS0017 (listed, gone) as
# warnings, then adds each new symbol to its framework's Unshipped list and removes each gone one (an Unshipped
# entry is deleted; a Shipped one gets a *REMOVED* line, as the analyzer wants). Review the diff: it is the API change.
# Usage: bash tools/public-api.sh [Driver.Pooling Driver.Sync Driver.Async]
set -euo pipefail
cd "$(dirname "$0")/.."
projects=("$@")
[ ${#projects[@]} -eq 0 ] && projects=(Driver.Pooling Driver.Sync Driver.Async)
for project in "${projects[@]}"; do
  log=$(mktemp)
  # --no-incremental: the analyzer only reports on a real compile
  dotnet build "$project" -c Release --no-incremental -p:TreatWarningsAsErrors=false -p:WarningsAsErrors= >"$log" 2>&1 || true
  python3 - "$project" "$log" <<'PY'
import re, sys, pathlib
project, log = sys.argv[1], sys.argv[2]
found = {}
for line in open(log, encoding='utf-8', errors='replace'):
    m = re.search(r"(RS0016|RS0017): Symbol '(.*?)' is (?:not part of the declared public API|part of the declared API, but is either not public or could not be found).*TargetFramework=([^\]]+)\]", line)
    if m:
        found.setdefault(m.group(3), {}).setdefault(m.group(1), set()).add(m.group(2))
for tfm, kinds in sorted(found.items()):
    folder = pathlib.Path(project) / 'PublicAPI' / tfm
    unshipped = folder / 'PublicAPI.Unshipped.txt'
    lines = unshipped.read_text(encoding='utf-8').splitlines()
    header = [l for l in lines if l.startswith('#')] or ['#nullable enable']
    body = set(l for l in lines if l and not l.startswith('#'))
    for gone in kinds.get('RS0017', ()):
        if gone in body:
            body.discard(gone)
        else:
            body.add('*REMOVED*' + gone)
    body |= kinds.get('RS0016', set())
    unshipped.write_text('\n'.join(header + sorted(body, key=lambda s: s.removeprefix('*REMOVED*'))) + '\n', encoding='utf-8')
    print(f"{unshipped}: +{len(kinds.get('RS0016', ()))} -{len(kinds.get('RS0017', ()))}")
PY
  grep -E " error " "$log" | grep -v -E "RS001[67]" | sort -u | head -20 || true
  rm -f "$log"
done
