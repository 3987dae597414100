// The reference README's test-workflows.js, end to end: a real SDK v1 client drives
// `proxmox-mcp --demo` in elevated mode through the VM lifecycle, snapshot, backup and container
// lifecycle workflows, and every step is checked through the read tools afterwards, not only
// through its own answer.
// Each workflow gets its own server (a fresh simulated cluster: sim/src/seed_small.cpp), so they
// run concurrently; demo tasks take 1.5 s each. Network and disk: workflows-devices.test.mjs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertTaskSucceeded, assertTaskText, escapeRegExp, workflow } from './lib/demo_session.mjs';

// "local:backup/vzdump-qemu-100-2026_11_27-03_52_33.vma.zst" for ('qemu', 100, 'vma.zst').
function backupVolid(type, vmid, extension) {
  return new RegExp(`^local:backup/vzdump-${type}-${vmid}-\\d{4}_\\d{2}_\\d{2}-\\d{2}_\\d{2}_\\d{2}\\.` +
                    `${extension.replace('.', '\\.')}$`);
}

describe('workflows in elevated mode (SDK v1 client, proxmox-mcp --demo)', { concurrency: true }, () => {
  workflow('VM lifecycle on VM 104 (seeded paused): resume, reboot, pause, stop, start', (w) => {
    const vm = { node: 'pve1', vmid: 104 };
    const status = async () => (await w.s.ok('proxmox_get_vm_status', vm)).structured;
    // Runs proxmox_<action>_vm and checks its task and answer; resolves the VM status afterwards.
    async function power(action, kind, heading) {
      const { text, structured } = await w.s.ok(`proxmox_${action}_vm`, vm);
      assertTaskSucceeded(structured, { node: 'pve1', kind, id: 104 });
      assertTaskText(text, structured.upid);
      assert.ok(text.startsWith(heading), `heading ${heading} in:\n${text}`);
      assert.deepEqual([structured.vmid, structured.type, structured.action], [104, 'qemu', action]);
      return status();
    }
    let seededUptime;

    test('the seed has VM 104 running but paused', async () => {
      const { text, structured } = await w.s.ok('proxmox_get_vm_status', vm);
      assert.match(text, /• \*\*Status\*\*: running \(paused\)/);
      assert.deepEqual([structured.status, structured.qmpstatus], ['running', 'paused']);
      assert.ok(structured.uptime > 86400, `uptime ${structured.uptime}`);
      seededUptime = structured.uptime;
    });

    test('proxmox_resume_vm: a qmresume task; it runs on, not restarted', async () => {
      const now = await power('resume', 'qmresume', '▶️  **VM 104 Resumed**');
      assert.deepEqual([now.status, now.qmpstatus], ['running', 'running']);
      assert.ok(now.uptime >= seededUptime, `uptime ${now.uptime} kept counting from ${seededUptime}`);
    });

    test('proxmox_reboot_vm: a qmreboot task; running again with a fresh uptime', async () => {
      const now = await power('reboot', 'qmreboot', '🔄 **VM 104 Rebooted**');
      assert.deepEqual([now.status, now.qmpstatus], ['running', 'running']);
      assert.ok(now.uptime < 60, `uptime ${now.uptime} after the reboot`);
    });

    test('proxmox_pause_vm: a qmpause task; paused', async () => {
      const now = await power('pause', 'qmpause', '⏸️  **VM 104 Paused**');
      assert.deepEqual([now.status, now.qmpstatus], ['running', 'paused']);
    });

    test('proxmox_stop_vm: a qmstop task; stopped, and a reboot is refused as not running', async () => {
      const now = await power('stop', 'qmstop', '⏹️  **VM 104 Stopped**');
      assert.deepEqual([now.status, now.qmpstatus, now.uptime], ['stopped', 'stopped', 0]);
      await w.s.fails('proxmox_reboot_vm', vm, /VM 104 not running/);
      await w.s.fails('proxmox_pause_vm', vm, /VM 104 not running/);
    });

    test('proxmox_start_vm with a progress token: progress while waiting; running', async () => {
      const { text, structured, progress } = await w.s.ok('proxmox_start_vm', vm, { progress: true });
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'qmstart', id: 104 });
      assertTaskText(text, structured.upid);
      assert.ok(progress.length >= 1, 'at least one progress notification');
      for (const p of progress) assert.equal(typeof p.progress, 'number');
      const now = await status();
      assert.deepEqual([now.status, now.qmpstatus], ['running', 'running']);
      const { structured: list } = await w.s.ok('proxmox_get_vms', { node: 'pve1' });
      assert.equal(list.vms.find((v) => v.vmid === 104)?.status, 'running', 'get_vms agrees');
    });

    test('proxmox_execute_vm_command on the running VM: an argv through the guest agent, its output', async () => {
      const { text, structured } = await w.s.ok('proxmox_execute_vm_command', {
        ...vm, command: 'echo "hello   world" again',
      });
      assert.deepEqual(structured.argv, ['echo', 'hello   world', 'again']);
      assert.deepEqual([structured.exited, structured.exit_code, structured.stdout, structured.stderr],
                       [true, 0, 'hello   world again\n', '']);
      assert.match(text, /• \*\*Exit Code\*\*: 0\n/);
      await w.s.fails('proxmox_execute_vm_command', { ...vm, argv: ['ls', '/nope'] },
                      /^❌ \*\*Command Failed on VM 104\*\*[^]*• \*\*Exit Code\*\*: 2\n[^]*\/nope/);
      await w.s.fails('proxmox_execute_vm_command', { node: 'pve1', vmid: 101, type: 'lxc', command: 'uptime' },
                      /^Cannot run a command in CT 101: Proxmox VE has no API for running commands in a container/);
    });
  });

  workflow('snapshot workflow on VM 100: create, list, rollback, delete', (w) => {
    const vm = { node: 'pve1', vmid: 100 };
    const snapshots = async () => (await w.s.ok('proxmox_list_snapshots_vm', vm)).structured;

    test('the seed has two snapshots, the current state based on before-nginx', async () => {
      const list = await snapshots();
      assert.deepEqual(list.snapshots.map((s) => s.name), ['before-nginx', 'pre-upgrade']);
      assert.equal(list.current_parent, 'before-nginx');
    });

    test('proxmox_create_snapshot_vm: a qmsnapshot task; listed as the newest, based on before-nginx', async () => {
      const { text, structured } = await w.s.ok('proxmox_create_snapshot_vm', {
        ...vm, snapname: 'e2e-snap', description: 'before the e2e change',
      });
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'qmsnapshot', id: 100 });
      assertTaskText(text, structured.upid);
      assert.match(text, /^📸 \*\*Snapshot Created\*\*/);
      assert.deepEqual([structured.snapname, structured.description, structured.vmstate],
                       ['e2e-snap', 'before the e2e change', false]);
      const list = await snapshots();
      assert.equal(list.count, 3);
      assert.deepEqual(list.snapshots.map((s) => s.name), ['e2e-snap', 'before-nginx', 'pre-upgrade']);
      assert.deepEqual([list.snapshots[0].parent, list.snapshots[0].description, list.snapshots[0].vmstate],
                       ['before-nginx', 'before the e2e change', false]);
      assert.equal(list.current_parent, 'e2e-snap');
    });

    test('a change after the snapshot: net1 added', async () => {
      const { structured } = await w.s.ok('proxmox_add_network_vm', { ...vm, net: 'net1', bridge: 'vmbr0' });
      assert.match(structured.config, /^virtio=BC:24:11:[0-9A-F:]{8},bridge=vmbr0$/);
    });

    test('proxmox_rollback_snapshot_vm: a qmrollback task; the change is gone, the VM stopped', async () => {
      const { text, structured } = await w.s.ok('proxmox_rollback_snapshot_vm', { ...vm, snapname: 'e2e-snap' });
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'qmrollback', id: 100 });
      assertTaskText(text, structured.upid);
      assert.match(text, /^⏮️ +\*\*Snapshot Rolled Back\*\*/);
      assert.match(text, /changes made after the snapshot were discarded/);
      await w.s.fails('proxmox_remove_network_vm', { ...vm, net: 'net1' },
                      /^VM 100 has no net1; its network interfaces are: net0$/);
      const { structured: now } = await w.s.ok('proxmox_get_vm_status', vm);
      assert.equal(now.status, 'stopped');
    });

    test('rolling back to a snapshot that does not exist fails with the task error', async () => {
      const { text } = await w.s.fails('proxmox_rollback_snapshot_vm', { ...vm, snapname: 'no-such-snap' },
                                       /❌ \*\*Snapshot Rollback Failed\*\*/);
      assert.match(text, /• \*\*Task ID\*\*: UPID:pve1:[0-9A-F:]+:qmrollback:100:/);
      assert.match(text, /TASK ERROR: snapshot 'no-such-snap' does not exist/);
    });

    test('proxmox_delete_snapshot_vm: a qmdelsnapshot task; the list is back to the seed', async () => {
      const { text, structured } = await w.s.ok('proxmox_delete_snapshot_vm', { ...vm, snapname: 'e2e-snap' });
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'qmdelsnapshot', id: 100 });
      assertTaskText(text, structured.upid);
      assert.match(text, /^🗑️ +\*\*Snapshot Deleted\*\*/);
      const list = await snapshots();
      assert.deepEqual(list.snapshots.map((s) => s.name), ['before-nginx', 'pre-upgrade']);
      assert.equal(list.current_parent, 'before-nginx');
    });
  });

  workflow('snapshot workflow on container 101: create, list, rollback and start, delete', (w) => {
    const ct = { node: 'pve1', vmid: 101 };
    const snapshots = async () => (await w.s.ok('proxmox_list_snapshots_lxc', ct)).structured;

    test('proxmox_create_snapshot_lxc: a vzsnapshot task; listed after clean-install', async () => {
      const { text, structured } = await w.s.ok('proxmox_create_snapshot_lxc', { ...ct, snapname: 'e2e_ct' });
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'vzsnapshot', id: 101 });
      assertTaskText(text, structured.upid);
      const list = await snapshots();
      assert.deepEqual(list.snapshots.map((s) => [s.name, s.parent]),
                       [['e2e_ct', 'clean-install'], ['clean-install', undefined]]);
      assert.equal(list.current_parent, 'e2e_ct');
    });

    test('proxmox_rollback_snapshot_lxc with start: a vzrollback task; running again', async () => {
      const { text, structured } = await w.s.ok('proxmox_rollback_snapshot_lxc', {
        ...ct, snapname: 'e2e_ct', start: true,
      });
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'vzrollback', id: 101 });
      assertTaskText(text, structured.upid);
      assert.match(text, /• \*\*Start Afterwards\*\*: yes/);
      assert.equal(structured.start, true);
      const { structured: now } = await w.s.ok('proxmox_get_vm_status', { ...ct, type: 'lxc' });
      assert.equal(now.status, 'running');
      assert.ok(now.uptime < 60, `started by the rollback: uptime ${now.uptime}`);
    });

    test('proxmox_delete_snapshot_lxc: a vzdelsnapshot task; only clean-install is left', async () => {
      const { structured } = await w.s.ok('proxmox_delete_snapshot_lxc', { ...ct, snapname: 'e2e_ct' });
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'vzdelsnapshot', id: 101 });
      const list = await snapshots();
      assert.deepEqual(list.snapshots.map((s) => s.name), ['clean-install']);
      assert.equal(list.current_parent, 'clean-install');
    });
  });

  workflow('backup workflow: create, list, restore, delete (VM 100, container 101)', (w) => {
    const local = { node: 'pve1', storage: 'local' };
    const backups = async () => (await w.s.ok('proxmox_list_backups', local)).structured;
    let vmBackup;

    test('the seed has two backups on local of pve1', async () => {
      const list = await backups();
      assert.deepEqual(list.backups.map((b) => b.volid), [
        'local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst',
        'local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst',
      ]);  // newest first
      assert.equal(list.count, 2);
    });

    test('proxmox_create_backup_vm: a vzdump task; the new archive is listed with its notes', async () => {
      const { text, structured } = await w.s.ok('proxmox_create_backup_vm', {
        node: 'pve1', vmid: 100, storage: 'local', notes: 'e2e workflow',
      });
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'vzdump', id: 100 });
      assertTaskText(text, structured.upid);
      assert.match(text, /^💾 \*\*Backup Created\*\*/);
      assert.deepEqual([structured.storage, structured.mode, structured.compress, structured.notes],
                       ['local', 'snapshot', 'zstd', 'e2e workflow']);
      assert.match(structured.volid, backupVolid('qemu', 100, 'vma.zst'));
      assert.ok(text.includes(`• **Backup Volume**: ${structured.volid}\n`));
      vmBackup = structured.volid;
      const list = await backups();
      assert.equal(list.count, 3);
      const entry = list.backups.find((b) => b.volid === vmBackup);
      assert.deepEqual([entry?.vmid, entry?.guest_type, entry?.notes], [100, 'qemu', 'e2e workflow']);
    });

    test('proxmox_create_backup_lxc with compress none: an uncompressed .tar archive', async () => {
      const { structured } = await w.s.ok('proxmox_create_backup_lxc', {
        node: 'pve1', vmid: 101, storage: 'local', compress: 'none', mode: 'stop',
      });
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'vzdump', id: 101 });
      assert.match(structured.volid, backupVolid('lxc', 101, 'tar'));
      const list = await backups();
      assert.equal(list.count, 4);
      assert.equal(list.backups.find((b) => b.volid === structured.volid)?.guest_type, 'lxc');
    });

    test('proxmox_restore_backup_vm: a qmrestore task; VM 106 is a copy of web, stopped', async () => {
      const { text, structured } = await w.s.ok('proxmox_restore_backup_vm', {
        node: 'pve1', vmid: 106, archive: vmBackup,
      });
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'qmrestore', id: 106 });
      assertTaskText(text, structured.upid);
      assert.match(text, /^♻️ +\*\*Backup Restored\*\*/);
      assert.deepEqual([structured.archive, structured.force, structured.replaced], [vmBackup, false, false]);
      const { structured: restored } = await w.s.ok('proxmox_get_vm_status', { node: 'pve1', vmid: 106 });
      assert.deepEqual([restored.name, restored.type, restored.status], ['web', 'qemu', 'stopped']);
      await w.s.fails('proxmox_restore_backup_vm', { node: 'pve1', vmid: 106, archive: vmBackup },
                      /^VM 106 already exists on node pve1: restoring over it replaces its configuration and disks/);
    });

    test('proxmox_restore_backup_lxc: a vzrestore task; CT 107 is a copy of docker', async () => {
      const archive = 'local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst';
      await w.s.fails('proxmox_restore_backup_vm', { node: 'pve1', vmid: 107, archive },
                      /is a container backup; restore it with proxmox_restore_backup_lxc/);
      // Proxmox alone would put the root disk on 'local', which holds no container volumes on a
      // default installation; without `storage` the tool uses the one the backup's root disk was on.
      const { text, structured } = await w.s.ok('proxmox_restore_backup_lxc', { node: 'pve1', vmid: 107, archive });
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'vzrestore', id: 107 });
      assert.equal(structured.storage, 'local-lvm');
      assert.match(text, /• \*\*Storage\*\*: local-lvm \(where the backup's root disk was\)\n/);
      const ct = { node: 'pve1', vmid: 107, type: 'lxc' };
      const { structured: restored } = await w.s.ok('proxmox_get_vm_status', ct);
      assert.deepEqual([restored.name, restored.type, restored.status], ['docker', 'lxc', 'stopped']);
      const { structured: all } = await w.s.ok('proxmox_get_vms', { node: 'pve1' });
      assert.ok([106, 107].every((id) => all.vms.some((v) => v.vmid === id)), 'get_vms lists both');
    });

    test('proxmox_delete_backup: an imgdel task; the archive is no longer listed', async () => {
      const { text, structured } = await w.s.ok('proxmox_delete_backup', { ...local, volume: vmBackup });
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'imgdel', id: '100@local' });
      assertTaskText(text, structured.upid);
      assert.match(text, /^🗑️ +\*\*Backup Deleted\*\*/);
      assert.deepEqual([structured.volume, structured.vmid], [vmBackup, 100]);
      const list = await backups();
      assert.equal(list.count, 3);
      assert.ok(!list.backups.some((b) => b.volid === vmBackup), `${vmBackup} is gone`);
    });

    test('delete_backup refuses a protected backup and anything that is not a backup', async () => {
      const nfs = 'backup-nfs:backup/vzdump-qemu-100-2026_11_25-02_00_05.vma.zst';
      await w.s.fails('proxmox_delete_backup', { node: 'pve1', storage: 'backup-nfs', volume: nfs },
                      new RegExp(`^Backup ${escapeRegExp(nfs)} is protected: refusing to delete it`));
      const { structured: still } = await w.s.ok('proxmox_list_backups', { node: 'pve1', storage: 'backup-nfs' });
      assert.ok(still.backups.some((b) => b.volid === nfs), 'the protected backup is still there');
      const iso = 'local:iso/debian-13.1.0-amd64-netinst.iso';
      const notBackup = `${escapeRegExp(iso)} is not a backup volume; proxmox_delete_backup deletes only backups`;
      await w.s.fails('proxmox_delete_backup', { ...local, volume: iso }, new RegExp(notBackup));
    });
  });

  workflow('PBS backups: list across storages, back up to pbs-main, restore, delete', (w) => {
    const pbs = { node: 'pve1', storage: 'pbs-main' };
    let snapshot;

    test('storage omitted: every backup storage of pve1, newest first, each row naming its storage', async () => {
      const { text, structured } = await w.s.ok('proxmox_list_backups', { node: 'pve1', vmid: 100 });
      assert.deepEqual(structured.storages, ['backup-nfs', 'local', 'pbs-main']);
      assert.deepEqual(structured.unreadable, []);
      assert.deepEqual(structured.backups.map((b) => [b.storage, b.file]), [
        ['backup-nfs', 'vzdump-qemu-100-2026_11_25-02_00_05.vma.zst'],
        ['pbs-main', 'vm/100/2026-11-25T01:00:03Z'],
        ['local', 'vzdump-qemu-100-2026_11_20-02_00_03.vma.zst'],
      ]);
      assert.match(text, /^📦 \*\*Backups on node pve1\*\*\n\nStorages read: backup-nfs, local, pbs-main\n/);
      assert.match(text, /• \*\*vm\/100\/2026-11-25T01:00:03Z\*\*\n {2}VM ID: 100 \(QEMU\)\n/);
      assert.match(text, / {2}Verification: failed\n {2}Storage: pbs-main\n/);
    });

    test('proxmox_create_backup_lxc to pbs-main: a snapshot ct/101/<UTC time>', async () => {
      const { structured } = await w.s.ok('proxmox_create_backup_lxc', { ...pbs, vmid: 101 });
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'vzdump', id: 101 });
      assert.match(structured.volid, /^pbs-main:backup\/ct\/101\/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      snapshot = structured.volid;
      const { structured: list } = await w.s.ok('proxmox_list_backups', pbs);
      assert.equal(list.count, 5);
      assert.deepEqual([list.backups[0].volid, list.backups[0].guest_type], [snapshot, 'lxc']);
    });

    test('proxmox_restore_backup_lxc from the snapshot: CT 108 is a copy of docker', async () => {
      const { structured } = await w.s.ok('proxmox_restore_backup_lxc', { node: 'pve1', vmid: 108, archive: snapshot });
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'vzrestore', id: 108 });
      const { structured: restored } = await w.s.ok('proxmox_get_vm_status', { node: 'pve1', vmid: 108, type: 'lxc' });
      assert.equal(restored.name, 'docker');
    });

    test('proxmox_delete_backup: the snapshot goes, the protected one stays', async () => {
      const { structured } = await w.s.ok('proxmox_delete_backup', { ...pbs, volume: snapshot });
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'imgdel', id: '101@pbs-main' });
      const guarded = 'pbs-main:backup/ct/101/2026-11-25T01:04:51Z';
      await w.s.fails('proxmox_delete_backup', { ...pbs, volume: guarded },
                      new RegExp(`^Backup ${escapeRegExp(guarded)} is protected`));
      const { structured: list } = await w.s.ok('proxmox_list_backups', pbs);
      assert.equal(list.count, 4);
      assert.ok(!list.backups.some((b) => b.volid === snapshot), `${snapshot} is gone`);
    });
  });

  workflow('container lifecycle: create, start, snapshot, stop, delete', (w) => {
    const ct = { node: 'pve1', vmid: 106 };
    const status = async () => (await w.s.ok('proxmox_get_vm_status', { ...ct, type: 'lxc' })).structured;
    const guestIds = async () => (await w.s.ok('proxmox_get_vms', {})).structured.vms.map((v) => v.vmid);
    const template = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';

    test('proxmox_create_lxc without vmid: a vzcreate task on the next free ID, eth0 on vmbr0 by DHCP', async () => {
      const { structured: next } = await w.s.ok('proxmox_get_next_vmid', {});
      assert.equal(next.vmid, 106);
      const { text, structured } = await w.s.ok('proxmox_create_lxc', {
        node: 'pve1', hostname: 'e2e-ct', ostemplate: template,
      });
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'vzcreate', id: 106 });
      assertTaskText(text, structured.upid);
      assert.match(text, /^📦 \*\*LXC Container Created\*\*/);
      assert.equal(structured.vmid, 106);
      assert.match(structured.net0, /^name=eth0,bridge=vmbr0,hwaddr=BC:24:11(?::[0-9A-F]{2}){3},ip=dhcp,type=veth$/);
      assert.ok(text.includes(`• **Network**: ${structured.net0}\n`), text);
      // The reference printed the generated root password into the transcript.
      assert.match(text, /• \*\*Root Password\*\*: a random one was set and is not shown/);
      assert.doesNotMatch(JSON.stringify(structured), /"password"/);
      const now = await status();
      assert.deepEqual([now.vmid, now.name, now.type, now.status], [106, 'e2e-ct', 'lxc', 'stopped']);
      assert.ok((await guestIds()).includes(106), 'get_vms lists CT 106');
    });

    test('proxmox_start_lxc: a vzstart task; running, and a delete is refused while it runs', async () => {
      const { structured } = await w.s.ok('proxmox_start_lxc', ct);
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'vzstart', id: 106 });
      assert.equal((await status()).status, 'running');
      await w.s.fails('proxmox_delete_lxc', ct, /^CT 106 is running: Proxmox destroys only stopped guests/);
    });

    test('proxmox_create_snapshot_lxc: a vzsnapshot task; the only snapshot of CT 106', async () => {
      const { structured } = await w.s.ok('proxmox_create_snapshot_lxc', { ...ct, snapname: 'first' });
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'vzsnapshot', id: 106 });
      const { structured: list } = await w.s.ok('proxmox_list_snapshots_lxc', ct);
      assert.deepEqual(list.snapshots.map((s) => s.name), ['first']);
      assert.equal(list.current_parent, 'first');
    });

    test('proxmox_stop_lxc: a vzstop task; stopped', async () => {
      const { structured } = await w.s.ok('proxmox_stop_lxc', ct);
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'vzstop', id: 106 });
      assert.equal((await status()).status, 'stopped');
    });

    test('proxmox_delete_lxc: a vzdestroy task; CT 106 is gone from the cluster', async () => {
      const { text, structured } = await w.s.ok('proxmox_delete_lxc', ct);
      assertTaskSucceeded(structured, { node: 'pve1', kind: 'vzdestroy', id: 106 });
      assertTaskText(text, structured.upid);
      await w.s.fails('proxmox_get_vm_status', { ...ct, type: 'lxc' }, /not found/);
      assert.deepEqual(await guestIds(), [100, 101, 102, 103, 104, 105, 110, 111, 9000]);
    });
  });
});
