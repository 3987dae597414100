// Every command line a user would paste from README.md still works. The ```bash blocks are read
// from the README itself and each command is classified by the rules below: run as written
// against build/pve-sim or --demo (in a scratch directory where `build` points at the build),
// checked structurally where the program is not available here (the Claude Code CLI), or
// skipped with the reason (pveum and pvenode exist only on a Proxmox node). A command no rule
// knows fails the test, so a new or changed README line cannot go unchecked.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { BUILD_DIR, E2E_DIR, REPO_ROOT, SERVER, cleanEnv, parseLines, requireServer, runProcess } from './lib/harness.mjs';
import { startPveSim } from './lib/pve_sim.mjs';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
// Where the README's examples install the project; claude mcp add lines use its build.
const EXAMPLE_INSTALL = '/home/me/proxmox-mcp/build/proxmox-mcp';
const NODES_CALL = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"proxmox_get_nodes","arguments":{}}}\n';

// ---- reading the README ----

// The ```bash blocks: { line (1-based, of the first line inside), lines }.
function bashBlocks(text) {
  const blocks = [];
  let current = null;
  text.split('\n').forEach((line, i) => {
    if (current === null && /^```bash\s*$/.test(line)) {
      current = { line: i + 2, lines: [] };
    } else if (current !== null && /^```\s*$/.test(line)) {
      blocks.push(current);
      current = null;
    } else if (current !== null) {
      current.lines.push(line);
    }
  });
  return blocks;
}

// A block's commands as a shell reads them: continuation lines joined, comment-only and blank
// lines dropped, a for/while/until loop spread over lines kept as one command.
function commandsOf(block) {
  const commands = [];
  let pending = null;
  let continued = false;
  block.lines.forEach((raw, i) => {
    const line = raw.trimEnd();
    if (pending === null && (line.trim() === '' || line.trim().startsWith('#'))) return;
    if (pending === null) pending = { line: block.line + i, text: '' };
    // A backslash-newline disappears; the lines of a loop stay lines.
    pending.text += (pending.text && !continued ? '\n' : '') + line;
    continued = line.endsWith('\\');
    if (continued) {
      pending.text = pending.text.slice(0, -1);
      return;
    }
    if (/^(for|while|until)\b/.test(pending.text) && !/\bdone\b/.test(pending.text)) return;
    commands.push(pending);
    pending = null;
  });
  assert.equal(pending, null, `README.md:${block.line}: a bash block ends inside a command`);
  return commands;
}

// The `claude mcp add` commands in a program's output, continuation lines joined.
function claudeAddLines(output) {
  const commands = [];
  let pending = null;
  for (const line of output.split('\n').map((l) => l.trim())) {
    if (pending === null && !line.startsWith('claude mcp add ')) continue;
    pending = (pending ?? '') + line;
    if (pending.endsWith('\\')) {
      pending = pending.slice(0, -1);
    } else {
      commands.push(pending);
      pending = null;
    }
  }
  return commands;
}

// Shell words of a simple command (quotes and backslashes as sh reads them; an unquoted # at
// the start of a word begins a comment). Enough for the claude mcp add lines.
function shellWords(text) {
  const words = [];
  let word = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === '#' && word === null) {
      break;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      assert.ok(end > 0, `unterminated ' in ${text}`);
      word = (word ?? '') + text.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        s += text[j++];
      }
      assert.ok(j < text.length, `unterminated " in ${text}`);
      word = (word ?? '') + s;
      i = j;
    } else if (c === '\\' && i + 1 < text.length) {
      word = (word ?? '') + text[++i];
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

// The PROXMOX_* variables of the README's configuration table.
const CONFIG_VARIABLES = [...README.matchAll(/^\| `(PROXMOX_[A-Z_]+)` \|/gm)].map((m) => m[1]);

// ---- helpers that run things ----

let sim;
let scratch;  // a directory with `build` -> the build directory, and nothing else

// Runs `script` with bash in the scratch directory (or `cwd`), with a clean environment plus `env`.
// A TCP port nothing listens on right now.
function freePort() {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });
}

function bash(script, { env = {}, input = '', cwd = scratch, timeoutMs = 30000 } = {}) {
  return runProcess('/bin/bash', ['-c', script], { input, env: cleanEnv(env), cwd, timeoutMs });
}

