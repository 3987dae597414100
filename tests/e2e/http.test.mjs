// `proxmox-mcp --demo --http`: the v1 and v2 TypeScript SDK clients over Streamable HTTP (read
// tools, a waiting write tool with progress, a bearer token), the transport's HTTP rules seen
// with plain fetch, and an orderly stop on SIGTERM.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as HttpV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client as ClientV2, StreamableHTTPClientTransport as HttpV2 } from '@modelcontextprotocol/client';

import { assertTaskSucceeded } from './lib/demo_session.mjs';
import { SERVER, cleanEnv, runProcess, startHttpServer, textOf } from './lib/harness.mjs';

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { offeringTests } from './lib/offerings.mjs';
import { ERROR_CASES, readToolTests } from './lib/read_tools.mjs';

const ELEVATED = { PROXMOX_ALLOW_ELEVATED: 'true', PROXMOX_CONFIRM: 'false' };
const TOKEN = 'e2e-http-token-0123456789abcdef';
const MODERN = '2026-07-28';

// A raw POST to the endpoint, with the headers a conforming client sends unless overridden.
async function post(url, body, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: response.status, headers: response.headers, text, json };
}

function modernRequest(id, method, params = {}) {
  return {
    jsonrpc: '2.0', id, method,
    params: {
      ...params,
      _meta: {
        'io.modelcontextprotocol/protocolVersion': MODERN,
        'io.modelcontextprotocol/clientCapabilities': {},
        'io.modelcontextprotocol/clientInfo': { name: 'fetch', version: '0' },
      },
    },
  };
}

const CLIENTS = [
  { label: 'SDK v1 (legacy era, session)', connect: async (url) => {
    const client = new ClientV1({ name: 'pmcp-e2e-http-v1', version: '1.0.0' });
    await client.connect(new HttpV1(new URL(url)));
    return client;
  } },
  { label: 'SDK v2 pinned to 2026-07-28', era: 'modern', connect: async (url) => {
    const client = new ClientV2({ name: 'pmcp-e2e-http-v2', version: '1.0.0' },
                                { versionNegotiation: { mode: { pin: MODERN } } });
    await client.connect(new HttpV2(new URL(url)));
    return client;
  } },
  { label: "SDK v2 'auto'", era: 'modern', connect: async (url) => {
    const client = new ClientV2({ name: 'pmcp-e2e-http-v2', version: '1.0.0' },
                                { versionNegotiation: { mode: 'auto' } });
    await client.connect(new HttpV2(new URL(url)));
    return client;
  } },
  { label: "SDK v2 'legacy'", era: 'legacy', connect: async (url) => {
    const client = new ClientV2({ name: 'pmcp-e2e-http-v2', version: '1.0.0' },
                                { versionNegotiation: { mode: 'legacy' } });
    await client.connect(new HttpV2(new URL(url)));
    return client;
  } },
];

for (const { label, era, connect } of CLIENTS) {
  describe(`over HTTP: ${label}`, () => {
    let server;
    let client;

    before(async () => {
      server = await startHttpServer();
      client = await connect(server.url);
    });
    after(async () => {
      await client?.close();
      await server?.stop();
    });

    if (era) {
      test(`speaks the ${era} era`, () => assert.equal(client.getProtocolEra(), era));
    }

    readToolTests(() => client, { errorCases: ERROR_CASES.slice(0, 3) });
    offeringTests(() => client);
  });
}

