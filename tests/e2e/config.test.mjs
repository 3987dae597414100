// Configuration as the binary meets it: what --demo does with a bad ./.env, which .env files are
// trusted, and that no mistake on the command line prints a pasted token secret back.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { DEMO_ARGS, SERVER, cleanEnv, parseLines, requireServer, runProcess } from './lib/harness.mjs';

const SECRET = randomUUID();  // the shape of a real PVE token secret
const PING = `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' })}\n`;

describe('configuration', () => {
  let root;

  before(() => {
    requireServer();
    root = realpathSync(mkdtempSync(join(tmpdir(), 'pmcp-config-')));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  // A fresh directory holding a .env with `text` and `mode`; returns the directory.
  function projectWithEnv(name, text, mode = 0o600) {
    const dir = join(root, name);
    mkdirSync(dir);
    writeFileSync(join(dir, '.env'), text);
    chmodSync(join(dir, '.env'), mode);
    return dir;
  }

  function stderrLines(run) {
    return run.stderr.split('\n').filter((l) => l !== '');
  }

  test('--demo starts despite a bad ./.env and says what it ignored', async () => {
    const dir = projectWithEnv('bad', `PROXMOX_TOKEN_VALUE=${SECRET}\nPROXMOX_PORT=${SECRET}\nnot a line\n`);
    const run = await runProcess(SERVER, DEMO_ARGS, { input: PING, env: cleanEnv(), cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(parseLines(run.stdout), [{ jsonrpc: '2.0', id: 1, result: {} }]);
    const lines = stderrLines(run);
    for (const expected of [
      `proxmox-mcp: warning: ${dir}/.env:3: skipped: expected KEY=value`,
      `proxmox-mcp: warning: PROXMOX_PORT (from ${dir}/.env:2) must be an integer 1-65535, got ` +
        "'<redacted>'; --demo goes on without it",
    ]) {
      assert.ok(lines.includes(expected), `${expected}\nnot in:\n${run.stderr}`);
    }
    assert.equal(run.stderr.includes(SECRET), false, run.stderr);
  });

  test('without --demo the same .env stops the server with exit code 2', async () => {
    const dir = projectWithEnv('bad-no-demo', 'PROXMOX_HOST=pve\nPROXMOX_TOKEN_VALUE=abcdefgh\nPROXMOX_PORT=abc\n');
    const run = await runProcess(SERVER, [], { input: PING, env: cleanEnv(), cwd: dir });
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr,
                 `proxmox-mcp: PROXMOX_PORT (from ${dir}/.env:3) must be an integer 1-65535, got 'abc'\n`);
  });

  test('a .env other users may write is ignored with a warning that says how to fix it', async () => {
    const text = 'PROXMOX_ALLOW_ELEVATED=true\n';
    const open = projectWithEnv('world-writable', text, 0o666);
    let run = await runProcess(SERVER, DEMO_ARGS, { input: PING, env: cleanEnv(), cwd: open });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(stderrLines(run).includes(
      `proxmox-mcp: warning: ignoring ${open}/.env: it is writable by other users (mode 0666); ` +
        `fix with chmod go-w ${open}/.env`), run.stderr);
    assert.match(run.stderr, /tools listed, basic mode,/);

    const own = projectWithEnv('private', text, 0o600);
    run = await runProcess(SERVER, DEMO_ARGS, { input: PING, env: cleanEnv(), cwd: own });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /tools listed, elevated mode,/);
    assert.doesNotMatch(run.stderr, /ignoring/);
  });

  test('a secret typed on the command line in any form is not printed back', async () => {
    const cases = [
      [[`--token_value=${SECRET}`], "unknown option '--token_value' (see --help)"],
      [[`--PROXMOX_TOKEN_VALUE=${SECRET}`], "unknown option '--PROXMOX_TOKEN_VALUE' (see --help)"],
      [['--token_value', SECRET], "unknown option '--token_value' (see --help)"],
      [['-x', SECRET], "unknown option '-x' (see --help)"],
      [[SECRET], 'unexpected argument at position 1 (value not shown; see --help)'],
      [['--demo', SECRET], 'unexpected argument at position 2 (value not shown; see --help)'],
      [['--token-file', SECRET],
        '--token-file: cannot read the file it names: No such file or directory (path not shown, in case ' +
        'it is the secret)'],
    ];
    for (const [args, message] of cases) {
      const run = await runProcess(SERVER, args, { env: cleanEnv({ PROXMOX_HOST: 'pve' }), cwd: root });
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, `proxmox-mcp: ${message}\n`);
    }
  });
});
