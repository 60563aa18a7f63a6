#!/usr/bin/env bash
# The HSDS API of the real `amparo serve` (bundled data, new database): every list page, NDJSON
# stream and record validated against the Open Referral HSDS 3.0 schemas (tests/tools/validate_api.py).
set -euo pipefail
amparo=$1 src=$2
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

"$amparo" serve --db "$tmp/amparo.db" --listen 127.0.0.1:0 --home "$src" --quiet 2>"$tmp/log" &
pid=$!
port=
# Up to 60 s: the sanitizer build renders and compresses every page before it listens.
for _ in $(seq 1 600); do
  port=$(sed -n 's|.*serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/log")
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/log"; echo "amparo exited early"; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { cat "$tmp/log"; echo "amparo did not start"; exit 1; }

python3 "$src/tests/tools/validate_api.py" "http://127.0.0.1:$port" "$src/data/hsds-3.0/schema"
kill -TERM "$pid"
wait "$pid" || { echo "amparo did not exit cleanly on SIGTERM"; cat "$tmp/log"; exit 1; }
pid=
echo "ok"
