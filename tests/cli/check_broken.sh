#!/usr/bin/env bash
# `amparo check` on a copy of the tree with a broken catalog must exit 1 and name the file and line.
set -euo pipefail
amparo=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$src/i18n" "$src/data" "$tmp/"
mkdir -p "$tmp/web" && cp -r "$src/web/static" "$tmp/web/"
printf 'msgid "Home"\nmsgstr "Inicio\n' >> "$tmp/i18n/es.po"   # an unterminated string
set +e
out=$("$amparo" check --home "$tmp" 2>&1)
rc=$?
set -e
echo "$out"
[ "$rc" -eq 1 ] || { echo "expected exit code 1, got $rc"; exit 1; }
grep -q "es.po:[0-9]" <<<"$out" || { echo "the report does not name es.po and a line"; exit 1; }
echo "ok"