const proxmoxSettings = () => Object.fromEntries(
  Object.entries(sim.settings).filter(([key]) => key.startsWith('PROXMOX_')));

// The one answer of a bare tools/call proxmox_get_nodes: the cluster's nodes, not an error.
function assertNodesAnswer(run, what) {
  assert.equal(run.code, 0, `${what}: exit ${run.code}\nstderr: ${run.stderr}`);
  const [answer] = parseLines(run.stdout);
  assert.ok(answer?.result, `${what}: ${run.stdout}\nstderr: ${run.stderr}`);
  const text = answer.result.content.map((c) => c.text).join('\n');
  assert.notEqual(answer.result.isError, true, `${what}: ${text}`);
  assert.match(text, /pve1/, what);
}

// `claude mcp add NAME [-e KEY=VALUE]... -- COMMAND [ARGS]`: the name right after `add` (before
// the variadic -e, which would swallow it), every -e a README configuration variable, an
// absolute command after `--`, and every argument of it a flag the binary knows. Returns the
// command, the arguments and the environment, the install path mapped to this build.
function checkClaudeAdd(text, where, serverHelp) {
  const words = shellWords(text);
  assert.deepEqual(words.slice(0, 3), ['claude', 'mcp', 'add'], where);
  const name = words[3];
  assert.ok(name && /^[A-Za-z0-9_-]+$/.test(name),
            `${where}: the server name must come right after "add", got ${JSON.stringify(name)}: ${text}`);
  const dashes = words.indexOf('--');
  assert.ok(dashes > 3, `${where}: no "--" before the command: ${text}`);
  const env = {};
  for (let i = 4; i < dashes; i += 2) {
    assert.ok(['-e', '--env'].includes(words[i]), `${where}: only -e KEY=VALUE may sit between the name and "--", got ${words[i]}`);
    const m = /^([A-Z_]+)=(.*)$/.exec(words[i + 1] ?? '');
    assert.ok(m, `${where}: -e needs KEY=VALUE, got ${words[i + 1]}`);
    assert.ok(CONFIG_VARIABLES.includes(m[1]), `${where}: ${m[1]} is not a variable of the configuration table`);
    env[m[1]] = m[2];
  }
  const [command, ...args] = words.slice(dashes + 1);
  assert.ok(command?.startsWith('/'), `${where}: the command after "--" must be an absolute path, got ${command}`);
  for (const arg of args) {
    assert.ok(arg.startsWith('--') && serverHelp.includes(arg.split('=')[0]),
              `${where}: ${arg} is not a flag in proxmox-mcp --help`);
  }
  return { name, command, args, env };
}

// ---- the rules ----
// Block rules see a whole ```bash block (for examples whose lines only work together); line
// rules see one command. `check` runs it; `skip` says why it cannot run here.

