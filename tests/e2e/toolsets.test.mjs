// Toolsets through a real SDK v1 client on `proxmox-mcp --demo`: PROXMOX_TOOLSETS,
// PROXMOX_TOOLS and PROXMOX_DISABLED_TOOLS decide what is listed and callable; a hidden tool
// called by name, and the same change asked of proxmox_api_call, are refused before anything
// reaches Proxmox; an unknown name stops the server at start.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { DEMO_ARGS, SERVER, cleanEnv, requireServer, runProcess } from './lib/harness.mjs';
import { workflow } from './lib/demo_session.mjs';

const CHOSEN = {
  PROXMOX_ALLOW_ELEVATED: 'true',
  PROXMOX_TOOLSETS: 'inventory, snapshots',
  PROXMOX_TOOLS: 'proxmox_list_tasks',
  PROXMOX_DISABLED_TOOLS: 'proxmox_delete_snapshot_vm',
};

const notEnabled = (tool, toolset) =>
  `${tool} is not enabled on this server: it is in the ${toolset} toolset. Add ${toolset} to ` +
  `PROXMOX_TOOLSETS (or ${tool} to PROXMOX_TOOLS) and restart the server.`;
const disabled = (tool) =>
  `${tool} is disabled on this server: PROXMOX_DISABLED_TOOLS names it. Remove that and restart ` +
  'the server to use it.';

describe('toolsets (SDK v1 client, proxmox-mcp --demo)', { concurrency: true }, () => {
  workflow('inventory and snapshots, plus list_tasks, without delete_snapshot_vm', (w) => {
    test('tools/list holds the chosen toolsets and tool, not the disabled one', () => {
      const names = w.s.tools.map((t) => t.name);
      for (const name of ['proxmox_get_vms', 'proxmox_api_call', 'proxmox_create_snapshot_vm',
        'proxmox_rollback_snapshot_lxc', 'proxmox_delete_snapshot_lxc', 'proxmox_list_tasks']) {
        assert.ok(names.includes(name), `${name} is listed`);
      }
      for (const name of ['proxmox_start_vm', 'proxmox_delete_vm', 'proxmox_get_task_status',
        'proxmox_delete_snapshot_vm', 'proxmox_execute_vm_command']) {
        assert.equal(names.includes(name), false, `${name} is not listed`);
      }
    });

    test('a hidden tool called by name says how to enable it, and nothing is sent', async () => {
      const { text } = await w.s.fails('proxmox_start_vm', { node: 'pve2', vmid: 102 }, /not enabled/);
      assert.equal(text, notEnabled('proxmox_start_vm', 'lifecycle'));
      const { text: off } = await w.s.fails('proxmox_delete_snapshot_vm',
        { node: 'pve1', vmid: 100, snapname: 'pre-upgrade' }, /disabled/);
      assert.equal(off, disabled('proxmox_delete_snapshot_vm'));
      const { structured } = await w.s.ok('proxmox_get_vm_status', { node: 'pve2', vmid: 102 });
      assert.equal(structured.status, 'stopped');
    });

    test('proxmox_api_call cannot do what a tool that is not enabled does', async () => {
      const { text } = await w.s.fails('proxmox_api_call',
        { method: 'POST', path: '/nodes/pve2/qemu/102/status/start' }, /can do what/);
      assert.equal(text, 'POST /nodes/pve2/qemu/102/status/start can do what proxmox_start_vm does. ' +
        notEnabled('proxmox_start_vm', 'lifecycle'));
      const { text: snap } = await w.s.fails('proxmox_api_call',
        { method: 'DELETE', path: '/nodes/pve1/qemu/100/snapshot/pre-upgrade' }, /can do what/);
      assert.equal(snap, 'DELETE /nodes/pve1/qemu/100/snapshot/pre-upgrade can do what ' +
        `proxmox_delete_snapshot_vm does. ${disabled('proxmox_delete_snapshot_vm')}`);
      // Whatever the parameters: a config write is what disk, network and sizing tools send.
      const { text: config } = await w.s.fails('proxmox_api_call',
        { method: 'PUT', path: '/nodes/pve2/qemu/102/config', params: { memory: 1024 } }, /can do what/);
      assert.match(config, /^PUT \/nodes\/pve2\/qemu\/102\/config can do what proxmox_resize_vm does\./);
      // Reads through the guest agent are the exec toolset's.
      const { text: agent } = await w.s.fails('proxmox_api_call',
        { method: 'GET', path: '/nodes/pve1/qemu/100/agent/get-osinfo' }, /can do what/);
      assert.equal(agent, 'GET /nodes/pve1/qemu/100/agent/get-osinfo can do what ' +
        `proxmox_execute_vm_command does. ${notEnabled('proxmox_execute_vm_command', 'exec')}`);
      const { structured } = await w.s.ok('proxmox_list_snapshots_vm', { node: 'pve1', vmid: 100 });
      assert.deepEqual(structured.snapshots.map((s) => s.name), ['before-nginx', 'pre-upgrade']);
      const { structured: vm } = await w.s.ok('proxmox_get_vm_status', { node: 'pve2', vmid: 102 });
      assert.equal(vm.status, 'stopped');
    });

    test('what an enabled tool does, proxmox_api_call does too', async () => {
      const { structured } = await w.s.ok('proxmox_api_call', {
        method: 'POST', path: '/nodes/pve1/lxc/101/snapshot', params: { snapname: 'by-api' } });
      assert.equal(structured.exitstatus, 'OK');
      const { structured: list } = await w.s.ok('proxmox_list_snapshots_lxc', { node: 'pve1', vmid: 101 });
      assert.ok(list.snapshots.some((s) => s.name === 'by-api'));
    });
  }, CHOSEN);

  for (const [variable, value, message] of [
    ['PROXMOX_TOOLSETS', 'inventory,lifecyle',
      "PROXMOX_TOOLSETS: 'lifecyle' is not a toolset (backups, create, delete, disks, exec, " +
      'inventory, lifecycle, network, snapshots, tasks, or all)'],
    ['PROXMOX_DISABLED_TOOLS', 'proxmox_stop_everything',
      "PROXMOX_DISABLED_TOOLS: 'proxmox_stop_everything' is neither a tool nor a toolset"],
  ]) {
    test(`an unknown name in ${variable} stops the server with exit code 2`, async () => {
      requireServer();
      const ping = `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' })}\n`;
      const run = await runProcess(SERVER, DEMO_ARGS, { input: ping, env: cleanEnv({ [variable]: value }) });
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stdout, '');
      assert.ok(run.stderr.includes(`proxmox-mcp: error: ${message}\n`), run.stderr);
    });
  }
});
