// PROXMOX_HOST naming several nodes, as the binary meets it: the first cannot be reached (pve-sim
// listens on 127.0.0.1 only, so the same port on 127.0.0.2 refuses), and reads and writes go to
// the next.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { SERVER, requireServer, runProcess } from './lib/harness.mjs';
import { startPveSim } from './lib/pve_sim.mjs';

const call = (id, name, args) => `${JSON.stringify({
  jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args },
})}\n`;

describe('several API hosts (pve-sim)', () => {
  let sim;

  before(async () => {
    requireServer();
    sim = await startPveSim();
  });
  after(async () => sim?.stop());

  test('a host that refuses is skipped for a read and a write', async () => {
    const input = call(1, 'proxmox_get_nodes', {}) +
      call(2, 'proxmox_start_lxc', { vmid: 103, wait: false });
    const run = await runProcess(SERVER, [], {
      input,
      env: { ...sim.settings, PROXMOX_HOST: '127.0.0.2,127.0.0.1', PROXMOX_ALLOW_ELEVATED: 'true',
             PROXMOX_CONFIRM: 'false' },
    });
    assert.equal(run.code, 0, run.stderr);
    // Calls run at once: the answers come in the order they end, each with its id.
    const byId = Object.fromEntries(run.stdout.trim().split('\n').map((line) => JSON.parse(line))
      .map((message) => [message.id, message.result]));
    const [nodes, start] = [byId[1], byId[2]];
    assert.notEqual(nodes.isError, true, JSON.stringify(nodes));
    assert.match(nodes.content[0].text, /pve1/);
    assert.notEqual(start.isError, true, JSON.stringify(start));
    assert.match(start.structuredContent.upid, /^UPID:pve2:/);
  });

  test('when no host answers, the error names each', async () => {
    const run = await runProcess(SERVER, [], {
      input: call(1, 'proxmox_get_nodes', {}),
      env: { ...sim.settings, PROXMOX_HOST: '127.0.0.2,127.0.0.3' },
    });
    const result = JSON.parse(run.stdout.trim()).result;
    assert.equal(result.isError, true);
    assert.match(result.content[0].text,
                 /^none of the 2 Proxmox hosts could be reached: cannot connect to Proxmox at 127\.0\.0\.2:\d+ .*127\.0\.0\.3:\d+/);
  });
});
