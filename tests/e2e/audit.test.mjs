// The audit log through a real SDK client: a server killed with SIGKILL in the middle of a task
// leaves the call's start, its request and the task's UPID, and no end; the next server appends
// to the same file, chained on, with start, request, reply and end; a log that cannot be opened
// stops the server at start.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { DEMO_ARGS, SERVER, cleanEnv, requireServer, runProcess } from './lib/harness.mjs';
import { startPveSim } from './lib/pve_sim.mjs';

const CLIENT = { name: 'pmcp-e2e-audit', version: '3.1.4' };
const FIRST_PREV = '0'.repeat(64);

function rawLines(path) {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter((line) => line !== '');
}

// Each line's "prev" must be the SHA-256 of the line before it (64 zeros for the first).
function assertChained(path) {
  let prev = FIRST_PREV;
  rawLines(path).forEach((line, index) => {
    assert.equal(JSON.parse(line).prev, prev, `line ${index + 1} chains to the one before it`);
    prev = createHash('sha256').update(line).digest('hex');
  });
}

async function connect(command, args, env) {
  const client = new Client(CLIENT);
  const transport = new StdioClientTransport({ command, args, env: cleanEnv(env), stderr: 'ignore' });
  await client.connect(transport);
  return { client, transport };
}

async function waitFor(check, what, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = check();
    if (found) return found;
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('audit log (SDK v1 client)', () => {
  let sim;
  let dir;
  let log;

  before(async () => {
    requireServer();
    // Every task runs a minute: long enough to kill the server while it follows one.
    sim = await startPveSim(['--task-ms', '60000']);
    dir = mkdtempSync(join(tmpdir(), 'pmcp-audit-'));
    log = join(dir, 'audit.log');
  });
  after(async () => {
    await sim?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a server killed mid-task leaves start, request and UPID, and no end', async () => {
    const { client, transport } = await connect(SERVER, [], {
      ...sim.settings, PROXMOX_ALLOW_ELEVATED: 'true', PROXMOX_AUDIT_LOG: log,
    });
    const pending = client.callTool({ name: 'proxmox_start_vm', arguments: { node: 'pve2', vmid: 102 } })
      .catch(() => 'closed');
    const reply = await waitFor(() => rawLines(log).map((l) => JSON.parse(l)).find((l) => l.event === 'reply'),
      'the reply line');
    process.kill(transport.pid, 'SIGKILL');
    assert.equal(await pending, 'closed');
    await client.close().catch(() => {});

    assert.equal(statSync(log).mode & 0o777, 0o600);
    const lines = rawLines(log).map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.event), ['start', 'request', 'reply']);
    const [start, request] = lines;
    for (const line of lines) {
      assert.equal(line.call, start.call);
      assert.match(line.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    assert.deepEqual(start.client, CLIENT);
    assert.equal(start.tool, 'proxmox_start_vm');
    assert.deepEqual(start.arguments, { node: 'pve2', vmid: 102 });
    assert.equal(request.request, 1);
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/nodes/pve2/qemu/102/status/start');
    assert.deepEqual(request.params, {});
    assert.equal(reply.request, 1);
    assert.equal(reply.outcome, 'ok');
    assert.match(reply.upid, /^UPID:pve2:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmstart:102:[^:]+:$/);
    assertChained(log);
    assert.equal(readFileSync(log, 'utf8').includes(sim.settings.PROXMOX_TOKEN_VALUE), false);
  });

  test('the next server appends a whole call to the same chain', async () => {
    const earlier = rawLines(log).length;
    assert.ok(earlier > 0, 'the killed server left lines');
    const { client } = await connect(SERVER, DEMO_ARGS, {
      PROXMOX_ALLOW_ELEVATED: 'true', PROXMOX_AUDIT_LOG: log,
    });
    try {
      const result = await client.callTool({
        name: 'proxmox_create_snapshot_vm', arguments: { node: 'pve1', vmid: 100, snapname: 'audited' } });
      assert.notEqual(result.isError, true, JSON.stringify(result));
      const lines = rawLines(log).slice(earlier).map((l) => JSON.parse(l));
      assert.deepEqual(lines.map((l) => l.event), ['start', 'request', 'reply', 'end']);
      assert.deepEqual(lines[0].client, CLIENT);
      assert.deepEqual(lines[1].params, { snapname: 'audited' });
      assert.equal(lines[1].path, '/nodes/pve1/qemu/100/snapshot');
      assert.equal(lines[2].upid, result.structuredContent.upid);
      assert.equal(lines[3].outcome, 'ok');
      assert.equal(lines[3].task.exitstatus, 'OK');
      assert.equal(typeof lines[3].duration_ms, 'number');
      assertChained(log);
    } finally {
      await client.close();
    }
  });

  test('a log that cannot be opened (--audit-log) stops the server at start', async () => {
    const missing = join(dir, 'no-such-dir', 'audit.log');
    const run = await runProcess(SERVER, [...DEMO_ARGS, '--audit-log', missing]);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr,
      new RegExp(`proxmox-mcp: error: PROXMOX_AUDIT_LOG: audit log ${missing}: cannot open: No such file or directory\n`));
  });
});
