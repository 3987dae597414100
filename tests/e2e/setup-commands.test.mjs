// The subcommands beside the server as a person runs them: `proxmox-mcp bootstrap` prints pveum
// commands, `proxmox-mcp doctor` checks a configuration; exit codes, and no pasted secret echoed.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { SERVER, cleanEnv, requireServer, runProcess } from './lib/harness.mjs';

const SECRET = randomUUID();

describe('bootstrap and doctor', () => {
  let dir;  // an empty working directory: no .env is read

  before(() => {
    requireServer();
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'pmcp-setup-')));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = (args, env = {}) => runProcess(SERVER, args, { env: cleanEnv(env), cwd: dir });

  test('bootstrap prints the role, user, token and ACL commands of a tier', async () => {
    const r = await run(['bootstrap', '--tier', 'read-only', '--pve', '8']);
    assert.equal(r.code, 0, r.stderr);
    const commands = r.stdout.split('\n').filter((l) => l.startsWith('pveum '));
    assert.deepEqual(commands, [
      'pveum role add ProxmoxMCP-read-only --privs "Datastore.Audit,Pool.Audit,Sys.Audit,VM.Audit"',
      'pveum user add mcp@pve --comment "proxmox-mcp"',
      'pveum acl modify / --users mcp@pve --roles ProxmoxMCP-read-only',
      'pveum user token add mcp@pve mcpserver --privsep 1 --comment "proxmox-mcp"',
      "pveum acl modify / --tokens 'mcp@pve!mcpserver' --roles ProxmoxMCP-read-only",
    ]);
  });

  test('bootstrap: a usage error exits 2 and does not echo a pasted secret', async () => {
    const r = await run(['bootstrap', '--tier', 'admin', SECRET]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr,
      'proxmox-mcp bootstrap: unexpected argument at position 3 (value not shown; see --help)\n');
  });

  test('doctor --demo passes every check', async () => {
    const r = await run(['doctor', '--demo']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const checks = r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split(/\s+/).slice(0, 2).join(' '));
    assert.deepEqual(checks, ['ok configuration', 'ok DNS', 'ok TCP', 'ok TLS', 'ok token', 'ok clock',
      'ok privileges']);
  });

  test('doctor: a closed port fails at TCP with exit code 1, the secret never shown', async () => {
    const r = await run(['doctor', '--host', '127.0.0.1', '--port', '1'], { PROXMOX_TOKEN_VALUE: SECRET });
    assert.equal(r.code, 1);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    assert.equal(lines.length, 3);
    assert.match(lines[2], /^FAIL {2}TCP {11}cannot connect to 127\.0\.0\.1:1 \(Connection refused\)/);
    assert.ok(!(r.stdout + r.stderr).includes(SECRET));
  });

  test('doctor: a missing setting is a failed configuration check', async () => {
    const r = await run(['doctor']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout,
      'FAIL  configuration PROXMOX_HOST is not set (required unless --demo) (see proxmox-mcp --help)\n');
  });
});
