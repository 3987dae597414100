// Gated and safe, through a real SDK v1 client on `proxmox-mcp --demo`: basic mode
// lists no write tool and refuses every call naming PROXMOX_ALLOW_ELEVATED before anything reaches
// Proxmox; PROXMOX_LIST_ALL_TOOLS=true lists them all (still refused); elevated mode lists the
// reference server's 55 tools plus ours, with annotations that tell the truth.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { DemoSession, ELEVATED, workflow } from './lib/demo_session.mjs';
import { READ_TOOLS } from './lib/read_tools.mjs';

// The reference README's tool list (/work/shared/seed/000_befc604f258b0167.txt, "Available
// Tools"): all 55 names, which a drop-in replacement must keep.
const REFERENCE_TOOLS = [
  'proxmox_add_disk_vm', 'proxmox_add_mountpoint_lxc', 'proxmox_add_network_lxc',
  'proxmox_add_network_vm', 'proxmox_clone_lxc', 'proxmox_clone_vm', 'proxmox_create_backup_lxc',
  'proxmox_create_backup_vm', 'proxmox_create_lxc', 'proxmox_create_snapshot_lxc',
  'proxmox_create_snapshot_vm', 'proxmox_create_vm', 'proxmox_delete_backup', 'proxmox_delete_lxc',
  'proxmox_delete_snapshot_lxc', 'proxmox_delete_snapshot_vm', 'proxmox_delete_vm',
  'proxmox_execute_vm_command', 'proxmox_get_cluster_status', 'proxmox_get_next_vmid',
  'proxmox_get_node_status', 'proxmox_get_nodes', 'proxmox_get_storage', 'proxmox_get_vm_status',
  'proxmox_get_vms', 'proxmox_list_backups', 'proxmox_list_snapshots_lxc',
  'proxmox_list_snapshots_vm', 'proxmox_list_templates', 'proxmox_move_disk_lxc',
  'proxmox_move_disk_vm', 'proxmox_pause_vm', 'proxmox_reboot_lxc', 'proxmox_reboot_vm',
  'proxmox_remove_disk_vm', 'proxmox_remove_mountpoint_lxc', 'proxmox_remove_network_lxc',
  'proxmox_remove_network_vm', 'proxmox_resize_disk_lxc', 'proxmox_resize_disk_vm',
  'proxmox_resize_lxc', 'proxmox_resize_vm', 'proxmox_restore_backup_lxc',
  'proxmox_restore_backup_vm', 'proxmox_resume_vm', 'proxmox_rollback_snapshot_lxc',
  'proxmox_rollback_snapshot_vm', 'proxmox_shutdown_lxc', 'proxmox_shutdown_vm',
  'proxmox_start_lxc', 'proxmox_start_vm', 'proxmox_stop_lxc', 'proxmox_stop_vm',
  'proxmox_update_network_lxc', 'proxmox_update_network_vm',
];
// Tools beyond the reference README's list (the observability reads are the Node.js server's, which
// its README does not list).
const ADDED_TOOLS = [
  'proxmox_get_task_status', 'proxmox_list_tasks', 'proxmox_get_vm_config', 'proxmox_whoami',
  'proxmox_get_pools', 'proxmox_get_task_log', 'proxmox_get_guest_ips', 'proxmox_get_ha_resources',
  'proxmox_get_firewall_rules', 'proxmox_get_rrd_data', 'proxmox_api_search', 'proxmox_api_describe',
  'proxmox_api_call', 'proxmox_set_cloudinit', 'proxmox_cancel_task', 'proxmox_migrate_vm',
  'proxmox_migrate_lxc', 'proxmox_convert_to_template', 'proxmox_set_tags',
];

// Write tool calls a basic-mode server must refuse, with the privilege the refusal names.
// The arguments are ones elevated mode accepts (checked against its schemas in 'list all').
const REFUSED_CALLS = [
  { tool: 'proxmox_start_vm', args: { node: 'pve2', vmid: 102 }, privilege: 'VM.PowerMgmt' },
  { tool: 'proxmox_delete_snapshot_vm', args: { node: 'pve1', vmid: 100, snapname: 'pre-upgrade' },
    privilege: 'VM.Snapshot' },
  { tool: 'proxmox_delete_backup',
    args: { node: 'pve1', storage: 'local', volume: 'local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst' },
    privilege: 'Datastore.AllocateSpace and VM.Backup' },
  { tool: 'proxmox_remove_network_lxc', args: { node: 'pve1', vmid: 101, net: 'net0' },
    privilege: 'VM.Config.Network' },
  { tool: 'proxmox_execute_vm_command', args: { node: 'pve1', vmid: 100, command: 'uptime' },
    privilege: 'VM.GuestAgent.Unrestricted and VM.Audit' },
];

function refusal(tool, privilege) {
  return `${tool} requires elevated mode: set PROXMOX_ALLOW_ELEVATED=true (or start the server with ` +
         '--elevated) and restart it; the server is running in basic mode, where only read tools are ' +
         `allowed. The API token also needs ${privilege}.`;
}

const sorted = (names) => [...names].sort();