const BLOCK_RULES = [
  {
    what: 'proxmox-mcp --http in the background, then a request to it',
    match: (block) => block.lines.some((l) => /^build\/proxmox-mcp .*--http /.test(l)),
    // As written, on a free port instead of the README's; the server is stopped afterwards.
    check: async (block) => {
      const port = await freePort();
      const script = block.lines.join('\n').replaceAll(':8080', `:${port}`).replaceAll('--http 8080', `--http ${port}`);
      assert.notEqual(script, block.lines.join('\n'), 'the block uses port 8080');
      // curl may run before the server listens: retry it the way a person would, once more.
      const run = await bash(`${script.replace(/^curl (.*)$/m, 'sleep 1; curl --retry 5 --retry-connrefused $1')}\n` +
                             'rc=$?\nkill %1 2>/dev/null\nwait\nexit "$rc"\n');
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, 'ok\n');
    },
  },
  {
    what: 'pveum on a Proxmox node',
    match: (block) => block.lines.some((l) => /^\s*pveum /.test(l)),
    skip: 'pveum exists only on a Proxmox VE node, as root',
  },
  {
    what: 'a .env file',
    match: (block) => /^# \S*\.env$/.test(block.lines[0] ?? ''),
    // Its variable names, with pve-sim's values, in a .env of the current directory: the
    // README's check command (run from there) reaches the simulator.
    check: async (block) => {
      const keys = block.lines.filter((l) => !l.startsWith('#') && l.trim())
        .map((l) => /^([A-Z_]+)=/.exec(l)?.[1]);
      assert.ok(keys.every((k) => CONFIG_VARIABLES.includes(k)), `unknown variable in ${keys}`);
      assert.ok(keys.includes('PROXMOX_HOST') && keys.includes('PROXMOX_TOKEN_VALUE'), `${keys}`);
      const dir = mkdtempSync(join(tmpdir(), 'pmcp-readme-env-'));
      try {
        symlinkSync(BUILD_DIR, join(dir, 'build'));
        // The README's example uses the default port; the simulator listens elsewhere.
        const lines = [...keys, 'PROXMOX_PORT'].map((k) => `${k}=${sim.settings[k]}`);
        writeFileSync(join(dir, '.env'), lines.join('\n') + '\n');
        const run = await bash(`echo '${NODES_CALL.trim()}' | build/proxmox-mcp`, { cwd: dir });
        assertNodesAnswer(run, 'the .env example');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    what: 'build/pve-sim, then proxmox-mcp with its settings',
    match: (block) => block.lines.some((l) => l.startsWith('build/pve-sim ')),
    // The lines as written (the file moved to the scratch directory so parallel runs do not
    // meet), then the simulator stopped. Without waiting for the file, proxmox-mcp starts with
    // no settings and exits 2. The file starts out holding a previous run's settings (a dead
    // address), as on a second try: without the README's rm they can be read before pve-sim's
    // redirection empties the file (a race, so that mistake fails here only sometimes).
    check: async (block) => {
      const envFile = join(scratch, 'pve-sim.env');
      writeFileSync(envFile, 'PROXMOX_HOST=192.0.2.1\nPROXMOX_PORT=9\nPROXMOX_TOKEN_VALUE=stale\nPROXMOX_INSECURE_TLS=true\n');
      const script = block.lines.join('\n').replaceAll('/tmp/pve-sim.env', envFile);
      const run = await bash(`${script}\nrc=$?\nkill "$!" 2>/dev/null\nwait\nexit "$rc"\n`, { input: NODES_CALL });
      assertNodesAnswer(run, 'the pve-sim example');
    },
  },
];

const LINE_RULES = [
  {
    what: 'proxmox-mcp auth-token NAME [SCOPE] >> FILE',
    match: /^proxmox-mcp auth-token (\S+)(?: (\S+))? >> (\S+)$/,
    // Run with the line going to a scratch file: one line NAME SCOPE SALT DIGEST, the token on
    // stderr only.
    check: async (cmd, m) => {
      const run = await runProcess(SERVER, ['auth-token', m[1], ...(m[2] ? [m[2]] : [])]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`^${m[1]} ${(m[2] ?? 'all').replace('=', '\\=')} [0-9a-f]{32} [0-9a-f]{64}\\n$`));
      const token = /: ([0-9a-f]{64})\n$/.exec(run.stderr)?.[1];
      assert.ok(token && !run.stdout.includes(token), 'the token is on stderr only');
    },
  },
  {
    what: 'claude mcp add --transport http',
    match: /^claude mcp add --transport http /,
    // No Claude Code CLI here: the name comes before the URL, the URL is the /mcp endpoint and
    // the header is a bearer token.
    check: async (cmd, m, where) => {
      const words = shellWords(cmd.text);
      assert.deepEqual(words.slice(0, 5), ['claude', 'mcp', 'add', '--transport', 'http'], where);
      assert.match(words[5], /^[A-Za-z0-9_-]+$/, `${where}: the server name comes before the URL`);
      assert.match(words[6], /^https?:\/\/[^/]+\/mcp$/, `${where}: the URL is the /mcp endpoint`);
      assert.equal(words[7], '--header', where);
      assert.match(words[8], /^Authorization: Bearer \S+$/, where);
    },
  },
  {
    what: './run VERB',
    match: /^\.\/run ([a-z-]+)\b/,
    // Running ./run test from a test would recurse; the verb must be one ./run knows.
    check: async (cmd, m) => {
      const run = await runProcess(join(REPO_ROOT, 'run'), ['--help'], {});
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`^  ${m[1]}\\b`, 'm'), `./run --help lists no verb ${m[1]}`);
    },
  },
  {
    what: 'pvenode',
    match: /^pvenode /,
    skip: 'pvenode exists only on a Proxmox VE node',
  },
  {
    what: 'the certificate fingerprint with openssl',
    match: /^openssl s_client -connect pve\.example\.com:8006 .*\| openssl x509 .*-fingerprint -sha256$/,
    check: async (cmd, m, where, t) => {
      let printed;
      await t.test('prints the certificate fingerprint of the host it reaches', async () => {
        const target = `${sim.settings.PROXMOX_HOST}:${sim.settings.PROXMOX_PORT}`;
        const run = await bash(cmd.text.replace('pve.example.com:8006', target));
        assert.equal(run.code, 0, run.stderr);
        printed = run.stdout.trim();
        const hex = /Fingerprint=([0-9A-F:]+)$/i.exec(printed)?.[1];
        assert.equal(hex?.toUpperCase(), sim.settings.PROXMOX_FINGERPRINT.toUpperCase(),
                     `openssl printed ${printed}`);
      });
      // What the README tells the user to do with it: pin it, pasted as openssl prints it
      // ("sha256 Fingerprint=AB:CD:…").
      await t.test('PROXMOX_FINGERPRINT takes the line as openssl prints it', async () => {
        assert.ok(printed, 'no openssl output');
        const pinned = await runProcess(SERVER, [], {
          input: NODES_CALL, env: cleanEnv({ ...proxmoxSettings(), PROXMOX_FINGERPRINT: printed }),
        });
        assertNodesAnswer(pinned, `PROXMOX_FINGERPRINT=${printed}`);
      });
    },
  },
  {
    what: 'the check from a shell',
    match: /^echo '\{.*\}' \| build\/proxmox-mcp$/,
    check: async (cmd) => assertNodesAnswer(await bash(cmd.text, { env: proxmoxSettings() }), cmd.text),
  },
  {
    what: 'claude mcp add',
    match: /^claude mcp add /,
    // No Claude Code CLI here: the argument order is checked, and a --demo registration is
    // started as Claude Code would start it (the install path mapped to this build).
    check: async (cmd, m, where) => {
      const help = (await runProcess(SERVER, ['--help'])).stdout;
      const { command, args, env } = checkClaudeAdd(cmd.text, where, help);
      assert.ok(command === EXAMPLE_INSTALL, `${where}: the README's install path is ${EXAMPLE_INSTALL}, got ${command}`);
      if (args.includes('--demo')) {
        assertNodesAnswer(await runProcess(SERVER, args, { input: NODES_CALL, env: cleanEnv(env) }), cmd.text);
      }
    },
  },
  {
    what: 'proxmox-mcp bootstrap',
    match: /^proxmox-mcp bootstrap /,
    // Run as written (comments dropped): it prints the commands without contacting anything.
    check: async (cmd) => {
      const run = await runProcess(SERVER, shellWords(cmd.text).slice(1));
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^pveum role add ProxmoxMCP-\S+ --privs "[A-Za-z.,]+"$/m);
      assert.match(run.stdout, /^pveum user token add \S+ \S+ --privsep 1 /m);
    },
  },
  {
    what: 'proxmox-mcp doctor',
    match: /^proxmox-mcp doctor$/,
    // With pve-sim's settings in the environment: every check passes.
    check: async (cmd) => {
      const run = await runProcess(SERVER, ['doctor'], { env: cleanEnv(proxmoxSettings()) });
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /^ok {4}privileges /m);
    },
  },
  {
    what: 'claude mcp list',
    match: /^claude mcp list\b/,
    skip: 'needs the Claude Code CLI and its registered servers',
  },
];

