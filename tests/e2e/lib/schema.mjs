// Validates messages against the official MCP JSON Schemas the project carries in third_party/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import Ajv2020 from 'ajv/dist/2020.js';

import { REPO_ROOT } from './harness.mjs';

export const SCHEMA_DIR = join(REPO_ROOT, 'third_party', 'mcp-schema');
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
const loaded = new Set();

function load(revision) {
  if (loaded.has(revision)) return;
  const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, revision, 'schema.json'), 'utf8'));
  delete schema.$id;  // address it by revision instead
  ajv.addSchema(schema, revision);
  loaded.add(revision);
}

// Asserts that `message` is a valid `typeName` ($defs) of `revision`, e.g. ('2026-07-28', 'ListToolsResultResponse').
export function assertValid(revision, typeName, message) {
  load(revision);
  const validate = ajv.getSchema(`${revision}#/$defs/${typeName}`);
  assert.ok(validate, `no ${typeName} in the ${revision} schema`);
  if (!validate(message)) {
    assert.fail(`not a valid ${revision} ${typeName}: ${ajv.errorsText(validate.errors)}\n` +
                JSON.stringify(message).slice(0, 2000));
  }
}

// Asserts that `value` matches a JSON Schema a server declared (a tool's inputSchema or
// outputSchema); `what` names it in the failure. Compiled once per schema object.
const compiled = new WeakMap();
export function assertMatches(schema, value, what) {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (!validate(value)) {
    assert.fail(`${what}: no match for the declared schema: ${ajv.errorsText(validate.errors)}\n` +
                JSON.stringify(value).slice(0, 2000));
  }
}
