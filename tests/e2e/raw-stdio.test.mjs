// Raw newline-delimited JSON-RPC on the binary's stdin/stdout, as a shell user or a client that
// is not an SDK sends it: the reference README's bare tools/list, a legacy handshake, and the
// captured Claude Code 2.1.328 session replayed line by line. Every answer is schema-checked.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';

import { DEMO_ARGS, SERVER, parseLines, requireServer, runProcess } from './lib/harness.mjs';
import { READ_TOOLS, checkToolList } from './lib/read_tools.mjs';
import { SCHEMA_DIR, assertValid } from './lib/schema.mjs';

const CLAUDE_CODE_TRANSCRIPT = join(SCHEMA_DIR, 'transcripts',
                                    'claude-code-2.1.328-mcp-list-stdio.client-to-server.jsonl');

// Sends `messages` (objects or raw lines), closes stdin, and returns the parsed stdout lines.
async function exchange(messages, args = DEMO_ARGS) {
  const input = messages.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join('\n') + '\n';
  const run = await runProcess(SERVER, args, { input, timeoutMs: 20000 });
  assert.equal(run.code, 0, `exit code on stdin EOF; stderr:\n${run.stderr}`);
  return parseLines(run.stdout);
}

function byId(answers, id) {
  const answer = answers.find((m) => m.id === id && ('result' in m || 'error' in m));
  assert.ok(answer, `an answer to id ${JSON.stringify(id)} in ${JSON.stringify(answers).slice(0, 1000)}`);
  return answer;
}

