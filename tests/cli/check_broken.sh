#!/usr/bin/env bash
# `amparo check` on a copy of the tree with a broken catalog must exit 1 and name the file and line.
set -euo pipefail
amparo=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$src/i18n" "$src/data" "$src/content" "$tmp/"
mkdir -p "$tmp/web" && cp -r "$src/web/static" "$tmp/web/"
printf 'msgid "Home"\nmsgstr "Inicio\n' >> "$tmp/i18n/es.po"   # an unterminated string
set +e
out=$("$amparo" check --home "$tmp" 2>&1)
rc=$?
set -e
echo "$out"
[ "$rc" -eq 1 ] || { echo "expected exit code 1, got $rc"; exit 1; }
grep -q "es.po:[0-9]" <<<"$out" || { echo "the report does not name es.po and a line"; exit 1; }
echo "ok: broken catalog"

# A guide page with a broken link: exit 1, and the report names file:line.
cp "$src/i18n/es.po" "$tmp/i18n/es.po"
sed -i '0,/](credible-fear-interview)/s//](credible-fear-interviw)/' "$tmp/content/es/crossing-without-papers.md"
set +e
out=$("$amparo" check --home "$tmp" 2>&1)
rc=$?
set -e
echo "$out" | grep -v warning
[ "$rc" -eq 1 ] || { echo "expected exit code 1 for a broken link, got $rc"; exit 1; }
grep -q "content/es/crossing-without-papers.md:[0-9]*: error: broken link \"credible-fear-interviw\"" <<<"$out" \
  || { echo "the report does not name the file and line of the broken link"; exit 1; }
echo "ok: broken link"