describe('over HTTP: a waiting write tool streams its progress', () => {
  for (const { label, connect } of [CLIENTS[0], CLIENTS[1]]) {
    test(`${label}: proxmox_start_vm waits for its task, with progress on the SSE stream`, async () => {
      const server = await startHttpServer([], ELEVATED);
      const client = await connect(server.url);
      try {
        const progress = [];
        const params = { name: 'proxmox_start_vm', arguments: { node: 'pve2', vmid: 102 } };
        const options = { onprogress: (p) => progress.push(p) };
        // v1 takes a result schema before the options; v2 does not.
        const result = client instanceof ClientV1 ? await client.callTool(params, undefined, options)
                                                  : await client.callTool(params, options);
        assert.equal(result.isError, undefined, textOf(result));
        // win11's EFI disk lacks the 2023 Microsoft keys: PVE 9 starts it with a warning.
        assertTaskSucceeded(result.structuredContent,
                            { node: 'pve2', kind: 'qmstart', id: 102, exitstatus: 'WARNINGS: 1' });
        assert.match(result.structuredContent.log_tail[0], /^WARN: EFI disk without 'ms-cert=2023k'/);
        assert.ok(progress.length >= 1, 'at least one progress notification');
        for (const p of progress) assert.equal(typeof p.progress, 'number');
        const status = await client.callTool({ name: 'proxmox_get_vm_status', arguments: { node: 'pve2', vmid: 102 } });
        assert.equal(status.structuredContent.status, 'running');
      } finally {
        await client.close();
        assert.equal((await server.stop()).code, 0);
      }
    });
  }
});

describe('over HTTP: bearer token', () => {
  let server;
  before(async () => { server = await startHttpServer([], { MCP_AUTH_TOKEN: TOKEN }); });
  after(async () => server?.stop());

  test('no token or a wrong one is 401 with WWW-Authenticate, and nothing is served', async () => {
    const none = await post(server.url, modernRequest(1, 'server/discover'),
                            { 'MCP-Protocol-Version': MODERN, 'Mcp-Method': 'server/discover' });
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="proxmox-mcp"');
    const wrong = await post(server.url, modernRequest(1, 'server/discover'),
                             { 'MCP-Protocol-Version': MODERN, 'Mcp-Method': 'server/discover',
                               Authorization: `Bearer ${TOKEN}x` });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('www-authenticate'), 'Bearer realm="proxmox-mcp", error="invalid_token"');
    assert.equal(wrong.json.error.message, 'Unauthorized: the bearer token is not valid');
    assert.ok(!server.stderr().includes(TOKEN), 'the token is never logged');
  });

  test('both SDKs get in with the token in their request headers', async () => {
    const headers = { Authorization: `Bearer ${TOKEN}` };
    const v1 = new ClientV1({ name: 'v1', version: '1' });
    await v1.connect(new HttpV1(new URL(server.url), { requestInit: { headers } }));
    assert.ok((await v1.listTools()).tools.length > 0);
    await v1.close();
    const v2 = new ClientV2({ name: 'v2', version: '1' }, { versionNegotiation: { mode: { pin: MODERN } } });
    await v2.connect(new HttpV2(new URL(server.url), { requestInit: { headers } }));
    assert.ok((await v2.listTools()).tools.length > 0);
    await v2.close();
  });

  test('/healthz needs no token and says nothing', async () => {
    const response = await fetch(server.url.replace('/mcp', '/healthz'));
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'ok\n');
  });
});

describe('over HTTP: a session belongs to the token that made it', () => {
  test('another token, even one of the same name, cannot use it', async () => {
    // MCP_AUTH_TOKEN's holder is named "token"; the file names a read-only token "token" too.
    const made = await runProcess(SERVER, ['auth-token', 'token', 'read-only'], { env: cleanEnv() });
    const readOnly = /: ([0-9a-f]{64})\n$/.exec(made.stderr)[1];
    const file = join(mkdtempSync(join(tmpdir(), 'pmcp-tokens-')), 'tokens');
    writeFileSync(file, made.stdout);
    const server = await startHttpServer(['--auth-tokens', file], { ...ELEVATED, MCP_AUTH_TOKEN: TOKEN });
    try {
      const init = await post(server.url, {
        jsonrpc: '2.0', id: 1, method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'fetch', version: '0' } },
      }, { Authorization: `Bearer ${TOKEN}` });
      const id = init.headers.get('mcp-session-id');
      assert.match(id, /^[0-9a-f]{32}$/);
      const list = { jsonrpc: '2.0', id: 2, method: 'tools/list' };
      const own = await post(server.url, list, { Authorization: `Bearer ${TOKEN}`, 'Mcp-Session-Id': id });
      assert.equal(own.status, 200);
      const other = await post(server.url, list, { Authorization: `Bearer ${readOnly}`, 'Mcp-Session-Id': id });
      assert.equal(other.status, 404);
    } finally {
      await server.stop();
    }
  });
});

