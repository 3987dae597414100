// A real @modelcontextprotocol/sdk client on its own `proxmox-mcp --demo` (fresh simulated
// cluster), where every call is checked both ways: the arguments against the tool's inputSchema,
// the answer against the MCP schema and the tool's outputSchema.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';

import { DEMO_ARGS, SERVER, cleanEnv, requireServer, textOf } from './harness.mjs';
import { assertMatches, assertValid } from './schema.mjs';

// SDK 1.32.2 asks for its latest revision and proxmox-mcp speaks it (sdk-v1.test.mjs).
const REVISION = LATEST_PROTOCOL_VERSION;

// The workflows test what the tools do; safety.test.mjs tests the confirmation they would ask for.
export const ELEVATED = { PROXMOX_ALLOW_ELEVATED: 'true', PROXMOX_CONFIRM: 'false' };

export class DemoSession {
  // `env`: PROXMOX_* settings on top of a clean environment (none of the caller's); `args`: the
  // server's command line (the demo cluster unless told otherwise).
  static async start(env = {}, args = DEMO_ARGS) {
    requireServer();
    const client = new Client({ name: 'pmcp-e2e-workflows', version: '1.0.0' });
    await client.connect(new StdioClientTransport({
      command: SERVER, args, env: cleanEnv(env), stderr: 'ignore',
    }));
    const { tools } = await client.listTools();
    assertValid(REVISION, 'ListToolsResult', { tools });
    return new DemoSession(client, tools);
  }

  constructor(client, tools) {
    this.client = client;
    this.tools = tools;
  }

  close() {
    return this.client.close();
  }

  tool(name) {
    const tool = this.tools.find((t) => t.name === name);
    assert.ok(tool, `tools/list has ${name}`);
    return tool;
  }

  // tools/call; resolves { text, structured, isError, progress } after checking what was sent
  // and what came back. `options.progress` asks for progress notifications.
  async call(name, args, options = {}) {
    const tool = this.tools.find((t) => t.name === name);
    if (tool) assertMatches(tool.inputSchema, args, `the arguments of ${name}`);
    const progress = [];
    const requestOptions = options.progress ? { onprogress: (p) => progress.push(p) } : undefined;
    const result = await this.client.callTool({ name, arguments: args }, undefined, requestOptions);
    assertValid(REVISION, 'CallToolResult', result);
    const text = textOf(result);
    if (tool?.outputSchema && result.isError !== true) {
      assertMatches(tool.outputSchema, result.structuredContent, `the structuredContent of ${name}`);
    }
    return { text, structured: result.structuredContent, isError: result.isError === true, progress };
  }

  // A call that must succeed.
  async ok(name, args, options) {
    const result = await this.call(name, args, options);
    assert.equal(result.isError, false, `${name} ${JSON.stringify(args)} failed:\n${result.text}`);
    assert.equal(typeof result.structured, 'object', `${name} has structuredContent`);
    return result;
  }

  // A call that must be an isError result whose text matches `expected`.
  async fails(name, args, expected) {
    const result = await this.call(name, args);
    assert.equal(result.isError, true, `${name} ${JSON.stringify(args)} must fail:\n${result.text}`);
    assert.match(result.text, expected);
    return result;
  }
}

// The structuredContent of a tool that started a Proxmox task and followed it to "OK".
// `kind` is the task type in the UPID (qmstart, vzdump, …), `id` its ID field (the vmid).
export function assertTaskSucceeded(structured, { node, kind, id, exitstatus = 'OK' }) {
  const upid = new RegExp(`^UPID:${node}:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:${kind}:${id}:[^:]+:$`);
  assert.match(structured.upid ?? '', upid, `UPID of a ${kind} task in ${JSON.stringify(structured)}`);
  assert.equal(structured.node, node);
  assert.equal(structured.status, 'stopped', 'the task has ended');
  assert.equal(structured.exitstatus, exitstatus);
  assert.equal(structured.succeeded, true);
  assert.equal(structured.waited, true);
  assert.equal(structured.timed_out, false);
  assert.equal(structured.cancelled, false);
}

// The Markdown lines every followed task ends with.
export function assertTaskText(text, upid) {
  assert.ok(text.includes(`• **Task ID**: ${upid}\n`), `Task ID line for ${upid} in:\n${text}`);
  assert.match(text, /• \*\*Result\*\*: ✅ OK/);
}

// The structuredContent of a change Proxmox applied at once (a config PUT: no task).
export function assertAppliedAtOnce(structured, node) {
  assert.equal(structured.upid, undefined, 'no task');
  assert.equal(structured.node, node);
  assert.equal(structured.status, 'applied');
  assert.equal(structured.exitstatus, undefined, 'no task, so no exit status');
  assert.equal(structured.succeeded, true);
  assert.equal(structured.waited, false);
}

// A workflow: a suite of steps run in order against one fresh elevated demo server, reached as
// `session.s` inside the steps. Workflows may run concurrently with each other (their parent
// suite decides); the steps of one never do.
export function workflow(title, steps, env = ELEVATED) {
  describe(title, { concurrency: 1 }, () => {
    const session = {};
    before(async () => {
      session.s = await DemoSession.start(env);
    });
    after(async () => session.s?.close());
    steps(session);
  });
}

// `text` as a literal inside a RegExp.
export function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
