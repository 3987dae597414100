// Migration and template workflows, end to end: a real SDK v1 client drives `proxmox-mcp --demo`
// in elevated mode, and each move is checked by where the read tools find the guest afterwards.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertTaskSucceeded, assertTaskText, workflow } from './lib/demo_session.mjs';

describe('migration workflows in elevated mode (SDK v1 client, proxmox-mcp --demo)', { concurrency: true }, () => {
  workflow('VM 104 live-migrated from pve1 to pve2, then found there', (w) => {
    test('proxmox_migrate_vm: a qmigrate task on pve1; the answer reads the VM on pve2', async () => {
      const { text, structured } = await w.s.ok('proxmox_migrate_vm', {
        node: 'pve1', vmid: 104, target: 'pve2', online: true,
      });
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'qmigrate', id: 104 });
      assertTaskText(text, structured.upid);
      assert.match(text, /^🚚 \*\*VM Migrated\*\*/);
      assert.deepEqual([structured.target, structured.now_on, structured.status_now],
                       ['pve2', 'pve2', 'running']);
    });

    test('proxmox_get_vm_status on pve2: running; pve1 no longer has it', async () => {
      const { structured } = await w.s.ok('proxmox_get_vm_status', { node: 'pve2', vmid: 104 });
      assert.equal(structured.status, 'running');
      await w.s.fails('proxmox_get_vm_status', { node: 'pve1', vmid: 104 },
                      /^VM 104 not found on node pve1$/);
    });

    test('migrating it to the node it is on is refused before anything is sent', async () => {
      await w.s.fails('proxmox_migrate_vm', { node: 'pve2', vmid: 104, target: 'pve2' },
                      /^Invalid argument 'target': VM 104 is already on node pve2; name another node/);
    });
  });

  workflow('VM 102 converted to a template, then refused a second time', (w) => {
    test('proxmox_convert_to_template: a qmtemplate task; template=1 read back', async () => {
      const { text, structured } = await w.s.ok('proxmox_convert_to_template', { node: 'pve2', vmid: 102 });
      assertTaskSucceeded(structured, { node: 'pve2', kind: 'qmtemplate', id: 102 });
      assert.match(text, /^🧬 \*\*Converted to Template\*\*/);
      assert.deepEqual([structured.type, structured.template], ['qemu', true]);
    });

    test('a second conversion gets Proxmox\'s refusal', async () => {
      await w.s.fails('proxmox_convert_to_template', { node: 'pve2', vmid: 102 },
                      /you can't convert a template to a template/);
    });
  });
});
