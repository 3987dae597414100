// @modelcontextprotocol/sdk 1.32.2 (legacy era, initialize 2025-11-25) drives `proxmox-mcp --demo`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { DEMO_ARGS, SERVER, cleanEnv, requireServer, textOf } from './lib/harness.mjs';
import { offeringTests } from './lib/offerings.mjs';
import { readToolTests } from './lib/read_tools.mjs';

describe('SDK v1 client (legacy era)', () => {
  let client;

  before(async () => {
    requireServer();
    client = new Client({ name: 'pmcp-e2e-sdk-v1', version: '1.0.0' });
    await client.connect(new StdioClientTransport({
      command: SERVER, args: DEMO_ARGS, env: cleanEnv(), stderr: 'ignore',
    }));
  });
  after(async () => client?.close());

  test('initialize names the server and its tools capability', () => {
    assert.equal(client.getServerVersion().name, 'proxmox-mcp');
    assert.ok(client.getServerCapabilities().tools, 'tools capability');
  });

  readToolTests(() => client);
  offeringTests(() => client);

  test('a numeric vmid works as well as a numeric string', async () => {
    const result = await client.callTool({
      name: 'proxmox_get_vm_status', arguments: { node: 'pve1', vmid: 100 },
    });
    assert.notEqual(result.isError, true, textOf(result));
    assert.match(textOf(result), /\(ID: 100\)/);
  });

  test('a call without arguments works for a tool that needs none', async () => {
    const result = await client.callTool({ name: 'proxmox_get_nodes' });
    assert.notEqual(result.isError, true, textOf(result));
    assert.match(textOf(result), /pve1/);
  });

  test('an unknown tool is a protocol error', async () => {
    await assert.rejects(client.callTool({ name: 'proxmox_no_such_tool', arguments: {} }), /-32602|no_such_tool/);
  });
});
