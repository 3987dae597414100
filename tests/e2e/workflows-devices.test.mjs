// The reference README's test-workflows.js network and disk workflows, end to end: a real SDK v1
// client drives `proxmox-mcp --demo` in elevated mode. Each change is checked in the config
// Proxmox stored (read back in structuredContent) and by what the next call finds: an interface
// or disk that was removed is reported missing, one that exists cannot be added twice.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  assertAppliedAtOnce, assertTaskSucceeded, assertTaskText, escapeRegExp, workflow,
} from './lib/demo_session.mjs';

// A MAC Proxmox generates: its own OUI BC:24:11 and three random bytes.
const GENERATED_MAC = 'BC:24:11(?::[0-9A-F]{2}){3}';

describe('device workflows in elevated mode (SDK v1 client, proxmox-mcp --demo)', { concurrency: true }, () => {
  workflow('network workflow on VM 100: add, update (MAC kept), remove', (w) => {
    const vm = { node: 'pve1', vmid: 100 };
    let added;  // net1 as Proxmox stored it
    let mac;

    test('proxmox_add_network_vm: net1 stored with a generated MAC, applied at once', async () => {
      const { text, structured } = await w.s.ok('proxmox_add_network_vm', {
        ...vm, net: 'net1', bridge: 'vmbr0', vlan: 20,
      });
      assertAppliedAtOnce(structured, 'pve1');
      assert.equal(structured.sent, 'virtio,bridge=vmbr0,tag=20');
      const stored = structured.config.match(new RegExp(`^virtio=(${GENERATED_MAC}),bridge=vmbr0,tag=20$`));
      assert.ok(stored, `net1 as stored: ${structured.config}`);
      [added, mac] = [stored[0], stored[1]];
      assert.match(text, /^🌐 \*\*Network Interface Added to VM\*\*/);
      assert.ok(text.includes(`• **MAC**: ${mac}\n`), text);
      assert.match(text, /• \*\*VLAN\*\*: 20\n/);
      assert.equal(structured.pending, false);
    });

    test('adding net1 again is refused: it exists now', async () => {
      await w.s.fails('proxmox_add_network_vm', { ...vm, net: 'net1', bridge: 'vmbr0' },
                      new RegExp(`^VM 100 already has net1 \\(${escapeRegExp(added)}\\): use proxmox_update_network_vm`));
    });

    const update = { ...vm, net: 'net1', model: 'e1000', vlan: 30 };

    test('proxmox_update_network_vm: model and VLAN change, the MAC stays', async () => {
      const { text, structured } = await w.s.ok('proxmox_update_network_vm', update);
      assertAppliedAtOnce(structured, 'pve1');
      assert.equal(structured.previous, added);
      assert.deepEqual(structured.updated, ['model', 'vlan']);
      assert.equal(structured.config, `e1000=${mac},bridge=vmbr0,tag=30`);
      assert.ok(text.includes(`• **Now**: e1000=${mac},bridge=vmbr0,tag=30\n`), text);
    });

    test('the same update again sends nothing: the interface is already as asked', async () => {
      const { text, structured } = await w.s.ok('proxmox_update_network_vm', update);
      assert.match(text, /^🔧 \*\*Network Interface Unchanged\*\*/);
      assert.equal(structured.config, `e1000=${mac},bridge=vmbr0,tag=30`);
      assert.equal(structured.upid, undefined);
    });

    test('proxmox_remove_network_vm: net1 removed; net0 is left', async () => {
      const { text, structured } = await w.s.ok('proxmox_remove_network_vm', { ...vm, net: 'net1' });
      assertAppliedAtOnce(structured, 'pve1');
      assert.equal(structured.previous, `e1000=${mac},bridge=vmbr0,tag=30`);
      assert.equal(structured.last_interface, false);
      assert.match(text, /^➖ \*\*Network Interface Removed\*\*/);
      await w.s.fails('proxmox_update_network_vm', { ...vm, net: 'net1', vlan: 40 },
                      /^VM 100 has no net1; its network interfaces are: net0$/);
    });
  });

  workflow('network workflow on container 101: add, update (hwaddr kept), remove', (w) => {
    const ct = { node: 'pve1', vmid: 101 };
    let hwaddr;

    test('proxmox_add_network_lxc: eth1 on DHCP by default', async () => {
      const { structured } = await w.s.ok('proxmox_add_network_lxc', { ...ct, net: 'net1', bridge: 'vmbr0' });
      assertAppliedAtOnce(structured, 'pve1');
      const stored = structured.config.match(
        new RegExp(`^name=eth1,bridge=vmbr0,hwaddr=(${GENERATED_MAC}),ip=dhcp,type=veth$`));
      assert.ok(stored, `net1 as stored: ${structured.config}`);
      hwaddr = stored[1];
    });

    test('proxmox_update_network_lxc: a static address and gateway, everything else kept', async () => {
      const { structured } = await w.s.ok('proxmox_update_network_lxc', {
        ...ct, net: 'net1', ip: '192.168.1.60/24', gw: '192.168.1.1',
      });
      assert.deepEqual(structured.updated, ['ip', 'gw']);
      assert.equal(structured.config,
                   `name=eth1,bridge=vmbr0,hwaddr=${hwaddr},ip=192.168.1.60/24,type=veth,gw=192.168.1.1`);
    });

    test('proxmox_remove_network_lxc: net1 removed; net0 is left', async () => {
      const { structured } = await w.s.ok('proxmox_remove_network_lxc', { ...ct, net: 'net1' });
      assertAppliedAtOnce(structured, 'pve1');
      assert.equal(structured.last_interface, false);
      await w.s.fails('proxmox_remove_network_lxc', { ...ct, net: 'net1' },
                      /^CT 101 has no net1; its network interfaces are: net0$/);
    });
  });

  workflow('disk workflow on VM 100: add, resize, move, remove (detach, then destroy unused0)', (w) => {
    const vm = { node: 'pve1', vmid: 100 };

    test('proxmox_add_disk_vm: a qmconfig task allocates local-lvm:vm-100-disk-1 as scsi1', async () => {
      const { text, structured } = await w.s.ok('proxmox_add_disk_vm', {
        ...vm, disk: 'scsi1', storage: 'local-lvm', size: '4',
      });
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'qmconfig', id: 100 });
      assertTaskText(text, structured.upid);
      assert.match(text, /^💿 \*\*Disk Added to VM\*\*/);
      assert.deepEqual([structured.disk, structured.volume, structured.size_gib, structured.pending],
                       ['scsi1', 'local-lvm:vm-100-disk-1', 4, false]);
      await w.s.fails('proxmox_add_disk_vm', { ...vm, disk: 'scsi1', storage: 'local-lvm', size: '1' },
                      /^VM 100 already has scsi1 \(local-lvm:vm-100-disk-1,size=4G\): choose a free slot$/);
    });

    test('proxmox_resize_disk_vm: a resize task grows scsi1 from 4 to 6 GiB; shrinking is refused', async () => {
      const { text, structured } = await w.s.ok('proxmox_resize_disk_vm', { ...vm, disk: 'scsi1', size: '+2G' });
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'resize', id: 100 });
      assertTaskText(text, structured.upid);
      assert.deepEqual([structured.previous_bytes, structured.new_bytes], [4 * 2 ** 30, 6 * 2 ** 30]);
      assert.match(text, /• \*\*New Size\*\*: 6\.00 GiB/);
      await w.s.fails('proxmox_resize_disk_vm', { ...vm, disk: 'scsi1', size: '5G' },
                      /^scsi1 is 6\.00 GiB now and Proxmox cannot shrink a disk, only grow it/);
    });

    // The demo cluster has one storage for disk images per node (local-lvm), so the move can only
    // show Proxmox's refusal, followed through the task log; the disk must stay where it was.
    test('proxmox_move_disk_vm to a storage without images: the qmmove task fails with its cause', async () => {
      const { text } = await w.s.fails('proxmox_move_disk_vm', { ...vm, disk: 'scsi1', storage: 'local' },
                                       /^❌ \*\*Moving the Disk Failed\*\*/);
      assert.match(text, /• \*\*Task ID\*\*: UPID:pve1:[0-9A-F:]+:qmmove:100:/);
      assert.match(text, /• \*\*Result\*\*: ❌ storage 'local' does not support content-type 'images'/);
      assert.match(text, /TASK ERROR: storage 'local' does not support content-type 'images'/);
    });

    test('proxmox_remove_disk_vm scsi1: detached, kept as unused0 (still on local-lvm, 6G)', async () => {
      const { text, structured } = await w.s.ok('proxmox_remove_disk_vm', { ...vm, disk: 'scsi1' });
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'qmconfig', id: 100 });
      assert.deepEqual([structured.outcome, structured.unused, structured.volume, structured.boot_disk],
                       ['detached', 'unused0', 'local-lvm:vm-100-disk-1', false]);
      assert.match(text, /detached, not deleted: the volume local-lvm:vm-100-disk-1 is kept as unused0/);
      await w.s.fails('proxmox_resize_disk_vm', { ...vm, disk: 'scsi1', size: '+1G' },
                      /^VM 100 has no scsi1; its disks are: ide2, scsi0$/);
    });

    test('proxmox_remove_disk_vm unused0: the volume is destroyed', async () => {
      const { text, structured } = await w.s.ok('proxmox_remove_disk_vm', { ...vm, disk: 'unused0' });
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'qmconfig', id: 100 });
      assert.deepEqual([structured.outcome, structured.volume], ['destroyed', 'local-lvm:vm-100-disk-1']);
      assert.match(text, /the volume local-lvm:vm-100-disk-1 was destroyed: its data is gone/);
      await w.s.fails('proxmox_remove_disk_vm', { ...vm, disk: 'unused0' },
                      /^VM 100 has no unused0; its disks are: ide2, scsi0$/);
    });
  });

  workflow('disk workflow on container 101: add mount point, resize, move, remove', (w) => {
    const ct = { node: 'pve1', vmid: 101 };

    test('proxmox_add_mountpoint_lxc: mp0 at /data on a new local-lvm volume', async () => {
      const { text, structured } = await w.s.ok('proxmox_add_mountpoint_lxc', {
        ...ct, mp: 'mp0', storage: 'local-lvm', size: '2', path: '/data',
      });
      assertAppliedAtOnce(structured, 'pve1');
      assert.deepEqual([structured.mp, structured.path, structured.volume, structured.size_gib],
                       ['mp0', '/data', 'local-lvm:vm-101-disk-1', 2]);
      assert.match(text, /^💿 \*\*Mount Point Added to Container\*\*/);
    });

    test('proxmox_resize_disk_lxc: a resize task grows mp0 from 2 to 3 GiB', async () => {
      const { structured } = await w.s.ok('proxmox_resize_disk_lxc', { ...ct, disk: 'mp0', size: '+1G' });
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'resize', id: 101 });
      assert.deepEqual([structured.previous_bytes, structured.new_bytes], [2 * 2 ** 30, 3 * 2 ** 30]);
    });

    test('proxmox_move_disk_lxc of a running container: the move_volume task fails with its cause', async () => {
      const { text } = await w.s.fails('proxmox_move_disk_lxc', { ...ct, disk: 'mp0', storage: 'local' },
                                       /^❌ \*\*Moving the Disk Failed\*\*/);
      assert.match(text, /• \*\*Task ID\*\*: UPID:pve1:[0-9A-F:]+:move_volume:101:/);
      assert.match(text, /TASK ERROR: cannot move volumes of a running container/);
    });

    test('proxmox_remove_mountpoint_lxc: pending on the running container, detached to unused0 by a reboot, then unused0 destroyed', async () => {
      const { text, structured: held } = await w.s.ok('proxmox_remove_mountpoint_lxc', { ...ct, mp: 'mp0' });
      assert.deepEqual([held.outcome, held.unused, held.volume], ['pending', undefined, 'local-lvm:vm-101-disk-1']);
      assert.match(text, /• \*\*Pending\*\*: ⏳ Proxmox holds this change until the container next starts \(proxmox_reboot_lxc applies it now/);
      await w.s.ok('proxmox_reboot_lxc', ct);
      const { structured: status } = await w.s.ok('proxmox_get_vm_status', { ...ct, type: 'lxc' });
      assert.equal(status.status, 'running');
      const { structured: destroyed } = await w.s.ok('proxmox_remove_mountpoint_lxc', { ...ct, mp: 'unused0' });
      assert.deepEqual([destroyed.outcome, destroyed.volume], ['destroyed', 'local-lvm:vm-101-disk-1']);
      await w.s.fails('proxmox_remove_mountpoint_lxc', { ...ct, mp: 'unused0' },
                      /^CT 101 has no unused0; its volumes are: rootfs$/);
    });
  });
});
