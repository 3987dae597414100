// The token secret from a file of its own, as the binary reads it from disk: a systemd
// credential ($CREDENTIALS_DIRECTORY/PROXMOX_TOKEN_VALUE) and PROXMOX_TOKEN_VALUE_FILE, checked by
// a call that pve-sim only answers with the right secret.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { SERVER, requireServer, runProcess } from './lib/harness.mjs';
import { startPveSim } from './lib/pve_sim.mjs';

const CALL = [
  { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'proxmox_get_nodes', arguments: {} } },
].map((m) => `${JSON.stringify(m)}\n`).join('');

describe('the token secret in a file (pve-sim)', () => {
  let sim;
  let dir;
  let settings;

  before(async () => {
    requireServer();
    sim = await startPveSim();
    dir = mkdtempSync(join(tmpdir(), 'pmcp-secret-'));
    settings = { ...sim.settings };
    delete settings.PROXMOX_TOKEN_VALUE;
  });
  after(async () => {
    await sim?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function nodesWith(env) {
    const run = await runProcess(SERVER, [], { input: CALL, env });
    assert.equal(run.code, 0, run.stderr);
    return JSON.parse(run.stdout.trim().split('\n').pop()).result;
  }

  test('a systemd credential named PROXMOX_TOKEN_VALUE holds the secret', async () => {
    writeFileSync(join(dir, 'PROXMOX_TOKEN_VALUE'), `${sim.settings.PROXMOX_TOKEN_VALUE}\n`);
    chmodSync(join(dir, 'PROXMOX_TOKEN_VALUE'), 0o400);
    const result = await nodesWith({ ...settings, CREDENTIALS_DIRECTORY: dir });
    assert.notEqual(result.isError, true, JSON.stringify(result));
    assert.match(result.content[0].text, /pve1/);
  });

  test('PROXMOX_TOKEN_VALUE_FILE names the file; a wrong secret in it is refused by Proxmox', async () => {
    const file = join(dir, 'token');
    writeFileSync(file, sim.settings.PROXMOX_TOKEN_VALUE);
    let result = await nodesWith({ ...settings, PROXMOX_TOKEN_VALUE_FILE: file });
    assert.notEqual(result.isError, true, JSON.stringify(result));
    writeFileSync(file, '00000000-0000-0000-0000-000000000000');
    result = await nodesWith({ ...settings, PROXMOX_TOKEN_VALUE_FILE: file });
    assert.equal(result.isError, true);
    assert.match(result.content[0].text, /401|authentication|token/i);
  });
});
