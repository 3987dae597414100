// Asking the person, with real clients: `proxmox-mcp --demo --test-fixtures` adds the hidden
// fixture tool pmcp_test_confirm {message}, which asks through CallContext::ask and answers
// "accepted", "declined" or "unavailable". The SDK v1 client answers a legacy elicitation/create
// request; the v2 client does that in its legacy mode and, pinned to 2026-07-28, fulfils the
// input_required result and retries the call with the answer.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Client as ClientV2 } from '@modelcontextprotocol/client';
import { StdioClientTransport as StdioV2 } from '@modelcontextprotocol/client/stdio';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as StdioV1 } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { StreamableHTTPClientTransport as HttpV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StreamableHTTPClientTransport as HttpV2 } from '@modelcontextprotocol/client';

import { DEMO_ARGS, SERVER, cleanEnv, requireServer, startHttpServer, textOf } from './lib/harness.mjs';

const ARGS = [...DEMO_ARGS, '--test-fixtures'];
const MESSAGE = 'Delete VM 100 (web) on pve1? Its disks are destroyed.';

// The person's next answer, and every question they were shown.
function person() {
  return {
    action: 'accept',
    questions: [],
    answer(request) {
      this.questions.push(request.params);
      return this.action === 'accept' ? { action: 'accept', content: {} } : { action: this.action };
    },
  };
}

async function confirm(client) {
  const result = await client.callTool({ name: 'pmcp_test_confirm', arguments: { message: MESSAGE } });
  assert.notEqual(result.isError, true, textOf(result));
  assert.equal(textOf(result), result.structuredContent.consent);
  return result.structuredContent.consent;
}

// A transport that keeps every message the client sends, for checking the wire.
function tapped(transport) {
  transport.sent = [];
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    transport.sent.push(message);
    return send(message, options);
  };
  return transport;
}

// The client transports of each SDK: stdio spawns the server; over HTTP the elicitation request
// travels on the tools/call POST's SSE stream and the answer comes back as a POST of its own.
const STDIO = {
  label: 'stdio',
  v1: () => new StdioV1({ command: SERVER, args: ARGS, env: cleanEnv(), stderr: 'ignore' }),
  v2: () => new StdioV2({ command: SERVER, args: ARGS, env: cleanEnv(), stderr: 'ignore' }),
};
const HTTP = {
  label: 'HTTP',
  url: undefined,
  v1() { return new HttpV1(new URL(this.url)); },
  v2() { return new HttpV2(new URL(this.url)); },
};

async function connectV1(capabilities, asked, transports = STDIO) {
  const client = new ClientV1({ name: 'pmcp-e2e-elicit-v1', version: '1.0.0' }, { capabilities });
  if (asked) client.setRequestHandler(ElicitRequestSchema, (request) => asked.answer(request));
  const transport = tapped(transports.v1());
  await client.connect(transport);
  return { client, sent: transport.sent };
}

async function connectV2(mode, capabilities, asked, transports = STDIO) {
  const client = new ClientV2({ name: 'pmcp-e2e-elicit-v2', version: '1.0.0' },
                              { capabilities, versionNegotiation: { mode } });
  if (asked) client.setRequestHandler('elicitation/create', (request) => asked.answer(request));
  const transport = tapped(transports.v2());
  await client.connect(transport);
  return { client, sent: transport.sent };
}

// What the client sent for one confirm: the legacy era answers a request of the server's; the
// modern era sends the call twice, the second time with the answer and the echoed requestState.
function checkWire(era, sent, action) {
  const calls = sent.filter((m) => m.method === 'tools/call');
  const answers = sent.filter((m) => m.method === undefined && m.result !== undefined);
  if (era === 'modern') {
    assert.equal(calls.length, 2);
    assert.equal(answers.length, 0);
    assert.equal(calls[0].params.requestState, undefined);
    assert.equal(typeof calls[1].params.requestState, 'string');
    assert.equal(calls[1].params.inputResponses.approval.action, action);
    assert.notEqual(calls[1].id, calls[0].id);
  } else {
    assert.equal(calls.length, 1);
    assert.equal(answers.length, 1);
    assert.equal(answers[0].result.action, action);
  }
}
const ANSWERING = [
  { label: 'SDK v1 client (legacy era)', connect: (asked, t) => connectV1({ elicitation: {} }, asked, t),
    era: 'legacy' },
  { label: "SDK v2 client, 'legacy'",
    connect: (asked, t) => connectV2('legacy', { elicitation: { form: {} } }, asked, t), era: 'legacy' },
  { label: 'SDK v2 client, pinned to 2026-07-28',
    connect: (asked, t) => connectV2({ pin: '2026-07-28' }, { elicitation: { form: {} } }, asked, t),
    era: 'modern' },
];

