// The read tools of issue 3 and what each must answer against `proxmox-mcp --demo`.
// Expected values follow the simulator's "small" seed (sim/src/seed*.cpp): keep them in step.
import assert from 'node:assert/strict';

import { textOf } from './harness.mjs';

export const READ_TOOLS = [
  'proxmox_get_nodes',
  'proxmox_get_node_status',
  'proxmox_get_vms',
  'proxmox_get_vm_status',
  'proxmox_get_storage',
  'proxmox_get_cluster_status',
  'proxmox_list_templates',
  'proxmox_get_next_vmid',
  'proxmox_list_snapshots_vm',
  'proxmox_list_snapshots_lxc',
  'proxmox_list_backups',
  'proxmox_get_task_status',
  'proxmox_list_tasks',
];

const UPID_PATTERN = /UPID:[A-Za-z0-9_.-]+:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:[a-z0-9]+:[^:\s]*:[^:\s]+@[^:\s]+:/;

// In call order: proxmox_list_tasks runs before proxmox_get_task_status, which reuses a UPID.
// `args` is an object or a function of what earlier cases saw; `check` gets (text, structured).
export const READ_CASES = [
  {
    tool: 'proxmox_get_nodes',
    args: {},
    check(text) {
      for (const node of ['pve1', 'pve2', 'pve3']) assert.match(text, new RegExp(`\\*\\*${node}\\*\\*`));
      assert.match(text, /pve3\*\*\n\s+• Status: offline/);
      assert.match(text, /pve1\*\*\n\s+• Status: online/);
    },
  },
  {
    tool: 'proxmox_get_node_status',
    args: { node: 'pve1' },
    check(text) {
      assert.match(text, /pve1/);
      assert.match(text, /Uptime|uptime/);
      assert.match(text, /Memory/);
    },
  },
  {
    tool: 'proxmox_get_vms',
    args: {},
    check(text) {
      assert.match(text, /\*\*web\*\* \(ID: 100\)\n\s+• Node: pve1\n\s+• Status: running/);
      assert.match(text, /\*\*docker\*\* \(ID: 101\)/);
      assert.match(text, /pve3/, 'the offline node is named in a warning');
    },
  },
  {
    tool: 'proxmox_get_vm_status',
    args: { node: 'pve1', vmid: '100' },
    check(text) {
      assert.match(text, /\*\*web\*\* \(ID: 100\)/);
      assert.match(text, /\*\*Status\*\*: running/);
      assert.match(text, /\*\*Node\*\*: pve1/);
    },
  },
  {
    tool: 'proxmox_get_storage',
    args: {},
    check(text) {
      assert.match(text, /\*\*local\*\*/);
      assert.match(text, /Usage: [0-9.]+ [KMGT]iB \/ [0-9.]+ [KMGT]iB/);
    },
  },
  {
    tool: 'proxmox_get_cluster_status',
    args: {},
    check(text) {
      assert.match(text, /Nodes\*\*: 2\/3 online/);
      assert.match(text, /pve3/);
    },
  },
  {
    tool: 'proxmox_list_templates',
    args: { node: 'pve1' },
    check(text) {
      assert.match(text, /local:vztmpl\/[^\s*]+\.tar\.(gz|zst|xz)/);
    },
  },
  {
    tool: 'proxmox_get_next_vmid',
    args: {},
    check(text) {
      assert.match(text, /Next Available VM\/Container ID\*\*: \d+/);
    },
  },
  {
    tool: 'proxmox_list_snapshots_vm',
    args: { node: 'pve1', vmid: '100' },
    check(text) {
      assert.match(text, /Snapshots for VM 100/);
      assert.match(text, /Total\*\*: \d+ snapshot\(s\)/);
    },
  },
  {
    tool: 'proxmox_list_snapshots_lxc',
    args: { node: 'pve1', vmid: '101' },
    check(text) {
      assert.match(text, /Snapshots for LXC 101/);
    },
  },
  {
    tool: 'proxmox_list_backups',
    args: { node: 'pve1' },
    check(text) {
      assert.match(text, /Backups on local/);
      assert.match(text, /vzdump-(qemu|lxc)-\d+-/);
    },
  },
  {
    tool: 'proxmox_list_tasks',
    args: { node: 'pve1' },
    check(text, _structured, seen) {
      const upid = text.match(UPID_PATTERN);
      assert.ok(upid, `a UPID in:\n${text}`);
      seen.upid = upid[0];
    },
  },
  {
    tool: 'proxmox_get_task_status',
    args: (seen) => ({ upid: seen.upid }),
    check(text, _structured, seen) {
      assert.ok(text.includes(seen.upid.split(':')[1]), 'names the task node');
      assert.match(text, /stopped|OK/);
    },
  },
];

export function argsOf(testCase, seen) {
  return typeof testCase.args === 'function' ? testCase.args(seen) : testCase.args;
}

// Checks one successful result: not an error, Markdown as expected, structuredContent an object.
export function checkResult(testCase, result, seen) {
  const text = textOf(result);
  assert.notEqual(result.isError, true, `${testCase.tool} failed: ${text}`);
  assert.equal(typeof result.structuredContent, 'object', 'structuredContent is an object');
  assert.ok(result.structuredContent !== null && !Array.isArray(result.structuredContent));
  testCase.check(text, result.structuredContent, seen);
}

// The tools/list answer: every read tool, each with the schemas and all four hints set.
export function checkToolList(tools) {
  const names = tools.map((t) => t.name);
  for (const name of READ_TOOLS) assert.ok(names.includes(name), `tools/list lacks ${name}`);
  for (const tool of tools.filter((t) => READ_TOOLS.includes(t.name))) {
    assert.equal(tool.inputSchema.type, 'object', `${tool.name} inputSchema`);
    assert.equal(tool.outputSchema?.type, 'object', `${tool.name} outputSchema`);
    assert.ok(tool.description.length > 0, `${tool.name} description`);
    const a = tool.annotations ?? {};
    assert.deepEqual(
      [a.readOnlyHint, a.destructiveHint, a.idempotentHint, a.openWorldHint].map((v) => typeof v),
      ['boolean', 'boolean', 'boolean', 'boolean'],
      `${tool.name} sets every hint`);
    assert.equal(a.readOnlyHint, true, `${tool.name} is read-only`);
    assert.equal(a.destructiveHint, false, `${tool.name} is not destructive`);
  }
}

// The failures every client must see as isError results, with the cause in the text.
export const ERROR_CASES = [
  {
    tool: 'proxmox_get_vm_status',
    args: { node: 'pve1', vmid: '999' },
    expect: /VM 999 not found on node pve1/,
  },
  {
    tool: 'proxmox_get_vm_status',
    args: { node: 'pve1', vmid: '100', type: '../../../nodes' },
    expect: /type/,
  },
];
