#!/usr/bin/env python3
"""Validates a running amparo's HSDS API (/api/) against the Open Referral HSDS 3.0 schemas, offline.

Usage: validate_api.py BASE_URL SCHEMA_DIR     (BASE_URL: http://127.0.0.1:PORT; SCHEMA_DIR: the
                                                HSDS schema/ folder, with compiled/ inside)

Fetches /api/ and the OpenAPI document it names; every page of each list (list form and full=true)
and its NDJSON; every record of each list by its own endpoint. List items are validated against
HSDS's compiled list schemas (compiled/service_list.json, organization_list.json,
service_at_location_list.json), full services against compiled/service_with_definitions.json, other
full records against schema/<table>.json (its $refs resolved in SCHEMA_DIR, never on the network).
Nested records the schemas leave open are checked too: a service_at_location's `service`, an
organization's `services`. Page objects are checked for HSDS's fields, their types and their
arithmetic; a record's own endpoint must give the same record as NDJSON. Exit status 0 when all is
valid; 1 with one line per problem; 2 on bad usage.
"""
import json
import pathlib
import sys
import urllib.error
import urllib.parse
import urllib.request

import jsonschema

from validate_hsds import make_validator

PAGE_FIELDS = {"total_items": int, "total_pages": int, "page_number": int, "size": int,
               "first_page": bool, "last_page": bool, "empty": bool, "contents": list}
PER_PAGE = 200


