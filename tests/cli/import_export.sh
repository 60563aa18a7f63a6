#!/usr/bin/env bash
# `amparo import` and `amparo export` as an operator runs them: an import is all-or-nothing, a bad file
# leaves the database exactly as it was, re-importing changes nothing, and an HSDS export validates and
# imports back to the same records.
set -euo pipefail
amparo=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db=$tmp/a.db
fingerprint() { sqlite3 "$db" .dump | grep -v '^INSERT INTO audit_log' | sha256sum; }
expect_fail() {  # description, then the command
  local what=$1; shift
  local before out rc
  before=$(fingerprint)
  set +e; out=$("$@" 2>&1); rc=$?; set -e
  echo "$out" | tail -2
  [ "$rc" -eq 1 ] || { echo "$what: expected exit code 1, got $rc"; exit 1; }
  [ "$(fingerprint)" = "$before" ] || { echo "$what: the database changed"; exit 1; }
}

"$amparo" import facilities "$src/data/facilities/ddp_facilities.csv" --db "$db" --skip-bad-rows | tail -1
out=$("$amparo" import facilities "$src/data/facilities/ddp_facilities.csv" --db "$db" --skip-bad-rows)
grep -q "imported: 0 inserted, 0 updated, 2262 unchanged" <<<"$out" || { echo "re-import changed something: $out"; exit 1; }

# Without --skip-bad-rows, a file with rejected rows writes nothing.
expect_fail "rejected rows" "$amparo" import eoir-pro-bono "$src/data/eoir/pro-bono-representation-2026-09-10.json" --db "$db"

# Malformed files: a clear report, exit code 1, the database unchanged.
printf '' > "$tmp/empty.csv"
expect_fail "empty file" "$amparo" import facilities "$tmp/empty.csv" --db "$db"
printf 'detention_facility_code,name,address_full,city,state,latitude,longitude\nX,"unbalanced,,,,,\n' > "$tmp/quotes.csv"
expect_fail "unbalanced quotes" "$amparo" import facilities "$tmp/quotes.csv" --db "$db"
printf 'code,name\nX,Y\n' > "$tmp/columns.csv"
expect_fail "missing columns" "$amparo" import facilities "$tmp/columns.csv" --db "$db"
printf '[{"organizationName": "A\xff"}]' > "$tmp/utf8.json"
expect_fail "invalid UTF-8" "$amparo" import eoir-pro-bono "$tmp/utf8.json" --db "$db"
mkdir "$tmp/pkg" && printf '{"name": "x", "resources": []}' > "$tmp/pkg/datapackage.json"
printf 'id,name\n' > "$tmp/pkg/organizations.csv"
expect_fail "unknown format" "$amparo" import nonsense "$tmp/pkg" --db "$db"
# A dry run writes nothing even when everything is valid.
before=$(fingerprint)
"$amparo" import eoir-recognized "$src/data/eoir/legal-aid-orgs-2026-09-19.json" --db "$db" --dry-run --skip-bad-rows | tail -1
[ "$(fingerprint)" = "$before" ] || { echo "a dry run changed the database"; exit 1; }

# Export and import back: the same records.
"$amparo" import eoir-pro-bono "$src/data/eoir/pro-bono-representation-2026-09-10.json" --db "$db" --skip-bad-rows | tail -1
"$amparo" export hsds "$tmp/csv" --db "$db"
"$amparo" export hsds "$tmp/json" --format json --db "$db"
schemas="$src/data/hsds-3.0/schema"
[ -d "$schemas" ] || { echo "no HSDS 3.0 schemas at $schemas (scripts/build-data copies it)"; exit 1; }
python3 "$src/tests/tools/validate_hsds.py" "$tmp/json" "$schemas" || { echo "the JSON export does not validate"; exit 1; }
for format in csv json; do
  "$amparo" import hsds "$tmp/$format" --db "$tmp/back-$format.db" | tail -1
  for table in organization service location phone address service_area; do
    a=$(sqlite3 "$db" "SELECT count(*) FROM $table"); b=$(sqlite3 "$tmp/back-$format.db" "SELECT count(*) FROM $table")
    [ "$a" = "$b" ] || { echo "$format round trip: $table has $b rows, expected $a"; exit 1; }
  done
done
echo "ok"
