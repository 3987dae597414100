#!/usr/bin/env python3
"""Validate MCP messages against the official JSON Schema of one protocol revision.

Reads only third_party/mcp-schema (override with --schema-dir). Works with Debian's
python3-jsonschema 4.10 and later.

Single message (a JSON document on stdin or in FILE):
    validate_mcp.py --revision 2025-11-25 --type CallToolResult < result.json
JSON Lines, one check per line: {"revision": "...", "type": "...", "message": {...}}
(an optional "note" is printed with failures):
    validate_mcp.py --jsonl checks.jsonl
List the types of a revision:
    validate_mcp.py --revision 2026-07-28 --list-types

Validate against the specific type (ListToolsResult, CallToolResult, DiscoverResult,
JSONRPCErrorResponse, ProgressNotification, ...), not only an envelope such as ServerResult.

Exit status: 0 every message is valid; 1 at least one message is invalid (each problem is
printed on stdout as "INVALID <where> <revision> <type>: <path>: <reason>"); 2 usage or input
error (unknown revision or type, unreadable JSON), explained on stderr.
"""

import argparse
import json
import os
import sys

import jsonschema

REVISIONS = {
    # revision: (dialect validator, definitions key)
    "2025-06-18": (jsonschema.Draft7Validator, "definitions"),
    "2025-11-25": (jsonschema.Draft202012Validator, "$defs"),
    "2026-07-28": (jsonschema.Draft202012Validator, "$defs"),
}
NO_SCHEMA = {"2024-11-05", "2025-03-26"}
DEFAULT_SCHEMA_DIR = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "third_party", "mcp-schema")


class UsageError(Exception):
    pass


class Schemas:
    def __init__(self, schema_dir):
        self.schema_dir = schema_dir
        self.documents = {}
        self.validators = {}

    def document(self, revision):
        if revision in NO_SCHEMA:
            raise UsageError(
                f"no schema for {revision} in {self.schema_dir}; validate such messages "
                "against 2025-06-18 where the fields agree")
        if revision not in REVISIONS:
            raise UsageError(f"unknown revision {revision!r}; known: {', '.join(REVISIONS)}")
        if revision not in self.documents:
            path = os.path.join(self.schema_dir, revision, "schema.json")
            try:
                with open(path, encoding="utf-8") as f:
                    self.documents[revision] = json.load(f)
            except OSError as e:
                raise UsageError(f"cannot read {path}: {e}") from e
        return self.documents[revision]

    def types(self, revision):
        return sorted(self.document(revision)[REVISIONS[revision][1]])

    def validator(self, revision, type_name):
        key = (revision, type_name)
        if key not in self.validators:
            document = self.document(revision)
            cls, defs_key = REVISIONS[revision]
            if type_name not in document[defs_key]:
                raise UsageError(f"revision {revision} has no type {type_name!r}")
            root = {"$schema": document["$schema"], defs_key: document[defs_key],
                    "$ref": f"#/{defs_key}/{type_name}"}
            self.validators[key] = cls(root)
        return self.validators[key]

    def problems(self, revision, type_name, message):
        validator = self.validator(revision, type_name)
        out = []
        for error in sorted(validator.iter_errors(message), key=lambda e: list(e.path)):
            path = "/" + "/".join(str(p) for p in error.absolute_path)
            out.append(f"{path}: {error.message}")
        return out


def report(where, revision, type_name, problems, note=None):
    for problem in problems:
        suffix = f" ({note})" if note else ""
        print(f"INVALID {where} {revision} {type_name}: {problem}{suffix}")


def read_input(path):
    if path in (None, "-"):
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError as e:
        raise UsageError(f"cannot read {path}: {e}") from e


def run_single(schemas, args):
    if not args.revision or not args.type:
        raise UsageError("--revision and --type are required without --jsonl")
    text = read_input(args.file)
    try:
        message = json.loads(text)
    except json.JSONDecodeError as e:
        raise UsageError(f"input is not JSON: {e}") from e
    problems = schemas.problems(args.revision, args.type, message)
    report(args.file or "stdin", args.revision, args.type, problems)
    return 1 if problems else 0


def run_jsonl(schemas, args):
    valid = invalid = 0
    for number, line in enumerate(read_input(args.file).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            check = json.loads(line)
            revision, type_name, message = check["revision"], check["type"], check["message"]
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise UsageError(f"line {number}: expected {{revision, type, message}}: {e}") from e
        problems = schemas.problems(revision, type_name, message)
        report(f"line {number}", revision, type_name, problems, check.get("note"))
        if problems:
            invalid += 1
        else:
            valid += 1
    print(f"validate_mcp: {valid} messages valid, {invalid} invalid")
    if valid + invalid == 0:
        raise UsageError("no checks in input")
    return 1 if invalid else 0


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schema-dir", default=DEFAULT_SCHEMA_DIR)
    parser.add_argument("--revision")
    parser.add_argument("--type")
    parser.add_argument("--jsonl", action="store_true", help="input is JSON Lines of checks")
    parser.add_argument("--list-types", action="store_true")
    parser.add_argument("file", nargs="?", help="input file (default: stdin)")
    args = parser.parse_args(argv)
    schemas = Schemas(os.path.normpath(args.schema_dir))
    try:
        if args.list_types:
            if not args.revision:
                raise UsageError("--list-types needs --revision")
            print("\n".join(schemas.types(args.revision)))
            return 0
        return run_jsonl(schemas, args) if args.jsonl else run_single(schemas, args)
    except UsageError as e:
        print(f"validate_mcp: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