// Every refused call, then the read tools show that nothing changed.
function refusesWrites(w) {
  for (const { tool, args, privilege } of REFUSED_CALLS) {
    test(`${tool} is an isError result naming PROXMOX_ALLOW_ELEVATED and ${privilege}`, async () => {
      const { text } = await w.s.fails(tool, args, /PROXMOX_ALLOW_ELEVATED=true/);
      assert.equal(text, refusal(tool, privilege));
    });
  }

  test('nothing reached Proxmox: the guests, snapshots, backups and NICs are as seeded', async () => {
    const { structured: win11 } = await w.s.ok('proxmox_get_vm_status', { node: 'pve2', vmid: 102 });
    assert.equal(win11.status, 'stopped');
    const { structured: snapshots } = await w.s.ok('proxmox_list_snapshots_vm', { node: 'pve1', vmid: 100 });
    assert.deepEqual(snapshots.snapshots.map((s) => s.name), ['before-nginx', 'pre-upgrade']);
    const { structured: backups } = await w.s.ok('proxmox_list_backups', { node: 'pve1', storage: 'local' });
    assert.equal(backups.count, 2);
    // The seed's task history ends days ago; a task a refused call started would be recent.
    const hourAgo = Date.now() / 1000 - 3600;
    for (const node of ['pve1', 'pve2']) {
      const { structured: tasks } = await w.s.ok('proxmox_list_tasks', { node });
      assert.ok(tasks.tasks.length > 0);
      for (const t of tasks.tasks) assert.ok(t.starttime < hourAgo, `${t.upid} is from the seed's history`);
    }
  });
}

describe('gating (SDK v1 client, proxmox-mcp --demo)', { concurrency: true }, () => {
  let elevatedNames;  // what elevated mode lists, for the 'list all' comparison

  workflow('basic mode (the default)', (w) => {
    test('tools/list holds exactly the read tools, all read-only, and proxmox_api_call', () => {
      assert.deepEqual(sorted(w.s.tools.map((t) => t.name)), sorted([...READ_TOOLS, 'proxmox_api_call']));
      for (const tool of w.s.tools) {
        // The generic call may change things, so it is not read-only; in basic mode it sends GET only.
        const readOnly = tool.name !== 'proxmox_api_call';
        assert.equal(tool.annotations?.readOnlyHint, readOnly, tool.name);
      }
    });
    test('proxmox_api_call reads in basic mode and refuses a change before sending it', async () => {
      const { structured } = await w.s.ok('proxmox_api_call', {
        method: 'GET', path: '/nodes/{node}/qemu/{vmid}/config', params: { node: 'pve1', vmid: 100 },
        fields: ['name'] });
      assert.deepEqual(Object.keys(structured.data), ['name']);
      const { text } = await w.s.fails('proxmox_api_call',
        { method: 'POST', path: '/nodes/pve2/qemu/102/status/start' }, /sends only GET in basic mode/);
      assert.match(text, /^POST \/nodes\/pve2\/qemu\/102\/status\/start changes the cluster/);
    });
    refusesWrites(w);
  }, {});

  workflow('basic mode with PROXMOX_LIST_ALL_TOOLS=true', (w) => {
    test('tools/list holds every tool elevated mode has', async () => {
      if (!elevatedNames) {
        const elevated = await DemoSession.start(ELEVATED);
        elevatedNames = elevated.tools.map((t) => t.name);
        await elevated.close();
      }
      assert.deepEqual(sorted(w.s.tools.map((t) => t.name)), sorted(elevatedNames));
      assert.ok(w.s.tools.length > READ_TOOLS.length);
    });
    refusesWrites(w);
  }, { PROXMOX_LIST_ALL_TOOLS: 'true' });

  workflow('elevated mode', (w) => {
    test('tools/list holds the reference server\'s 55 tools plus ours, nothing else', () => {
      const names = w.s.tools.map((t) => t.name);
      assert.equal(REFERENCE_TOOLS.length, 55);
      const missing = REFERENCE_TOOLS.filter((n) => !names.includes(n));
      assert.deepEqual(missing, [], 'reference tools missing from tools/list');
      assert.deepEqual(sorted(names), sorted([...REFERENCE_TOOLS, ...ADDED_TOOLS]));
    });

    test('annotations: never read-only; destructive where data is lost; idempotent where repeating is harmless', () => {
      const writes = w.s.tools.filter((t) => !READ_TOOLS.includes(t.name));
      assert.ok(writes.length >= 36, `${writes.length} write tools`);
      for (const { name, annotations: a } of writes) {
        assert.equal(a?.readOnlyHint, false, `${name} readOnlyHint`);
        assert.equal(a?.openWorldHint, false, `${name} openWorldHint: it acts on the configured cluster only`);
        if (/^proxmox_(delete|rollback_snapshot|restore_backup|remove|stop|move_disk)_/.test(name)) {
          assert.equal(a.destructiveHint, true, `${name} destroys data or state: destructiveHint`);
        }
        if (/^proxmox_(start|create|clone|add|pause|resume)_/.test(name)) {
          assert.equal(a.destructiveHint, false, `${name} only adds or starts: not destructive`);
        }
        if (/^proxmox_(start|stop|shutdown|pause|resume)_/.test(name)) {
          assert.equal(a.idempotentHint, true, `${name} reaches the same state when repeated: idempotentHint`);
        }
        if (/^proxmox_(create|clone|add|reboot|execute)_/.test(name)) {
          assert.equal(a.idempotentHint, false, `${name} does more each time it is repeated: not idempotent`);
        }
      }
    });
  });
});