describe('raw stdio', () => {
  before(requireServer);

  test('a bare tools/list with no handshake gets the tool list (reference README)', async () => {
    const answers = await exchange(['{"jsonrpc":"2.0","id":1,"method":"tools/list"}']);
    assert.equal(answers.length, 1);
    const answer = byId(answers, 1);
    assert.ok(answer.result, JSON.stringify(answer));
    checkToolList(answer.result.tools);
    assertValid('2025-11-25', 'JSONRPCResultResponse', answer);
    assertValid('2025-11-25', 'ListToolsResult', answer.result);
  });

  test('a bare tools/call proxmox_get_nodes answers with the nodes (reference README)', async () => {
    const answers = await exchange([
      '{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "proxmox_get_nodes", "arguments": {}}}',
    ]);
    const answer = byId(answers, 1);
    assertValid('2025-11-25', 'CallToolResult', answer.result);
    assert.notEqual(answer.result.isError, true);
    assert.match(answer.result.content[0].text, /pve1/);
  });

  test('legacy handshake: initialize 2025-11-25, initialized, tools/list, tools/call', async () => {
    const answers = await exchange([
      { jsonrpc: '2.0', id: 0, method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { jsonrpc: '2.0', id: 2, method: 'tools/call',
        params: { name: 'proxmox_get_vm_status', arguments: { node: 'pve1', vmid: 100 } } },
      { jsonrpc: '2.0', id: 3, method: 'ping' },
    ]);
    assert.equal(answers.length, 4, 'one answer per request, nothing for the notification');
    const init = byId(answers, 0).result;
    assertValid('2025-11-25', 'InitializeResult', init);
    assert.equal(init.protocolVersion, '2025-11-25');
    assert.equal(init.serverInfo.name, 'proxmox-mcp');
    assertValid('2025-11-25', 'ListToolsResult', byId(answers, 1).result);
    const call = byId(answers, 2).result;
    assertValid('2025-11-25', 'CallToolResult', call);
    assert.match(call.content[0].text, /\(ID: 100\)/);
    assert.deepEqual(byId(answers, 3).result, {});
    for (const answer of answers) assert.equal('resultType' in answer.result, false, 'no modern fields to a legacy client');
  });

  test('initialize with an unknown version is answered with the newest legacy version', async () => {
    const answers = await exchange([
      { jsonrpc: '2.0', id: 0, method: 'initialize',
        params: { protocolVersion: '2099-01-01', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } },
    ]);
    assert.equal(byId(answers, 0).result.protocolVersion, '2025-11-25');
  });

  test('the captured Claude Code 2.1.328 session is answered, every message schema-valid', async () => {
    const lines = readFileSync(CLAUDE_CODE_TRANSCRIPT, 'utf8').split('\n').filter(Boolean);
    const requests = lines.map((l) => JSON.parse(l));
    assert.deepEqual(requests.map((r) => r.method),
                     ['server/discover', 'subscriptions/listen', 'server/discover', 'tools/list']);
    const answers = await exchange(lines);
    for (const message of answers) assertValid('2026-07-28', 'JSONRPCMessage', message);

    const probe = byId(answers, 'server-discover-probe-1');
    assertValid('2026-07-28', 'DiscoverResultResponse', probe);
    assert.ok(probe.result.supportedVersions.includes('2026-07-28'));
    assert.equal(probe.result.resultType, 'complete');
    assert.ok(probe.result.capabilities.tools);

    const ack = answers.find((m) => m.method === 'notifications/subscriptions/acknowledged');
    assert.ok(ack, 'subscriptions/listen is acknowledged');
    assertValid('2026-07-28', 'SubscriptionsAcknowledgedNotification', ack);
    assert.equal(ack.params._meta['io.modelcontextprotocol/subscriptionId'], 'listen:0');

    assertValid('2026-07-28', 'DiscoverResultResponse', byId(answers, 0));
    const list = byId(answers, 1);
    assertValid('2026-07-28', 'ListToolsResultResponse', list);
    assert.equal(list.result.resultType, 'complete');
    assert.ok(Number.isInteger(list.result.ttlMs) && list.result.ttlMs >= 0);
    assert.ok(['public', 'private'].includes(list.result.cacheScope));
    checkToolList(list.result.tools);
  });

  test('a modern tools/call with per-request _meta answers with resultType', async () => {
    const meta = {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientCapabilities': {},
      'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
    };
    const answers = await exchange([
      { jsonrpc: '2.0', id: 7, method: 'tools/call',
        params: { name: 'proxmox_get_cluster_status', arguments: {}, _meta: meta } },
      { jsonrpc: '2.0', id: 8, method: 'tools/list',
        params: { _meta: { ...meta, 'io.modelcontextprotocol/protocolVersion': '2030-01-01' } } },
    ]);
    const call = byId(answers, 7);
    assertValid('2026-07-28', 'CallToolResultResponse', call);
    assert.equal(call.result.resultType, 'complete');
    const unsupported = byId(answers, 8);
    assertValid('2026-07-28', 'JSONRPCErrorResponse', unsupported);
    assert.equal(unsupported.error.code, -32022);
    assert.ok(unsupported.error.data.supported.includes('2026-07-28'));
  });

  // What models send and the Node.js server took: integers and booleans as text. Every schema
  // property has one type (no ["integer","string"] unions, which some clients reject).
  test('numeric strings reach the tools as integers; one type per property in every schema', async () => {
    const answers = await exchange([
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { jsonrpc: '2.0', id: 2, method: 'tools/call',
        params: { name: 'proxmox_get_vm_status', arguments: { node: 'pve1', vmid: '100' } } },
      { jsonrpc: '2.0', id: 3, method: 'tools/call',
        params: { name: 'proxmox_get_vms', arguments: { limit: '2' } } },
      { jsonrpc: '2.0', id: 4, method: 'tools/call',
        params: { name: 'proxmox_get_vms', arguments: { node: 'PVE1' } } },
    ], [...DEMO_ARGS]);
    const unions = [];
    const walk = (schema, where) => {
      if (!schema || typeof schema !== 'object') return;
      if (Array.isArray(schema.type)) unions.push(`${where}: ${JSON.stringify(schema.type)}`);
      for (const [name, sub] of Object.entries(schema.properties ?? {})) walk(sub, `${where}.${name}`);
      walk(schema.items, `${where}[]`);
    };
    for (const tool of byId(answers, 1).result.tools) {
      walk(tool.inputSchema, `${tool.name} input`);
      walk(tool.outputSchema, `${tool.name} output`);
    }
    assert.deepEqual(unions, []);
    const status = byId(answers, 2).result;
    assert.notEqual(status.isError, true, status.content[0].text);
    assert.equal(status.structuredContent.vmid, 100);
    const vms = byId(answers, 3).result;
    assert.notEqual(vms.isError, true, vms.content[0].text);
    assert.equal(vms.structuredContent.count, 2);
    const unknown = byId(answers, 4).result;
    assert.equal(unknown.isError, true);
    assert.equal(unknown.content[0].text,
                 "node 'PVE1' not found; cluster nodes: pve1, pve2, pve3 (did you mean 'pve1'?)");
  });

  test('garbage and unknown methods get JSON-RPC errors and the process keeps serving', async () => {
    const answers = await exchange([
      'this is not json',
      { jsonrpc: '2.0', id: 1, method: 'no/such/method' },
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
    ]);
    const parseError = answers.find((m) => m.error?.code === -32700);
    assert.ok(parseError, 'a -32700 parse error');
    assert.equal(byId(answers, 1).error.code, -32601);
    assert.equal(byId(answers, 2).result.tools.length >= READ_TOOLS.length, true);
  });
});