// ---- the tests ----

describe('README.md command lines', () => {
  before(async () => {
    requireServer();
    sim = await startPveSim();
    scratch = mkdtempSync(join(tmpdir(), 'pmcp-readme-'));
    symlinkSync(BUILD_DIR, join(scratch, 'build'));
  });
  after(async () => {
    await sim?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const blocks = bashBlocks(README);
  test('README.md has bash blocks to check', () => assert.ok(blocks.length >= 5, `${blocks.length} blocks`));

  for (const block of blocks) {
    const blockRule = BLOCK_RULES.find((r) => r.match(block));
    if (blockRule) {
      const title = `README.md:${block.line} ${blockRule.what}`;
      if (blockRule.skip) test(title, { skip: blockRule.skip }, () => {});
      else test(title, () => blockRule.check(block));
      continue;
    }
    for (const cmd of commandsOf(block)) {
      const where = `README.md:${cmd.line}`;
      const rule = LINE_RULES.find((r) => r.match.test(cmd.text));
      const title = `${where} ${cmd.text.split('\n')[0].replace(/ {2,}/g, ' ').slice(0, 70)}`;
      if (!rule) {
        test(title, () => assert.fail(`${where}: no rule in tests/e2e/readme.test.mjs knows this command; ` +
                                      `add one that runs it (or says why it cannot run here):\n${cmd.text}`));
      } else if (rule.skip) {
        test(title, { skip: rule.skip }, () => {});
      } else {
        test(title, (t) => rule.check(cmd, rule.match.exec(cmd.text), where, t));
      }
    }
  }

  // Commands the README names in running text rather than in a block.
  test('build/proxmox-mcp --help lists every flag of the configuration table, --version prints one', async () => {
    const help = await runProcess(SERVER, ['--help']);
    assert.equal(help.code, 0, help.stderr);
    const flags = [...README.matchAll(/^\| `PROXMOX_[A-Z_]+` \| `(--[a-z-]+)/gm)].map((m) => m[1]);
    assert.ok(flags.length >= 10, `flags in the table: ${flags}`);
    for (const flag of [...flags, '--log-level', '--demo', '--elevated']) {
      assert.ok(help.stdout.includes(flag), `--help does not list ${flag}`);
    }
    const version = await runProcess(SERVER, ['--version']);
    assert.equal(version.code, 0, version.stderr);
    assert.match(version.stdout, /\d+\.\d+\.\d+/);
  });

  test('build/pve-sim --help lists the seed, port, task duration and fault options', async () => {
    assert.match(README, /`build\/pve-sim --help` lists its options/);
    const help = await runProcess(join(BUILD_DIR, 'pve-sim'), ['--help']);
    assert.equal(help.code, 0, help.stderr);
    for (const flag of ['--seed', '--port', '--task-ms', '--fault']) assert.ok(help.stdout.includes(flag), flag);
  });

  // The README quotes what a tool answers when the token lacks a privilege: it must be the
  // answer, word for word. The auditor token (PVEAuditor on /) may not power guests.
  test('the quoted permission error is what a tool answers', async () => {
    const quotes = [...README.matchAll(/`(the API token lacks ([\w.]+) on \/vms\/(\d+))`/g)];
    assert.ok(quotes.length > 0, 'README quotes a permission error');
    assert.ok(quotes.every((q) => q[0] === quotes[0][0]), `one example: ${quotes.map((q) => q[0])}`);
    const [, text, privilege, vmid] = quotes[0];
    assert.equal(privilege, 'VM.PowerMgmt', 'the test provokes VM.PowerMgmt with a start');
    const structured = parseLines((await runProcess(SERVER, [], {
      input: '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"proxmox_get_vms","arguments":{}}}\n',
      env: cleanEnv(proxmoxSettings()),
    })).stdout)[0].result.structuredContent;
    const guest = structured?.vms?.find((g) => String(g.vmid) === vmid);
    assert.ok(guest, `README's /vms/${vmid} is a guest of the simulated cluster`);
    const tool = guest.type === 'lxc' ? 'proxmox_start_lxc' : 'proxmox_start_vm';
    const run = await runProcess(SERVER, [], {
      input: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call',
                              params: { name: tool, arguments: { node: guest.node, vmid: Number(vmid) } } }) + '\n',
      env: cleanEnv({ ...proxmoxSettings(), PROXMOX_ALLOW_ELEVATED: 'true', PROXMOX_USER: sim.auditor.user,
                      PROXMOX_TOKEN_NAME: sim.auditor.name, PROXMOX_TOKEN_VALUE: sim.auditor.secret }),
    });
    const [answer] = parseLines(run.stdout);
    assert.equal(answer.result.isError, true, JSON.stringify(answer));
    assert.equal(answer.result.content[0].text, text);
  });

  // The registration lines ./run demo prints follow the same rules as the README's.
  test('the claude mcp add lines ./run demo prints', async () => {
    const run = await runProcess(process.execPath, [join(E2E_DIR, 'demo.mjs')], { env: cleanEnv(), timeoutMs: 60000 });
    assert.equal(run.code, 0, run.stderr);
    const commands = claudeAddLines(run.stdout);
    assert.equal(commands.length, 2, run.stdout);
    const help = (await runProcess(SERVER, ['--help'])).stdout;
    for (const text of commands) {
      const { command } = checkClaudeAdd(text, 'demo output', help);
      assert.equal(command, SERVER);
    }
  });
});
