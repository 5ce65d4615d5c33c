#!/usr/bin/env python3
"""Count attune-client handlers against the attune-sdk 0.5.4 operation list.

An operation counts as covered when some `src/api/*.rs` doc comment names `METHOD /path`
(path placeholders compared by position, not name) and some `tests/*.rs` file mentions the
same method + path in a wiremock matcher (`method("X")` near `path("...")` / `path_regex`, with or without the
`wiremock::matchers::` prefix).

Usage: python3 tools/coverage/sdk_coverage.py [--sdk SITE_PACKAGES_DIR] [--missing]
"""
import argparse
import ast
import glob
import os
import re
import sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def sdk_ops(site):
    ops = []
    for f in sorted(glob.glob(os.path.join(site, "attune/api_client/api/*/*.py"))):
        if f.endswith("__init__.py"):
            continue
        group = os.path.basename(os.path.dirname(f))
        src = open(f).read()
        m = re.search(r'"method": "(\w+)",\s*"url": "([^"]+)"', src)
        if not m:
            m = re.search(r'"method": "(\w+)",\s*"url": f?"([^"]+)"', src)
        if not m:
            print("cannot parse", f, file=sys.stderr)
            continue
        ops.append((group, os.path.basename(f)[:-3], m.group(1).upper(), m.group(2)))
    return ops


def norm(path):
    return re.sub(r"\{[^}]*\}", "{}", path.split("?")[0])


def handler_paths():
    found = set()
    for f in glob.glob(os.path.join(ROOT, "attune-client/src/api/*.rs")):
        for m in re.finditer(r"(?:///\s*|#\[doc = \"|\"\s*)`(GET|POST|PUT|PATCH|DELETE|HEAD) (/[^` ]*)", open(f).read()):
            found.add((m.group(1), norm(m.group(2))))
        # `report!(fn, "op", "/path")` in api/analytics.rs documents `GET /path` via concat!.
        for m in re.finditer(r'report!\(\s*\w+,\s*"[^"]+",\s*"([^"]+)",?\s*\)', open(f).read()):
            found.add(("GET", norm(m.group(1))))
    return found


def tested_requests():
    """(METHOD, concrete path) pairs that contract tests mount with `s.mock("METHOD", "/path")`."""
    found = set()
    for f in glob.glob(os.path.join(ROOT, "attune-client/tests/*.rs")):
        src = open(f).read()
        for m in re.finditer(r'mock\(\s*"(GET|POST|PUT|PATCH|DELETE|HEAD)",\s*(?:&format!\()?"([^"]+)"', src):
            found.add((m.group(1), m.group(2)))
        for m in re.finditer(r'method\("(GET|POST|PUT|PATCH|DELETE|HEAD)"\)\)\s*\.and\((?:wiremock::matchers::)?path\("([^"]+)"\)', src):
            found.add((m.group(1), m.group(2)))
        for m in re.finditer(r'report_test!\(\s*\w+,\s*\w+,\s*"([^"]+)",?\s*\)', src):
            found.add(("GET", m.group(1)))
    return found


def tested(meth, template, reqs):
    rx = re.compile("^" + re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(template)) + "$")
    return any(m == meth and rx.match(p) for m, p in reqs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sdk", default=None)
    ap.add_argument("--missing", action="store_true")
    a = ap.parse_args()
    site = a.sdk or (glob.glob(os.path.join(ROOT, "target/sdk-venv/lib/python3*/site-packages")) + [""])[0]
    ops = sdk_ops(site)
    if not ops:
        print("no attune-sdk 0.5.4 found; pass --sdk", file=sys.stderr)
        return 2
    h, reqs = handler_paths(), tested_requests()
    by = defaultdict(lambda: [0, 0, 0])
    missing = []
    for g, name, meth, path in ops:
        k = (meth, norm(path))
        by[g][0] += 1
        if k in h:
            by[g][1] += 1
        t = tested(meth, path, reqs)
        if k in h and t:
            by[g][2] += 1
        else:
            missing.append((g, name, meth, path, k in h, t))
    print(f"{'group':<14}{'ops':>5}{'handler':>9}{'+test':>7}")
    tot = [0, 0, 0]
    for g in sorted(by):
        print(f"{g:<14}{by[g][0]:>5}{by[g][1]:>9}{by[g][2]:>7}")
        tot = [x + y for x, y in zip(tot, by[g])]
    print(f"{'TOTAL':<14}{tot[0]:>5}{tot[1]:>9}{tot[2]:>7}")
    if a.missing:
        for m in missing:
            print("missing:", *m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