describe('over HTTP: the transport rules', () => {
  let server;
  before(async () => { server = await startHttpServer(); });
  after(async () => server?.stop());

  const modernHeaders = (method, name) => ({
    'MCP-Protocol-Version': MODERN, 'Mcp-Method': method, ...(name ? { 'Mcp-Name': name } : {}),
  });

  test('a Host or Origin that is not this machine is 403 (DNS rebinding)', async () => {
    // fetch does not let a script set Host; the Origin a browser sends is the page's.
    const origin = await post(server.url, modernRequest(1, 'server/discover'),
                              { ...modernHeaders('server/discover'), Origin: 'http://evil.example' });
    assert.equal(origin.status, 403);
    assert.equal(origin.json.error.message,
                 "Forbidden: Origin 'http://evil.example' is not allowed (see --allowed-hosts)");
    const local = await post(server.url, modernRequest(1, 'server/discover'),
                             { ...modernHeaders('server/discover'), Origin: 'http://localhost:5173' });
    assert.equal(local.status, 200);
  });

  test('2026-07-28: the headers must repeat the body (-32020 as 400)', async () => {
    const call = modernRequest(2, 'tools/call', { name: 'proxmox_get_nodes', arguments: {} });
    const missing = await post(server.url, call, modernHeaders('tools/call'));
    assert.equal(missing.status, 400);
    assert.equal(missing.json.error.code, -32020);
    assert.equal(missing.json.id, 2);
    const other = await post(server.url, call, modernHeaders('tools/call', 'proxmox_get_vms'));
    assert.equal(other.status, 400);
    assert.equal(other.json.error.code, -32020);
    const encoded = `=?base64?${Buffer.from('proxmox_get_nodes').toString('base64')}?=`;
    const ok = await post(server.url, call, modernHeaders('tools/call', encoded));
    assert.equal(ok.status, 200);
    assert.equal(ok.json.result.structuredContent.count, 3);
    const method = await post(server.url, call, modernHeaders('tools/list'));
    assert.equal(method.status, 400);
    assert.equal(method.json.error.code, -32020);
  });

  test('2026-07-28 claimed by the header alone is a missing envelope (-32602 as 400)', async () => {
    const init = await post(server.url, {
      jsonrpc: '2.0', id: 8, method: 'tools/list', params: {},
    }, modernHeaders('tools/list'));
    assert.equal(init.status, 400);
    assert.equal(init.json.error.code, -32602);
    assert.equal(init.json.error.message,
                 'Invalid _meta envelope for protocol revision 2026-07-28: io.modelcontextprotocol/protocolVersion: missing');
  });

  test('2026-07-28: an unknown method is 404, a bad version 400 with -32022', async () => {
    const ping = await post(server.url, modernRequest(3, 'ping'), modernHeaders('ping'));
    assert.equal(ping.status, 404);
    assert.equal(ping.json.error.code, -32601);
    const body = modernRequest(4, 'tools/list');
    body.params._meta['io.modelcontextprotocol/protocolVersion'] = '2099-01-01';
    const version = await post(server.url, body,
                               { 'MCP-Protocol-Version': '2099-01-01', 'Mcp-Method': 'tools/list' });
    assert.equal(version.status, 400);
    assert.equal(version.json.error.code, -32022);
    assert.deepEqual(version.json.error.data, { supported: [MODERN], requested: '2099-01-01' });
  });

  test('legacy: a request without a session is 400, an unknown session 404, DELETE ends one', async () => {
    const list = { jsonrpc: '2.0', id: 5, method: 'tools/list' };
    const none = await post(server.url, list);
    assert.equal(none.status, 400);
    assert.match(none.json.error.message, /Mcp-Session-Id header is required/);
    const unknown = await post(server.url, list, { 'Mcp-Session-Id': 'feedface' });
    assert.equal(unknown.status, 404);
    const init = await post(server.url, {
      jsonrpc: '2.0', id: 6, method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'fetch', version: '0' } },
    });
    assert.equal(init.status, 200);
    assert.equal(init.json.result.protocolVersion, '2025-06-18');
    const id = init.headers.get('mcp-session-id');
    assert.match(id, /^[0-9a-f]{32}$/);
    const listed = await post(server.url, list, { 'Mcp-Session-Id': id, 'MCP-Protocol-Version': '2025-06-18' });
    assert.equal(listed.status, 200);
    assert.ok(listed.json.result.tools.length > 0);
    const notified = await post(server.url, { jsonrpc: '2.0', method: 'notifications/initialized' },
                                { 'Mcp-Session-Id': id });
    assert.equal(notified.status, 202);
    assert.equal(notified.text, '');
    const ended = await fetch(server.url, { method: 'DELETE', headers: { 'Mcp-Session-Id': id } });
    assert.equal(ended.status, 204);
    assert.equal((await post(server.url, list, { 'Mcp-Session-Id': id })).status, 404);
  });

  test('GET is 405, media types are checked, a body over 4 MiB is 413', async () => {
    const get = await fetch(server.url, { headers: { Accept: 'text/event-stream' } });
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST, DELETE');
    const type = await post(server.url, '{}', { 'Content-Type': 'text/plain' });
    assert.equal(type.status, 415);
    const accept = await post(server.url, '{}', { Accept: 'application/json' });
    assert.equal(accept.status, 406);
    const parse = await post(server.url, '{"jsonrpc":');
    assert.equal(parse.status, 400);
    assert.equal(parse.json.error.code, -32700);
    const invalid = await post(server.url, { jsonrpc: '1.0', id: 3, method: 'tools/list' });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.json.error.code, -32600);
    const huge = await post(server.url, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'x', params: { pad: 'x'.repeat(4 * 1024 * 1024) } }));
    assert.equal(huge.status, 413);
  });
});

