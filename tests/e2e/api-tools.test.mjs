// proxmox_api_call through a real SDK v1 client on `proxmox-mcp --demo`: in elevated mode a POST
// that starts a task is followed to its end and changes the simulated cluster; basic mode refuses
// the same POST before anything is sent; a GET of a task list carries Proxmox's own total.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertTaskSucceeded, assertTaskText, workflow } from './lib/demo_session.mjs';

const SNAPSHOT = {
  method: 'POST',
  path: '/nodes/{node}/qemu/{vmid}/snapshot',
  params: { node: 'pve1', vmid: 100, snapname: 'by-api', description: 'through the API' },
};

// The snapshot names of VM 100, as the API lists them (the "current" entry left out).
async function snapshotNames(session) {
  const { structured } = await session.ok('proxmox_api_call', {
    method: 'GET', path: '/nodes/pve1/qemu/100/snapshot', fields: ['name'], filter: 'name!=current' });
  return structured.data.map((s) => s.name).sort();
}

describe('proxmox_api_call (SDK v1 client, proxmox-mcp --demo)', { concurrency: true }, () => {
  workflow('elevated mode: POST /nodes/{node}/qemu/{vmid}/snapshot', (w) => {
    let upid;  // the snapshot task's
    test('the qmsnapshot task is followed to its end: its UPID, its result, the request sent', async () => {
      const { text, structured } = await w.s.ok('proxmox_api_call', SNAPSHOT);
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'qmsnapshot', id: 100 });
      assertTaskText(text, structured.upid);
      upid = structured.upid;
      assert.ok(text.startsWith('🔌 **API Call Done**\n'), text);
      assert.ok(text.includes('• **Request**: `POST /nodes/pve1/qemu/100/snapshot`\n'), text);
      assert.deepEqual([structured.method, structured.path], ['POST', '/nodes/pve1/qemu/100/snapshot']);
    });

    test('the snapshot is in the simulated cluster afterwards, with its description', async () => {
      const { structured } = await w.s.ok('proxmox_list_snapshots_vm', { node: 'pve1', vmid: 100 });
      assert.deepEqual(structured.snapshots.map((s) => s.name), ['by-api', 'before-nginx', 'pre-upgrade']);
      assert.equal(structured.snapshots[0].description, 'through the API');
      assert.deepEqual(await snapshotNames(w.s), ['before-nginx', 'by-api', 'pre-upgrade']);
    });

    test('the task list: a page of `limit` tasks and Proxmox\'s total, with how to page it', async () => {
      const { text, structured } = await w.s.ok('proxmox_api_call', {
        method: 'GET', path: '/nodes/{node}/tasks', params: { node: 'pve1', limit: 2 } });
      assert.equal(structured.data.length, 2);
      assert.ok(structured.proxmox_total > 2, `proxmox_total ${structured.proxmox_total}`);
      assert.ok(text.includes(`\nProxmox counts ${structured.proxmox_total} in all: page with params ` +
                              'start and limit.\n'), text);
      // The newest task first: the snapshot just taken.
      assert.equal(structured.data[0].upid, upid);
    });
  });

  workflow('basic mode: the same POST is refused and nothing changes', (w) => {
    test('an isError result naming PROXMOX_ALLOW_ELEVATED; the snapshots are the seed\'s', async () => {
      const { text } = await w.s.fails('proxmox_api_call', SNAPSHOT, /sends only GET in basic mode/);
      assert.ok(text.startsWith(
        'POST /nodes/pve1/qemu/100/snapshot changes the cluster: proxmox_api_call sends only GET in ' +
        'basic mode. Set PROXMOX_ALLOW_ELEVATED=true (or start the server with --elevated) and ' +
        'restart it.'), text);
      assert.deepEqual(await snapshotNames(w.s), ['before-nginx', 'pre-upgrade']);
    });
  }, {});
});
