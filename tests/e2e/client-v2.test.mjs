// @modelcontextprotocol/client 2.4.0 drives `proxmox-mcp --demo` pinned to 2026-07-28, in 'auto'
// mode (server/discover probe, expected to pick the modern era) and in 'legacy' mode.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

import { DEMO_ARGS, SERVER, cleanEnv, requireServer, textOf } from './lib/harness.mjs';
import { offeringTests } from './lib/offerings.mjs';
import { readToolTests } from './lib/read_tools.mjs';

const MODES = [
  { label: "pinned to 2026-07-28", mode: { pin: '2026-07-28' }, era: 'modern', version: '2026-07-28' },
  { label: "'auto'", mode: 'auto', era: 'modern', version: '2026-07-28' },
  { label: "'legacy'", mode: 'legacy', era: 'legacy', version: '2025-11-25' },
];

for (const { label, mode, era, version } of MODES) {
  describe(`SDK v2 client, ${label}`, () => {
    let client;

    before(async () => {
      requireServer();
      client = new Client({ name: 'pmcp-e2e-client-v2', version: '1.0.0' },
                          { versionNegotiation: { mode } });
      await client.connect(new StdioClientTransport({
        command: SERVER, args: DEMO_ARGS, env: cleanEnv(), stderr: 'ignore',
      }));
    });
    after(async () => client?.close());

    test(`speaks the ${era} era at ${version}`, () => {
      assert.equal(client.getProtocolEra(), era);
      assert.equal(client.getNegotiatedProtocolVersion(), version);
      assert.equal(client.getServerVersion()?.name, 'proxmox-mcp');
    });

    readToolTests(() => client);
    offeringTests(() => client);
  });
}
