#!/usr/bin/env python3
"""Validates an HSDS 3.0 export against the Open Referral JSON schemas, offline.

Usage: validate_hsds.py FOLDER SCHEMA_DIR

JSON (services.json, organizations.json, ...): every record of each file is validated against its
schema (service.json, organization.json, ...); the schemas' $refs ("attribute.json") resolve to
the files in SCHEMA_DIR, never to the network. Tabular (datapackage.json present): each resource's
CSV exists and its header is the resource's field names in order. Exit status 0 when everything is
valid; 1 with one line per problem otherwise; 2 on bad usage.
"""
import csv
import json
import pathlib
import sys

import jsonschema

try:  # jsonschema >= 4.18 resolves $refs through a referencing.Registry
    import referencing
    import referencing.jsonschema
except ImportError:  # Debian 12's python3-jsonschema 4.10: RefResolver with a local store
    referencing = None

FILES = {
    "services.json": "service.json",
    "organizations.json": "organization.json",
    "locations.json": "location.json",
    "taxonomies.json": "taxonomy.json",
    "taxonomy_terms.json": "taxonomy_term.json",
    "service_at_locations.json": "service_at_location.json",
    "addresses.json": "address.json",
    "phones.json": "phone.json",
    "languages.json": "language.json",
    "service_areas.json": "service_area.json",
    "attributes.json": "attribute.json",
}


def make_validator(cls, schema, schemas):
    """A validator of `schema` whose $refs ("attribute.json") name files of `schemas`."""
    if referencing is not None:
        spec = referencing.jsonschema.DRAFT202012
        registry = referencing.Registry().with_resources(
            (name, referencing.Resource.from_contents(s, default_specification=spec))
            for name, s in schemas.items())
        return cls(schema, registry=registry)
    resolver = jsonschema.RefResolver(base_uri="", referrer=schema, store=dict(schemas))
    return cls(schema, resolver=resolver)


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    folder, schema_dir = pathlib.Path(argv[1]), pathlib.Path(argv[2])
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in schema_dir.glob("*.json")}
    if not schemas:
        print(f"{schema_dir}: no schemas", file=sys.stderr)
        return 2
    problems = []
    checked = 0
    for file, schema_name in FILES.items():
        path = folder / file
        if not path.exists():
            continue
        schema = schemas[schema_name]
        cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
        validator = make_validator(cls, schema, schemas)
        records = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(records, list):
            problems.append(f"{file}: not an array")
            continue
        for i, record in enumerate(records, 1):
            checked += 1
            for error in validator.iter_errors(record):
                where = "/".join(str(p) for p in error.absolute_path)
                problems.append(f"{file} item {i} {where}: {error.message}")
    package = folder / "datapackage.json"
    if package.exists():
        data = json.loads(package.read_text(encoding="utf-8"))
        for resource in data.get("resources", []):
            path = folder / resource["path"]
            if not path.exists():
                problems.append(f"{resource['path']}: missing")
                continue
            with path.open(newline="", encoding="utf-8") as f:
                header = next(csv.reader(f), [])
            expected = [field["name"] for field in resource["schema"]["fields"]]
            checked += 1
            if header != expected:
                problems.append(f"{resource['path']}: header {header} is not {expected}")
    if checked == 0:
        problems.append(f"{folder}: nothing to validate")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
