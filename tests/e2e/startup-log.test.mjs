// The line proxmox-mcp logs at start names the number of tools a client will see in tools/list,
// out of all of them: a user comparing "74 tools" with the 24 their client shows in basic mode
// would think tools were missing.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { before, describe, test } from 'node:test';

import { DEMO_ARGS, SERVER, cleanEnv, parseLines, requireServer, runProcess } from './lib/harness.mjs';

const TOOLS_LIST = '{"jsonrpc":"2.0","id":1,"method":"tools/list"}\n';

// Starts the demo server with `args`/`env`, sends a bare tools/list, and returns what the start
// log line says next to the length of the list the server answered with.
async function startAndList(args, env = {}) {
  const run = await runProcess(SERVER, [...DEMO_ARGS, ...args], { input: TOOLS_LIST, env: cleanEnv(env) });
  assert.equal(run.code, 0, `exit code; stderr:\n${run.stderr}`);
  const line = run.stderr.split('\n').find((l) => / tools listed, /.test(l));
  assert.ok(line, `no start line with "tools listed" on stderr:\n${run.stderr}`);
  const m = line.match(/: (\d+) of (\d+) tools listed, (basic|elevated) mode, token /);
  assert.ok(m, `start line not in the expected form: ${line}`);
  const answer = parseLines(run.stdout).find((msg) => msg.id === 1);
  assert.ok(answer?.result?.tools, `tools/list answer: ${run.stdout}`);
  return { listed: Number(m[1]), total: Number(m[2]), mode: m[3], shown: answer.result.tools.length };
}

describe('start log line', () => {
  before(requireServer);

  test('basic mode logs the read tools it lists, out of all tools', async () => {
    const basic = await startAndList([]);
    const elevated = await startAndList(['--elevated']);
    assert.equal(basic.mode, 'basic');
    assert.equal(basic.listed, basic.shown);
    assert.equal(basic.listed, 24);
    assert.equal(basic.total, elevated.shown, 'the total is every tool elevated mode lists');
  });

  test('elevated mode and PROXMOX_LIST_ALL_TOOLS=true log every tool as listed', async () => {
    const elevated = await startAndList(['--elevated']);
    assert.deepEqual(elevated, { listed: 74, total: 74, mode: 'elevated', shown: 74 });
    const all = await startAndList([], { PROXMOX_LIST_ALL_TOOLS: 'true' });
    assert.deepEqual(all, { listed: 74, total: 74, mode: 'basic', shown: 74 });
  });
});

// OpenSSL is loaded with the first Proxmox request, not at start (loading it took most of the
// start-up time): tools/list is answered without it. libcurl is never loaded: the HTTPS client is
// the server's own.
describe('start without OpenSSL', () => {
  before(requireServer);

  test('OpenSSL is mapped only once a tool makes a request, libcurl never', async () => {
    // A port nothing listens on: the call fails fast, after loading OpenSSL.
    const env = cleanEnv({ PROXMOX_HOST: '127.0.0.1', PROXMOX_PORT: '9', PROXMOX_USER: 'root@pam',
                           PROXMOX_TOKEN_NAME: 'bench', PROXMOX_TOKEN_VALUE: 'not-a-secret' });
    const server = spawn(SERVER, [], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = once(server, 'exit');  // before anything can fail: the exit may come first
    const lines = createInterface({ input: server.stdout });
    const answers = lines[Symbol.asyncIterator]();
    const ask = async (message) => {
      server.stdin.write(`${JSON.stringify(message)}\n`);
      const { value } = await answers.next();
      return JSON.parse(value);
    };
    const mapped = (library) => readFileSync(`/proc/${server.pid}/maps`, 'utf8').includes(`/${library}`);
    const libraries = ['libssl.so.3', 'libcrypto.so.3'];
    try {
      const list = await ask({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
      assert.ok(list.result.tools.length > 0);
      for (const library of libraries) {
        assert.equal(mapped(library), false, `${library} is not loaded before the first request`);
      }
      const call = await ask({ jsonrpc: '2.0', id: 2, method: 'tools/call',
                               params: { name: 'proxmox_get_nodes', arguments: {} } });
      assert.equal(call.result.isError, true);
      assert.match(call.result.content[0].text, /127\.0\.0\.1:9/);
      for (const library of libraries) {
        assert.equal(mapped(library), true, `the first request loaded ${library}`);
      }
      assert.equal(mapped('libcurl.so.4'), false, 'libcurl is not loaded by a request');
    } finally {
      server.stdin.end();
      await exited;
    }
  });
});