describe('over HTTP: SIGTERM', () => {
  test('a call in flight finishes and is answered, then the process exits 0', async () => {
    const server = await startHttpServer([], ELEVATED);
    const client = new ClientV2({ name: 'v2', version: '1' }, { versionNegotiation: { mode: { pin: MODERN } } });
    await client.connect(new HttpV2(new URL(server.url)));
    // A task that takes a while in the demo cluster: the wait ends at the signal, the answer comes.
    const pending = client.callTool({ name: 'proxmox_start_vm', arguments: { node: 'pve2', vmid: 102 } });
    await new Promise((r) => setTimeout(r, 300));
    server.child.kill('SIGTERM');
    const result = await pending;
    assert.equal(result.isError, undefined, textOf(result));
    assert.match(result.structuredContent.upid, /^UPID:pve2:/);
    const { code } = await server.exited;
    assert.equal(code, 0);
    assert.match(server.stderr(), /stopping \(SIGTERM\): finishing the requests in flight/);
    await client.close().catch(() => {});
  });
});

describe('over HTTP: scoped access tokens from a file of digests', () => {
  let server;
  const tokens = {};
  let file;
  let audit;

  before(async () => {
    const lines = [];
    for (const [name, scope] of [['laptop', 'all'], ['grafana', 'read-only'], ['ops', 'toolsets=inventory']]) {
      const made = await runProcess(SERVER, ['auth-token', name, scope], { env: cleanEnv() });
      assert.equal(made.code, 0, made.stderr);
      tokens[name] = /\(shown once, not stored\): ([0-9a-f]{64})\n$/.exec(made.stderr)[1];
      assert.match(made.stdout, new RegExp(`^${name} ${scope.replace('=', '\\=')} [0-9a-f]{32} [0-9a-f]{64}\\n$`));
      assert.ok(!made.stdout.includes(tokens[name]), 'the file line does not hold the token');
      lines.push(made.stdout);
    }
    file = join(mkdtempSync(join(tmpdir(), 'pmcp-tokens-')), 'tokens');
    writeFileSync(file, `# access tokens\n${lines.join('')}`);
    audit = join(dirname(file), 'audit.log');
    server = await startHttpServer(['--auth-tokens', file], { ...ELEVATED, PROXMOX_AUDIT_LOG: audit });
  });
  after(async () => server?.stop());

  async function connectWith(token) {
    const client = new ClientV2({ name: 'v2', version: '1' }, { versionNegotiation: { mode: { pin: MODERN } } });
    await client.connect(new HttpV2(new URL(server.url),
                                    { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
    return client;
  }

  test('each token sees the tools of its scope: all, read-only whatever the mode, one toolset', async () => {
    const names = {};
    for (const name of Object.keys(tokens)) {
      const client = await connectWith(tokens[name]);
      names[name] = (await client.listTools()).tools.map((t) => t.name);
      await client.close();
    }
    assert.ok(names.laptop.includes('proxmox_start_vm'), 'elevated server: all has the write tools');
    assert.ok(!names.grafana.includes('proxmox_start_vm'), 'read-only has no write tool');
    assert.ok(names.grafana.includes('proxmox_get_vms'));
    assert.ok(names.grafana.length < names.laptop.length);
    assert.ok(names.ops.includes('proxmox_get_nodes'));
    assert.ok(!names.ops.includes('proxmox_start_vm'));
    assert.ok(!names.ops.includes('proxmox_list_snapshots_vm'));
  });

  test('a read-only token cannot call a write tool even by name', async () => {
    const client = await connectWith(tokens.grafana);
    await assert.rejects(
      client.callTool({ name: 'proxmox_stop_vm', arguments: { node: 'pve1', vmid: 100 } }),
      /Unknown tool: proxmox_stop_vm/);
    const status = await client.callTool({ name: 'proxmox_get_vm_status', arguments: { node: 'pve1', vmid: 100 } });
    assert.equal(status.structuredContent.status, 'running', 'VM 100 was not stopped');
    await client.close();
  });

  test('the audit log names the access token that made a change', async () => {
    const client = await connectWith(tokens.laptop);
    const result = await client.callTool({ name: 'proxmox_start_vm', arguments: { node: 'pve2', vmid: 102 } });
    assert.equal(result.isError, undefined, textOf(result));
    await client.close();
    const starts = readFileSync(audit, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
      .filter((l) => l.event === 'start');
    assert.equal(starts.length, 1);
    assert.deepEqual(starts[0].client, { name: 'v2', version: '1', token_name: 'laptop' });
    assert.equal(starts[0].tool, 'proxmox_start_vm');
  });

  test('prompts and resources follow the token: read-only gets neither provisioning nor a write', async () => {
    const client = await connectWith(tokens.grafana);
    const prompts = (await client.listPrompts()).prompts.map((p) => p.name);
    assert.ok(!prompts.includes('provision_guest'), prompts.join());
    assert.ok(prompts.includes('cluster_health_check'));
    await client.close();
    const laptop = await connectWith(tokens.laptop);
    assert.ok((await laptop.listPrompts()).prompts.map((p) => p.name).includes('provision_guest'));
    await laptop.close();
  });

  test('a tokens file without a token stops the server rather than letting everyone in', async () => {
    const empty = join(mkdtempSync(join(tmpdir(), 'pmcp-tokens-')), 'tokens');
    writeFileSync(empty, '# nothing yet\n');
    const run = await runProcess(SERVER, ['--demo', '--http', '0.0.0.0:0', '--auth-tokens', empty], { env: cleanEnv() });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /MCP_AUTH_TOKENS .*: holds no token \(add one with `proxmox-mcp auth-token NAME >> FILE`\)/);
  });

  test('a bad tokens file stops the server at start with the line that is wrong', async () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'pmcp-tokens-')), 'tokens');
    writeFileSync(bad, 'laptop all short 1234\n');
    const run = await runProcess(SERVER, ['--demo', '--http', '127.0.0.1:0', '--auth-tokens', bad], { env: cleanEnv() });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /MCP_AUTH_TOKENS .*: line 1: the salt is shorter than 16 characters/);
  });
});