for (const transports of [STDIO, HTTP]) for (const { label, connect, era } of ANSWERING) {
  describe(`${label} with form elicitation over ${transports.label}`, () => {
    let client;
    let sent;
    let server;
    const asked = person();

    before(async () => {
      requireServer();
      if (transports === HTTP) {
        server = await startHttpServer(['--test-fixtures']);
        HTTP.url = server.url;
      }
      ({ client, sent } = await connect(asked, transports));
      if (client.getProtocolEra) assert.equal(client.getProtocolEra(), era);
    });
    after(async () => {
      await client?.close();
      await server?.stop();
    });

    test('an accept is accepted, and the person saw the message as it is', async () => {
      asked.action = 'accept';
      asked.questions.length = 0;
      sent.length = 0;
      assert.equal(await confirm(client), 'accepted');
      assert.equal(asked.questions.length, 1);
      assert.equal(asked.questions[0].message, MESSAGE);
      assert.deepEqual(asked.questions[0].requestedSchema, { type: 'object', properties: {} });
      checkWire(era, sent, 'accept');
    });

    for (const action of ['decline', 'cancel']) {
      test(`${action} is declined`, async () => {
        asked.action = action;
        sent.length = 0;
        assert.equal(await confirm(client), 'declined');
        checkWire(era, sent, action);
      });
    }
  });
}

describe('clients that declare no elicitation are not asked', () => {
  test('SDK v1 client', async () => {
    requireServer();
    const { client } = await connectV1({}, null);
    try {
      assert.equal(await confirm(client), 'unavailable');
    } finally {
      await client.close();
    }
  });
  for (const mode of ['legacy', { pin: '2026-07-28' }]) {
    test(`SDK v2 client, ${JSON.stringify(mode)}`, async () => {
      requireServer();
      const { client } = await connectV2(mode, {}, null);
      try {
        assert.equal(await confirm(client), 'unavailable');
      } finally {
        await client.close();
      }
    });
  }
});

test('pmcp_test_confirm is absent without --test-fixtures', async () => {
  requireServer();
  const client = new ClientV1({ name: 'pmcp-e2e-elicit-v1', version: '1.0.0' });
  await client.connect(new StdioV1({ command: SERVER, args: DEMO_ARGS, env: cleanEnv(), stderr: 'ignore' }));
  try {
    const { tools } = await client.listTools();
    assert.equal(tools.some((t) => t.name === 'pmcp_test_confirm'), false);
  } finally {
    await client.close();
  }
});

// The confirmation gate of the real tools: a client that can ask the person gets no token; the
// person's accept lets the stop through, a decline leaves the guest running.
describe('destructive tools ask the person (PROXMOX_CONFIRM)', { concurrency: true }, () => {
  const GATED = cleanEnv({ PROXMOX_ALLOW_ELEVATED: 'true', PROXMOX_CONFIRM: 'true' });
  const status = async (client, vmid) => {
    const result = await client.callTool({ name: 'proxmox_get_vm_status', arguments: { node: 'pve1', vmid } });
    return result.structuredContent.status;
  };
  for (const [era, connect] of [
    ['legacy (SDK v1)', async (asked) => {
      const client = new ClientV1({ name: 'pmcp-e2e-gate-v1', version: '1.0.0' },
                                  { capabilities: { elicitation: {} } });
      client.setRequestHandler(ElicitRequestSchema, (request) => asked.answer(request));
      await client.connect(new StdioV1({ command: SERVER, args: DEMO_ARGS, env: GATED, stderr: 'ignore' }));
      return client;
    }],
    ['2026-07-28 (SDK v2)', async (asked) => {
      const client = new ClientV2({ name: 'pmcp-e2e-gate-v2', version: '1.0.0' },
                                  { capabilities: { elicitation: { form: {} } }, versionNegotiation: { pin: '2026-07-28' } });
      client.setRequestHandler('elicitation/create', (request) => asked.answer(request));
      await client.connect(new StdioV2({ command: SERVER, args: DEMO_ARGS, env: GATED, stderr: 'ignore' }));
      return client;
    }],
  ]) {
    test(`${era}: decline keeps the guest running, accept stops it`, async () => {
      requireServer();
      const asked = person();
      const client = await connect(asked);
      try {
        asked.action = 'decline';
        const declined = await client.callTool({ name: 'proxmox_stop_vm', arguments: { node: 'pve1', vmid: 100 } });
        assert.equal(declined.isError, true);
        assert.match(textOf(declined), /^The user did not approve this/);
        assert.equal(await status(client, 100), 'running');
        assert.match(asked.questions[0].message,
          /^Allow proxmox_stop_vm to do this to VM 100\? It cannot be undone\.\n\n.*POST \/nodes\/pve1\/qemu\/100\/status\/stop/s);
        asked.action = 'accept';
        const accepted = await client.callTool({ name: 'proxmox_stop_vm', arguments: { node: 'pve1', vmid: 100 } });
        assert.notEqual(accepted.isError, true, textOf(accepted));
        assert.equal(await status(client, 100), 'stopped');
      } finally {
        await client.close();
      }
    });
  }
});
