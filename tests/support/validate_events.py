"""Validate tlswalk's JSON Lines against schema/events.schema.json with an independent
validator (the `jsonschema` package, Draft 2020-12, formats checked).

    python3 tests/support/validate_events.py SCHEMA < events.jsonl

Prints the number of events and the kinds seen; exits 1 naming each invalid line.
"""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
count, bad, kinds = 0, 0, set()
for number, line in enumerate(sys.stdin, 1):
    event = json.loads(line)
    count += 1
    kinds.add(event.get("kind"))
    for error in sorted(validator.iter_errors(event), key=lambda e: list(e.path))[:3]:
        bad += 1
        print(f"line {number}: {error.message} at {list(error.path)}", file=sys.stderr)
print(count, " ".join(sorted(k for k in kinds if k)))
sys.exit(1 if bad else 0)
