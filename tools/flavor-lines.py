#!/usr/bin/env python3
"""Counts the flavored lines of Driver.Core: non-blank, non-comment lines inside #if SYNC / #if ASYNC blocks (both
branches of an #else), per folder and per file. A block that holds only namespace switches is not counted: the public
API's `namespace Driver.Sync;` / `namespace Driver.Async;`, and `using Driver.Sync;` / `using Driver.Async;` in the
internal files that name a public type (no global using brings the public API into the internal code). Reports the total and the lines outside Net/ and the round-trip pump, the figure
issue 14 bounds (at most 400).

usage: tools/flavor-lines.py [CHECKOUT] [--max N]
  CHECKOUT  repository root (default: the one this script lives in)
  --max N   exit 1 when the lines outside Net/ and the pump exceed N
"""
import os
import re
import sys

# The transport: every file under this folder of Driver.Core counts as I/O that exists once per flavor.
NET_FOLDER = "Net"

# The round-trip pump: files (relative to Driver.Core, '/' separators) whose flavored lines are the one short
# pump per flavor, not twinned workflows. Edit this list when the pump moves.
PUMP_FILES = [
    "Session/Connection/ConnectionCore.Io.cs",
    "Session/Connection/ConnectionCore.Io.CloseAndCancel.cs",
    "Session/Connection/ConnectionCore.Pump.cs",
    # the page prefetch's round trip, split in two: Driver.Async's in buffers of its own on a task, Driver.Sync's
    # send-ahead and receive-later halves (docs/architecture.md)
    "Session/Connection/ConnectionCore.Prefetch.cs",
    # the same pump one level up: a public operation made of many public calls (bulk copy, data adapter) is a
    # flavor-free Plan of Calls; these files only run each call blocking or awaited (docs/architecture.md)
    "Api/Call.cs",
    "Api/Calls.cs",
    "Api/Plan.cs",
]


def count_file(path):
    """Flavored lines of one file, by the rule in the module docstring."""
    depth, flavored, block = [], 0, []
    with open(path, encoding="utf-8", errors="replace") as source:
        for line in source:
            s = line.strip()
            if re.match(r"#if\b", s):
                depth.append(bool(re.search(r"\b(SYNC|ASYNC)\b", s)))
                continue
            if re.match(r"#(else|elif)\b", s) and depth:
                continue
            if re.match(r"#endif\b", s) and depth:
                if depth.pop() and not any(depth):
                    # comments and preprocessor directives (#error guards, #if NET inside a flavor) are not code
                    body = [b for b in block if b and not b.startswith("//") and not b.startswith("#")]
                    if not all(b.startswith("namespace ") or b in ("using Driver.Sync;", "using Driver.Async;") for b in body):
                        flavored += len(body)
                    block = []
                continue
            if any(depth):
                block.append(s)
    return flavored


def main(argv):
    limit = None
    if "--max" in argv:
        i = argv.index("--max")
        limit = int(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    checkout = argv[0] if argv else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    root = os.path.join(checkout, "Driver.Core")
    if not os.path.isdir(root):
        sys.exit(f"no Driver.Core under {checkout}")

    per_dir, per_file = {}, {}
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for f in sorted(files):
            if not f.endswith(".cs"):
                continue
            rel = os.path.relpath(os.path.join(d, f), root).replace(os.sep, "/")
            flavored = count_file(os.path.join(d, f))
            if flavored:
                per_file[rel] = flavored
                top = rel.split("/")[0] if "/" in rel else "."
                per_dir[top] = per_dir.get(top, 0) + flavored

    total = sum(per_file.values())
    net = per_dir.get(NET_FOLDER, 0)
    pump = sum(per_file.get(p, 0) for p in PUMP_FILES)
    outside = total - net - pump

    for folder, lines in sorted(per_dir.items(), key=lambda x: (-x[1], x[0])):
        print(f"{folder + '/':16} {lines:5}")
    print()
    for rel, lines in sorted(per_file.items(), key=lambda x: (-x[1], x[0])):
        print(f"  {lines:5}  {rel}")
    print()
    print(f"flavored lines: {total} in {len(per_file)} files")
    print(f"  {NET_FOLDER}/: {net}; pump ({', '.join(PUMP_FILES)}): {pump}")
    print(f"outside {NET_FOLDER}/ and the pump: {outside}")
    if limit is not None and outside > limit:
        print(f"above the limit of {limit}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
