#!/usr/bin/env bash
# `amparo serve` as a user runs it: first run creates the database from the bundled data, every language's
# pages are served and are valid HTML5, SIGTERM stops it cleanly; a second run reuses the database.
set -euo pipefail
amparo=$1 src=$2
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

start() {
  "$amparo" serve --db "$tmp/amparo.db" --listen 127.0.0.1:0 --home "$src" 2>"$tmp/log" &
  pid=$!
  # Up to 60 s: the sanitizer build renders and compresses every page before it listens.
  for _ in $(seq 1 600); do
    port=$(sed -n 's|.*serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/log")
    [ -n "$port" ] && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$tmp/log"; echo "amparo exited early"; exit 1; }
    sleep 0.1
  done
  cat "$tmp/log"; echo "amparo did not start"; exit 1
}

stop() {
  kill -TERM "$pid"
  wait "$pid" || { echo "amparo did not exit cleanly on SIGTERM"; cat "$tmp/log"; exit 1; }
  pid=
  grep -q "stopped" "$tmp/log" || { echo "no shutdown message"; exit 1; }
}

start
grep -q "creating $tmp/amparo.db" "$tmp/log" || { cat "$tmp/log"; echo "first run did not create the database"; exit 1; }
[ -f "$tmp/amparo.db" ] || { echo "no database file"; exit 1; }
mkdir "$tmp/pages"
slugs=$(sed -n 's/^  - \([a-z0-9-]*\)$/\1/p' "$src/content/guide.yaml")
for lang in en es ht pt fr prs ps ar ru zh tr; do
  for page in "" about languages guide/ $(for s in $slugs; do echo "guide/$s"; done) \
      help "help?q=lawyer&near=El+Paso" "help?service=legal&language=es" hotlines facilities \
      "facilities?q=Eloy" facility/EAZ org/eoir-org-florence-immigrant-and-refugee-rights-project; do
    name="$lang-$(tr '/?&=+' '-----' <<<"${page:-home}").html"
    code=$(curl -s -o "$tmp/pages/$name" -w '%{http_code}' "http://127.0.0.1:$port/$lang/$page")
    [ "$code" = 200 ] || { echo "GET /$lang/$page gave $code"; exit 1; }
  done
done
curl -s "http://127.0.0.1:$port/nope" -o "$tmp/pages/error-404.html"
health=$(curl -s "http://127.0.0.1:$port/healthz")
grep -q '"facilities":842' <<<"$health" || { echo "healthz: $health"; exit 1; }
# The access log holds method, route, status and duration only.
grep -q '^GET /{lang}/about 200 ' "$tmp/log" || { cat "$tmp/log"; echo "no access log line"; exit 1; }
curl -s -o /dev/null "http://127.0.0.1:$port/es/about?secret=abc"
if grep -v 'serving http' "$tmp/log" | grep -q '127\.0\.0\.1\|secret'; then cat "$tmp/log"; echo "the log holds an address or a query"; exit 1; fi

validator="$src/tests/tools/node_modules/.bin/html-validate"
[ -x "$validator" ] || { echo "html-validate is not installed: run scripts/setup"; exit 1; }
"$validator" --config "$src/tests/tools/htmlvalidate.json" "$tmp"/pages/*.html
stop

start
if grep -q "amparo: creating" "$tmp/log"; then cat "$tmp/log"; ls -la "$tmp"; echo "second run re-created the database"; exit 1; fi
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/es/")
[ "$code" = 200 ] || { echo "second run: GET /es/ gave $code"; exit 1; }
stop
echo "ok"
