// MCP Inspector 2.12.0 in CLI mode (`mcp-inspector --cli`) drives `proxmox-mcp --demo`:
// tools/list and tools/call for every read tool, checking its exit codes (0 ok, 5 isError).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { DEMO_ARGS, INSPECTOR, SERVER, cleanEnv, requireServer, runProcess, textOf } from './lib/harness.mjs';
import { ERROR_CASES, READ_CASES, argsOf, caseTitle, checkResult, checkToolList } from './lib/read_tools.mjs';

const EXIT_OK = 0;
const EXIT_TOOL_ERROR = 5;

describe('MCP Inspector CLI', () => {
  let home;
  const seen = {};

  // The inspector keeps a catalog under $HOME: give it a private one.
  before(() => {
    requireServer();
    home = mkdtempSync(join(tmpdir(), 'pmcp-inspector-'));
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  async function inspect(args) {
    return runProcess(INSPECTOR, ['--cli', ...args], {
      env: cleanEnv({ HOME: home, CI: 'true', NO_COLOR: '1', MCP_INSPECTOR_SECRET_STORE: 'memory' }),
      timeoutMs: 60000,
    });
  }
  function onDemo(...args) {
    return inspect([...args, '--format', 'json', '--', SERVER, ...DEMO_ARGS]);
  }
  function parse(run) {
    try {
      return JSON.parse(run.stdout).result;  // --format json wraps the answer as {"result": ...}
    } catch {
      assert.fail(`inspector printed no JSON (exit ${run.code})\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
    }
  }

  test('tools/list exits 0 and lists every read tool', async () => {
    const run = await onDemo('--method', 'tools/list');
    assert.equal(run.code, EXIT_OK, run.stderr);
    checkToolList(parse(run).tools);
  });

  for (const testCase of READ_CASES) {
    test(`tools/call ${caseTitle(testCase)} exits 0`, async () => {
      const run = await onDemo('--method', 'tools/call', '--tool-name', testCase.tool,
                               '--tool-args-json', JSON.stringify(argsOf(testCase, seen)));
      assert.equal(run.code, EXIT_OK, `${run.stdout}\n${run.stderr}`);
      checkResult(testCase, parse(run), seen);
    });
  }

  test('key=value arguments are coerced: vmid=100 reaches the tool', async () => {
    const run = await onDemo('--method', 'tools/call', '--tool-name', 'proxmox_get_vm_status',
                             '--tool-arg', 'node=pve1', '--tool-arg', 'vmid=100');
    assert.equal(run.code, EXIT_OK, `${run.stdout}\n${run.stderr}`);
    assert.match(textOf(parse(run)), /\(ID: 100\)/);
  });

  for (const errorCase of ERROR_CASES) {
    test(`tools/call ${errorCase.tool} ${JSON.stringify(errorCase.args)} exits 5 (isError)`, async () => {
      const run = await onDemo('--method', 'tools/call', '--tool-name', errorCase.tool,
                               '--tool-args-json', JSON.stringify(errorCase.args));
      assert.equal(run.code, EXIT_TOOL_ERROR, `${run.stdout}\n${run.stderr}`);
      assert.match(run.stdout + run.stderr, errorCase.expect);
    });
  }

  test('the modern era (protocolEra "modern" in a config file) lists the tools', async () => {
    const config = join(home, 'servers.json');
    writeFileSync(config, JSON.stringify({
      mcpServers: { pve: { type: 'stdio', command: SERVER, args: DEMO_ARGS, protocolEra: 'modern' } },
    }));
    const init = await inspect(['--config', config, '--server', 'pve', '--method', 'initialize', '--format', 'json']);
    assert.equal(init.code, EXIT_OK, init.stderr);
    assert.equal(parse(init).protocolVersion, '2026-07-28');
    const list = await inspect(['--config', config, '--server', 'pve', '--method', 'tools/list', '--format', 'json']);
    assert.equal(list.code, EXIT_OK, list.stderr);
    checkToolList(parse(list).tools);
  });
});
