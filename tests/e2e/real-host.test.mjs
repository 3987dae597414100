// Real use, as the README describes it: proxmox-mcp without --demo against a Proxmox host played
// by build/pve-sim in its own process (self-signed certificate, token auth), configured through
// environment variables or a .env file. Covers TLS pinning, the insecure opt-out, a wrong token,
// and that the token secret is never printed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { SERVER, cleanEnv, parseLines, requireServer, runProcess } from './lib/harness.mjs';
import { startPveSim } from './lib/pve_sim.mjs';
import { READ_CASES, argsOf, caseTitle, checkResult } from './lib/read_tools.mjs';

const WRONG_SECRET = '0badc0de-0000-4000-8000-000000000000';
const NODES_CALL = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call',
                                    params: { name: 'proxmox_get_nodes', arguments: {} } }) + '\n';

describe('against a separate pve-sim process (no --demo)', () => {
  let sim;
  let dir;

  before(async () => {
    requireServer();
    sim = await startPveSim();
    dir = mkdtempSync(join(tmpdir(), 'pmcp-real-'));
  });
  after(async () => {
    await sim?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function assertNoSecret(output) {
    assert.equal(output.includes(sim.settings.PROXMOX_TOKEN_VALUE), false, `the token secret leaked:\n${output}`);
    assert.equal(output.includes(WRONG_SECRET), false, `the wrong secret leaked:\n${output}`);
  }

  // One proxmox_get_nodes call through raw stdio; returns the result, stderr and the output.
  async function getNodes(env, options = {}) {
    const run = await runProcess(SERVER, [], { input: NODES_CALL, env: cleanEnv(env), ...options });
    assertNoSecret(run.stdout + run.stderr);
    assert.equal(run.code, 0, run.stderr);
    const [answer] = parseLines(run.stdout);
    return { result: answer.result, text: answer.result.content[0].text, stderr: run.stderr };
  }

  describe('pinned fingerprint, settings in the environment: every read tool', () => {
    let client;
    let stderr = '';
    const seen = {};
    before(async () => {
      client = new Client({ name: 'pmcp-e2e-real', version: '1.0.0' });
      const transport = new StdioClientTransport({
        command: SERVER, args: ['--log-level', 'debug'], env: cleanEnv(sim.settings), stderr: 'pipe',
      });
      transport.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
      await client.connect(transport);
    });
    after(async () => {
      await client?.close();
      assertNoSecret(stderr);
    });

    for (const testCase of READ_CASES) {
      test(`tools/call ${caseTitle(testCase)}`, async () => {
        const result = await client.callTool({ name: testCase.tool, arguments: argsOf(testCase, seen) });
        assertNoSecret(JSON.stringify(result));
        checkResult(testCase, result, seen);
      });
    }
  });

  test('settings from a .env file in the current directory', async () => {
    const lines = Object.entries(sim.settings).map(([k, v]) => `export ${k}="${v}"`);
    writeFileSync(join(dir, '.env'), `# written by the e2e test\n${lines.join('\n')}\n`);
    const { result, text } = await getNodes({}, { cwd: dir });
    assert.notEqual(result.isError, true, text);
    assert.match(text, /🔴 \*\*pve3\*\*/);
  });

  test('without a pin the self-signed certificate is refused, and the fingerprint is shown', async () => {
    const { PROXMOX_FINGERPRINT: fingerprint, ...settings } = sim.settings;
    const { result, text } = await getNodes(settings);
    assert.equal(result.isError, true);
    assert.match(text, /TLS verification of 127\.0\.0\.1:\d+ failed .*self-signed certificate/);
    assert.ok(text.includes(fingerprint), 'names the fingerprint to pin');
  });

  test('a wrong pin is refused, naming both fingerprints', async () => {
    const wrong = Array(32).fill('AB').join(':');
    const { result, text } = await getNodes({ ...sim.settings, PROXMOX_FINGERPRINT: wrong });
    assert.equal(result.isError, true);
    assert.match(text, /does not match the pinned fingerprint/);
    assert.ok(text.includes(wrong) && text.includes(sim.settings.PROXMOX_FINGERPRINT));
  });

  test('PROXMOX_INSECURE_TLS=true connects and warns on stderr', async () => {
    const { PROXMOX_FINGERPRINT: _unused, ...settings } = sim.settings;
    const { result, text, stderr } = await getNodes({ ...settings, PROXMOX_INSECURE_TLS: 'true' });
    assert.notEqual(result.isError, true, text);
    assert.match(stderr, /warning: TLS certificate verification is OFF/);
  });

  test('a wrong token secret: the answer names the token id, never the secret', async () => {
    const { result, text } = await getNodes({ ...sim.settings, PROXMOX_TOKEN_VALUE: WRONG_SECRET });
    assert.equal(result.isError, true);
    assert.match(text, /authentication failed for API token root@pam!mcpserver/);
  });

  test('the read-only auditor token reads the cluster', async () => {
    const { result, text } = await getNodes({
      ...sim.settings, PROXMOX_USER: sim.auditor.user, PROXMOX_TOKEN_NAME: sim.auditor.name,
      PROXMOX_TOKEN_VALUE: sim.auditor.secret,
    });
    assert.notEqual(result.isError, true, text);
    assert.match(text, /\*\*pve1\*\*/);
  });
});