class Checker:
    def __init__(self, base, schema_dir):
        self.base = base.rstrip("/")
        self.problems = []
        self.records = 0
        schemas = {p.name: json.loads(p.read_text(encoding="utf-8"))
                   for p in schema_dir.glob("*.json")}
        compiled = {p.name: json.loads(p.read_text(encoding="utf-8"))
                    for p in (schema_dir / "compiled").glob("*.json")}
        if not schemas or not compiled:
            raise SystemExit(f"{schema_dir}: no schemas")

        def validator(schema, store):
            cls = jsonschema.validators.validator_for(schema,
                                                      default=jsonschema.Draft202012Validator)
            return make_validator(cls, schema, store)

        self.list_form = {
            "services": validator(compiled["service_list.json"], compiled),
            "organizations": validator(compiled["organization_list.json"], compiled),
            "service_at_locations": validator(compiled["service_at_location_list.json"], compiled),
            "taxonomies": validator(schemas["taxonomy.json"], schemas),
            "taxonomy_terms": validator(schemas["taxonomy_term.json"], schemas),
        }
        self.full_form = {
            "services": validator(compiled["service_with_definitions.json"], compiled),
            "organizations": validator(schemas["organization.json"], schemas),
            "service_at_locations": validator(schemas["service_at_location.json"], schemas),
            "taxonomies": self.list_form["taxonomies"],
            "taxonomy_terms": self.list_form["taxonomy_terms"],
        }

    def problem(self, text):
        self.problems.append(text)

    def get(self, path, expect=200):
        request = urllib.request.Request(self.base + path, headers={"Accept-Encoding": "identity"})
        try:
            with urllib.request.urlopen(request, timeout=30) as r:
                status, body, ctype = r.status, r.read(), r.headers.get("Content-Type", "")
        except urllib.error.HTTPError as e:
            status, body, ctype = e.code, e.read(), e.headers.get("Content-Type", "")
        if status != expect:
            self.problem(f"GET {path}: status {status}, not {expect}")
        return body.decode("utf-8"), ctype

    def get_json(self, path):
        body, ctype = self.get(path)
        if not ctype.startswith("application/json"):
            self.problem(f"GET {path}: Content-Type {ctype!r}")
        return json.loads(body)

    def validate(self, where, validator, record):
        self.records += 1
        for error in validator.iter_errors(record):
            at = "/".join(str(p) for p in error.absolute_path)
            self.problem(f"{where} {at}: {error.message}")

    def nested(self, table, where, record, full):
        """The nested records HSDS's schemas leave unchecked (additional properties)."""
        form = self.full_form if full else self.list_form
        if table == "service_at_locations" and "service" in record:
            self.validate(where + " service", form["services"], record["service"])
        if table == "organizations":
            for i, service in enumerate(record.get("services", [])):
                self.validate(f"{where} services/{i}", form["services"], service)

    def check_page(self, path, page, number):
        for field, kind in PAGE_FIELDS.items():
            if not isinstance(page.get(field), kind):
                self.problem(f"{path}: Page field {field} missing or not {kind.__name__}")
                return False
        total, pages, size = page["total_items"], page["total_pages"], page["size"]
        expected_pages = (total + PER_PAGE - 1) // PER_PAGE
        expected_size = max(0, min(PER_PAGE, total - (number - 1) * PER_PAGE))
        if (pages != expected_pages or page["page_number"] != number or size != expected_size
                or size != len(page["contents"]) or page["first_page"] != (number == 1)
                or page["last_page"] != (number >= pages) or page["empty"] != (size == 0)):
            self.problem(f"{path}: Page arithmetic wrong: "
                         f"{ {k: v for k, v in page.items() if k != 'contents'} }")
        return True

    def check_list(self, table, full):
        records = []
        number = 1
        while True:
            path = f"/api/{table}?per_page={PER_PAGE}&page={number}" + ("&full=true" if full else "")
            page = self.get_json(path)
            if not self.check_page(path, page, number):
                return records
            form = self.full_form if full else self.list_form
            for i, record in enumerate(page["contents"]):
                where = f"{path} item {i + 1}"
                self.validate(where, form[table], record)
                self.nested(table, where, record, full)
            records += page["contents"]
            if page["last_page"]:
                return records
            number += 1

    def check_ndjson(self, table):
        path = f"/api/{table}?format=ndjson"
        body, ctype = self.get(path)
        if not ctype.startswith("application/x-ndjson"):
            self.problem(f"GET {path}: Content-Type {ctype!r}")
        lines = body.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        records = []
        for i, line in enumerate(lines, 1):
            record = json.loads(line)
            where = f"{path} line {i}"
            self.validate(where, self.full_form[table], record)
            self.nested(table, where, record, True)
            records.append(record)
        return records

    def check_table(self, table):
        listed = self.check_list(table, False)
        full = self.check_list(table, True)
        lines = self.check_ndjson(table)
        if not listed:
            self.problem(f"/api/{table}: no records")
        if [r["id"] for r in listed] != [r["id"] for r in lines]:
            self.problem(f"/api/{table}: the list and the NDJSON give different records")
        if full != lines:
            self.problem(f"/api/{table}?full=true: records differ from the NDJSON ones")
        for record in lines:
            path = f"/api/{table}/{urllib.parse.quote(record['id'], safe='')}"
            own = self.get_json(path)
            self.records += 1
            if own != record:
                self.problem(f"{path}: not the record the NDJSON gives")
        return len(lines)

    def run(self):
        root = self.get_json("/api/")
        for field in ("version", "profile", "openapi_url"):
            if not isinstance(root.get(field), str) or not root[field]:
                self.problem(f"/api/: no {field}")
        if root.get("profile") != "https://openreferral.org/specification/3.0/":
            self.problem(f"/api/: profile {root.get('profile')!r}")
        openapi = self.get_json(root.get("openapi_url", "/api/openapi.json"))
        if not str(openapi.get("openapi", "")).startswith("3.1"):
            self.problem("openapi.json: not an OpenAPI 3.1 document")
        for path in ("/", "/services", "/services/{id}", "/organizations", "/organizations/{id}",
                     "/service_at_locations", "/service_at_locations/{id}", "/taxonomies",
                     "/taxonomies/{id}", "/taxonomy_terms", "/taxonomy_terms/{id}"):
            if path not in openapi.get("paths", {}):
                self.problem(f"openapi.json: no path {path}")
        if "@AMPARO_VERSION@" in json.dumps(openapi):
            self.problem("openapi.json: the version placeholder is still there")
        counts = {t: self.check_table(t) for t in self.list_form}
        for table in ("services", "organizations", "service_at_locations", "taxonomies",
                      "taxonomy_terms"):
            body, _ = self.get(f"/api/{table}/no-such-id", expect=404)
            if "message" not in json.loads(body):
                self.problem(f"/api/{table}/no-such-id: no message")
        return counts


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    checker = Checker(argv[1], pathlib.Path(argv[2]))
    counts = checker.run()
    for p in checker.problems[:200]:
        print(p)
    if len(checker.problems) > 200:
        print(f"... and {len(checker.problems) - 200} more")
    print(f"{checker.records} records validated ({', '.join(f'{t} {n}' for t, n in counts.items())}); "
          f"{len(checker.problems)} problem(s)")
    return 1 if checker.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
