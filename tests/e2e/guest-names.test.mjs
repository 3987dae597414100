// Guests named without their node, through a real SDK v1 client on `proxmox-mcp --demo`: by
// VMID alone (a strict client checks that against the advertised integer), by `name`, and by a
// name given as vmid (a client that sends what the model wrote without checking it).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertTaskSucceeded, workflow } from './lib/demo_session.mjs';
import { textOf } from './lib/harness.mjs';

describe('guests by VMID or name (SDK v1 client, proxmox-mcp --demo)', () => {
  workflow('container 103 on pve2 and VM 100 on pve1, no node given', (w) => {
    test('tools/list: node and vmid are no longer required; vmid is still an integer', () => {
      const schema = w.s.tool('proxmox_start_lxc').inputSchema;
      assert.equal(schema.required, undefined);
      assert.deepEqual(schema.properties.vmid, { type: 'integer' });
      assert.deepEqual(w.s.tool('proxmox_create_snapshot_vm').inputSchema.required, ['snapname']);
    });

    test('a VMID alone: the status of the container, its node and type found', async () => {
      const { structured, text } = await w.s.ok('proxmox_get_vm_status', { vmid: 103 });
      assert.equal(structured.vmid, 103);
      assert.equal(structured.node, 'pve2');
      assert.match(text, /pihole/);
    });

    test('a name given as vmid starts the container where it is', async () => {
      const result = await w.s.client.callTool({
        name: 'proxmox_start_lxc', arguments: { vmid: 'pihole' },
      });
      assert.notEqual(result.isError, true, textOf(result));
      assertTaskSucceeded(result.structuredContent, { node: 'pve2', kind: 'vzstart', id: 103 });
      const { structured } = await w.s.ok('proxmox_get_vm_status', { vmid: 103, type: 'lxc' });
      assert.equal(structured.status, 'running');
    });

    test('`name` names the guest of a snapshot', async () => {
      const { structured } = await w.s.ok('proxmox_create_snapshot_vm',
                                          { name: 'web', snapname: 'by_name' });
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'qmsnapshot', id: 100 });
      const { text } = await w.s.ok('proxmox_list_snapshots_vm', { node: 'pve1', vmid: 100 });
      assert.match(text, /by_name/);
    });

    test('a container name given to a VM tool names the tool to use', async () => {
      await w.s.fails('proxmox_start_vm', { name: 'nextcloud' },
                      /^CT 105 on pve2 is a container, and proxmox_start_vm acts on VMs: use proxmox_start_lxc\.$/);
    });
  });
});
