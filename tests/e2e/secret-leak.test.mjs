// The Proxmox token secret never appears in anything proxmox-mcp prints: each scenario runs the
// binary with a known PROXMOX_TOKEN_VALUE, captures stdout and stderr, and searches for it.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { DEMO_ARGS, SERVER, cleanEnv, parseLines, requireServer, runProcess } from './lib/harness.mjs';

const SECRET = randomUUID();  // the shape of a real PVE token secret
const SESSION = [
  { jsonrpc: '2.0', id: 0, method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'leak', version: '1' } } },
  { jsonrpc: '2.0', method: 'notifications/initialized' },
  { jsonrpc: '2.0', id: 1, method: 'tools/list' },
  { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'proxmox_get_nodes', arguments: {} } },
  { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'proxmox_get_vms', arguments: {} } },
  { jsonrpc: '2.0', id: 4, method: 'tools/call',
    params: { name: 'proxmox_get_vm_status', arguments: { node: 'pve1', vmid: '100' } } },
  { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'proxmox_get_cluster_status' } },
  // The one tool about the credentials themselves: the user and token name, never the secret.
  { jsonrpc: '2.0', id: 6, method: 'tools/call', params: { name: 'proxmox_whoami', arguments: {} } },
].map((m) => JSON.stringify(m)).join('\n') + '\n';

function assertNoSecret(run) {
  const captured = run.stdout + run.stderr;
  assert.equal(captured.includes(SECRET), false, `the secret leaked:\n${captured}`);
  assert.equal(captured.includes(SECRET.replaceAll('-', '')), false, 'the secret leaked without dashes');
  assert.equal(captured.includes(encodeURIComponent(`=${SECRET}`)), false, 'the secret leaked url-encoded');
}

function callResults(run) {
  return parseLines(run.stdout).filter((m) => typeof m.id === 'number' && m.id >= 2).map((m) => m.result);
}

describe('the token secret never appears in output', () => {
  let dir;
  let closedPort;
  let notTls;
  let notTlsPort;

  before(async () => {
    requireServer();
    dir = mkdtempSync(join(tmpdir(), 'pmcp-leak-'));
    // A port nothing listens on: bind, read the number, close.
    const probe = createServer();
    await new Promise((r) => probe.listen(0, '127.0.0.1', r));
    closedPort = probe.address().port;
    await new Promise((r) => probe.close(r));
    // A loopback server that answers plain HTTP where TLS is expected.
    notTls = createServer((socket) => {
      socket.on('error', () => {});
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
    });
    await new Promise((r) => notTls.listen(0, '127.0.0.1', r));
    notTlsPort = notTls.address().port;
  });
  after(() => {
    notTls?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function bogusHostEnv(port) {
    return cleanEnv({
      PROXMOX_HOST: '127.0.0.1', PROXMOX_PORT: String(port), PROXMOX_USER: 'root@pam',
      PROXMOX_TOKEN_NAME: 'leaktest', PROXMOX_TOKEN_VALUE: SECRET, PROXMOX_CONNECT_TIMEOUT: '2',
    });
  }

  test('host refusing connections, debug logging', async () => {
    const run = await runProcess(SERVER, ['--log-level', 'debug'], { input: SESSION, env: bogusHostEnv(closedPort) });
    assertNoSecret(run);
    assert.equal(run.code, 0, run.stderr);
    const results = callResults(run);
    assert.equal(results.length, 5);
    for (const result of results) assert.equal(result.isError, true, JSON.stringify(result));
  });

  test('host speaking plain HTTP where TLS is expected', async () => {
    const run = await runProcess(SERVER, ['--log-level', 'debug'], { input: SESSION, env: bogusHostEnv(notTlsPort) });
    assertNoSecret(run);
    for (const result of callResults(run)) assert.equal(result.isError, true, JSON.stringify(result));
  });

  test('secret from a .env file in the current directory', async () => {
    const project = join(dir, 'dotenv');
    mkdirSync(project);
    writeFileSync(join(project, '.env'),
                  `PROXMOX_HOST=127.0.0.1\nPROXMOX_PORT=${closedPort}\nexport PROXMOX_TOKEN_VALUE="${SECRET}"\n`);
    const run = await runProcess(SERVER, ['--log-level', 'debug'], { input: SESSION, env: cleanEnv(), cwd: project });
    assertNoSecret(run);
    assert.equal(run.code, 0, run.stderr);
    for (const result of callResults(run)) assert.equal(result.isError, true, JSON.stringify(result));
  });

  test('--demo with the secret in the environment', async () => {
    const run = await runProcess(SERVER, [...DEMO_ARGS, '--log-level', 'debug'], {
      input: SESSION, env: cleanEnv({ PROXMOX_TOKEN_VALUE: SECRET, PROXMOX_HOST: '127.0.0.1' }),
    });
    assertNoSecret(run);
    assert.equal(run.code, 0, run.stderr);
    for (const result of callResults(run)) assert.notEqual(result.isError, true, JSON.stringify(result));
  });

  test('an invalid setting: one line naming the variable, exit code 2', async () => {
    const env = bogusHostEnv(closedPort);
    env.PROXMOX_PORT = 'not-a-port';
    const run = await runProcess(SERVER, [], { input: SESSION, env });
    assertNoSecret(run);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '', 'nothing on stdout');
    assert.match(run.stderr, /PROXMOX_PORT/);
  });

  test('--help and --version', async () => {
    for (const flag of ['--help', '--version']) {
      const run = await runProcess(SERVER, [flag], { env: bogusHostEnv(closedPort) });
      assertNoSecret(run);
      assert.equal(run.code, 0, `${flag}: ${run.stderr}`);
    }
  });
});
