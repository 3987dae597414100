// The read tools and what each must answer against `proxmox-mcp --demo`.
// Expected values follow the simulator's "small" seed (sim/src/seed_small.cpp): keep them in step.
import assert from 'node:assert/strict';
import { test } from 'node:test';

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
  'proxmox_get_vm_config',
  'proxmox_whoami',
  'proxmox_get_pools',
  'proxmox_get_task_log',
  'proxmox_get_guest_ips',
  'proxmox_get_ha_resources',
  'proxmox_get_firewall_rules',
  'proxmox_get_rrd_data',
  'proxmox_api_search',
  'proxmox_api_describe',
];

// In call order: proxmox_list_tasks runs before proxmox_get_task_status, which reuses a UPID.
// `args` is an object or a function of what earlier cases saw; `check` gets (text, structured, seen).
export const READ_CASES = [
  {
    tool: 'proxmox_get_nodes',
    args: {},
    check(text, structured) {
      assert.match(text, /🟢 \*\*pve1\*\*\n\s+• Status: online\n\s+• Uptime: \d+d \d+h \d+m/);
      assert.match(text, /🟢 \*\*pve2\*\*\n\s+• Status: online/);
      assert.match(text, /🔴 \*\*pve3\*\*\n\s+• Status: offline/);
      assert.deepEqual(structured.nodes.map((n) => [n.node, n.status]),
                       [['pve1', 'online'], ['pve2', 'online'], ['pve3', 'offline']]);
    },
  },
  {
    tool: 'proxmox_get_node_status',
    args: { node: 'pve1' },
    check(text) {
      assert.match(text, /\*\*Node pve1\*\*/);
      assert.match(text, /• \*\*CPU\*\*: [0-9.]+% of 16 cores \(Intel\(R\) Core\(TM\) i7-10700/);
      assert.match(text, /• \*\*Memory\*\*: [0-9.]+ GiB \/ 62\.61 GiB/);
      assert.match(text, /• \*\*Kernel\*\*: 6\.17\.2-1-pve/);
    },
  },
  {
    tool: 'proxmox_get_vms',
    args: {},
    check(text, structured) {
      assert.match(text, /Node pve3 is offline/);
      assert.match(text, /🟢 🖥️ \*\*web\*\* \(ID: 100\)\n\s+• Node: pve1\n\s+• Status: running\n\s+• Type: QEMU/);
      assert.match(text, /🟢 📦 \*\*docker\*\* \(ID: 101\)\n\s+• Node: pve1\n\s+• Status: running\n\s+• Type: LXC/);
      assert.match(text, /🔴 🖥️ \*\*win11\*\* \(ID: 102\)\n\s+• Node: pve2\n\s+• Status: stopped/);
      assert.match(text, /\*\*Total\*\*: 9 guest\(s\)/);
      assert.deepEqual(structured.vms.map((v) => v.vmid), [100, 101, 102, 103, 104, 105, 110, 111, 9000]);
    },
  },
  {
    tool: 'proxmox_get_vm_status',
    args: { node: 'pve1', vmid: '100' },
    check(text, structured) {
      assert.match(text, /^🟢 🖥️ \*\*web\*\* \(ID: 100\)/);
      assert.match(text, /• \*\*Node\*\*: pve1\n• \*\*Status\*\*: running\n• \*\*Type\*\*: QEMU/);
      assert.match(text, /• \*\*Memory\*\*: [0-9.]+ GiB \/ 4\.00 GiB/);
      assert.equal(structured.vmid, 100);
      assert.equal(structured.status, 'running');
    },
  },
  {
    tool: 'proxmox_get_storage',
    args: {},
    check(text) {
      assert.match(text, /Node pve3 is offline/);
      assert.match(text, /\*\*backup-nfs\*\*\n\s+• Nodes: pve1, pve2, pve3 \(shared\)/);
      assert.match(text, /\*\*local\*\*\n\s+• Node: pve1\n\s+• Type: dir\n\s+• Content: iso,vztmpl,backup\n\s+• Usage: [0-9.]+ GiB \/ 93\.93 GiB/);
    },
  },
  {
    tool: 'proxmox_get_cluster_status',
    args: {},
    check(text, structured) {
      assert.match(text, /\*\*Cluster\*\*: homelab/);
      assert.match(text, /\*\*Quorum\*\*: 🟢 quorate/);
      assert.match(text, /\*\*Nodes\*\*: 2\/3 online/);
      assert.match(text, /🔴 pve3 - offline/);
      assert.equal(structured.quorate, true);
    },
  },
  {
    tool: 'proxmox_list_templates',
    args: { node: 'pve1' },
    check(text) {
      assert.match(text, /• \*\*local:vztmpl\/debian-12-standard_12\.7-1_amd64\.tar\.zst\*\*/);
      assert.match(text, /• \*\*local:vztmpl\/ubuntu-24\.04-standard_24\.04-2_amd64\.tar\.zst\*\*/);
      assert.doesNotMatch(text, /\.iso/);
    },
  },
  {
    tool: 'proxmox_list_templates',
    args: { node: 'pve1', content: 'iso' },
    check(text) {
      assert.match(text, /• \*\*local:iso\/debian-13\.1\.0-amd64-netinst\.iso\*\*/);
      assert.match(text, /• \*\*local:iso\/alpine-virt-3\.22\.1-x86_64\.iso\*\*/);
    },
  },
  {
    tool: 'proxmox_get_next_vmid',
    args: {},
    check(text) {
      assert.match(text, /\*\*Next Available VM\/Container ID\*\*: 106/);
    },
  },
  {
    tool: 'proxmox_list_snapshots_vm',
    args: { node: 'pve1', vmid: '100' },
    check(text) {
      assert.match(text, /Snapshots for VM 100/);
      assert.match(text, /• \*\*before-nginx\*\*/);
      assert.match(text, /• \*\*pre-upgrade\*\*/);
      assert.match(text, /\*\*Total\*\*: 2 snapshot\(s\)/);
    },
  },
  {
    tool: 'proxmox_list_snapshots_lxc',
    args: { node: 'pve1', vmid: '101' },
    check(text) {
      assert.match(text, /Snapshots for LXC 101/);
      assert.match(text, /• \*\*clean-install\*\*/);
      assert.match(text, /\*\*Total\*\*: 1 snapshot\(s\)/);
    },
  },
  {
    tool: 'proxmox_list_backups',
    args: { node: 'pve1' },
    check(text) {
      assert.match(text, /Backups on node pve1\*\*\n\nStorages read: backup-nfs, local, pbs-main\n/);
      assert.match(text, /• \*\*vm\/104\/2026-11-22T01:00:04Z\*\*\n\s+VM ID: 104 \(QEMU\)/);
      assert.match(text, /• \*\*vzdump-qemu-100-2026_11_20-02_00_03\.vma\.zst\*\*\n\s+VM ID: 100 \(QEMU\)/);
      assert.match(text, /• \*\*vzdump-lxc-101-2026_11_20-02_10_41\.tar\.zst\*\*\n\s+VM ID: 101 \(LXC\)/);
      assert.match(text, /\*\*Total\*\*: 9 backup\(s\)/);
    },
  },
  {
    tool: 'proxmox_list_tasks',
    args: { node: 'pve1' },
    check(text, structured, seen) {
      assert.match(text, /Tasks on pve1/);
      const upid = text.match(/UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:vzdump:100:root@pam:/);
      assert.ok(upid, `the UPID of the vzdump of VM 100 in:\n${text}`);
      assert.ok(structured.tasks.some((t) => t.upid === upid[0]), 'structuredContent lists it too');
      seen.upid = upid[0];
    },
  },
  {
    tool: 'proxmox_get_task_status',
    args: (seen) => ({ upid: seen.upid }),
    check(text, structured, seen) {
      assert.match(text, /Task finished: OK/);
      assert.ok(text.includes(`• **UPID**: ${seen.upid}`));
      assert.match(text, /• \*\*Type\*\*: vzdump/);
      assert.equal(structured.exitstatus, 'OK');
      assert.equal(structured.status, 'stopped');
    },
  },
  {
    tool: 'proxmox_get_ha_resources',
    args: {},
    check(text, structured) {
      assert.match(text, /HA resources \(3\)/);
      assert.ok(text.includes('| vm:100 | started | started | pve1 | 1 / 1 |  | Public web server |'), text);
      assert.match(text, /• \*\*lrm:pve3\*\*: pve3 \(old timestamp - dead\?, /);
      assert.deepEqual(structured.resources.map((r) => [r.sid, r.state, r.status]),
        [['ct:101', 'started', 'started'], ['ct:103', 'stopped', 'stopped'], ['vm:100', 'started', 'started']]);
    },
  },
  {
    tool: 'proxmox_get_firewall_rules',
    args: { level: 'guest', node: 'pve1', vmid: 100 },
    check(text, structured) {
      assert.match(text, /Firewall rules — VM 100 on pve1 \(3\)/);
      assert.ok(text.includes('| 0 | yes | group | webservers |'), text);
      assert.deepEqual(structured.rules.map((r) => [r.pos, r.type, r.action]),
        [[0, 'group', 'webservers'], [1, 'in', 'ACCEPT'], [2, 'in', 'REJECT']]);
      assert.match(structured.digest, /^[0-9a-f]{40}$/);
    },
  },
  {
    tool: 'proxmox_get_rrd_data',
    args: { node: 'pve1', vmid: 100, timeframe: 'hour' },
    check(text, structured) {
      assert.match(text, /Metrics — VM 100 on pve1/);
      assert.match(text, /• \*\*Period\*\*: hour, 60 points from \d{4}-\d\d-\d\dT\d\d:\d\d:00Z to /);
      assert.match(text, /\| CPU \| \d+\.\d% \|/);
      assert.equal(structured.points, 60);
      assert.equal(structured.step, 60);
      assert.equal(structured.series.time.length, 24);
      assert.deepEqual(structured.metrics.map((m) => [m.name, m.unit]),
        [['cpu', '%'], ['mem', 'GiB'], ['netin', 'B/s'], ['netout', 'B/s'], ['diskread', 'B/s'], ['diskwrite', 'B/s']]);
      assert.ok(JSON.stringify(structured).length < 4000, 'no raw series in the answer');
    },
  },
  {
    tool: 'proxmox_api_search',
    args: { query: 'migrate' },
    check(text, structured, seen) {
      assert.match(text, /API endpoints for "migrate"\*\* \(9 found\)/);
      assert.ok(text.includes('**`POST /nodes/{node}/qemu/{vmid}/migrate`** — Migrate virtual machine.\n' +
                              '  • path: node, vmid\n  • target*: string — Target node.\n'), text);
      assert.match(text, /\n1 more: cursor=8-[0-9a-f]+\n$/);
      const migrate = structured.endpoints.find((e) => e.method === 'POST' &&
                                                       e.path === '/nodes/{node}/qemu/{vmid}/migrate');
      assert.equal(migrate.permission, 'VM.Migrate on /vms/{vmid}');
      assert.equal(migrate.returns_task, true);
      assert.equal(structured.total, 9);
      seen.migrate = migrate;
    },
  },
  {
    tool: 'proxmox_api_describe',
    args: (seen) => ({ method: seen.migrate.method, path: '/nodes/pve1/qemu/100/migrate' }),
    check(text, structured) {
      assert.match(text, /^📘 \*\*POST \/nodes\/\{node\}\/qemu\/\{vmid\}\/migrate\*\*\n/);
      assert.ok(text.includes('• **Path values**: node=pve1, vmid=100\n'), text);
      assert.ok(text.includes('• `migration_type`: enum secure|insecure — Migration traffic is ' +
                              'encrypted using an SSH tunnel by default.'), text);
      assert.deepEqual(structured.path_values, { node: 'pve1', vmid: '100' });
      assert.equal(structured.returns_task, true);
      assert.deepEqual(structured.parameters.slice(0, 3).map((p) => [p.name, p.required, p.in_path]),
                       [['node', true, true], ['vmid', true, true], ['target', true, false]]);
    },
  },
];

// A test title: the tool and its arguments.
export function caseTitle(testCase) {
  const args = typeof testCase.args === 'function' ? '(from an earlier case)' : JSON.stringify(testCase.args);
  return `${testCase.tool} ${args}`;
}

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
    expect: /'type' must be one of: qemu, lxc/,
  },
  {
    tool: 'proxmox_get_node_status',
    args: { node: 'PVE1' },
    expect: /node 'PVE1' not found; cluster nodes: pve1, pve2, pve3 \(did you mean 'pve1'\?\)/,
  },
  {
    tool: 'proxmox_get_node_status',
    args: { node: 'pve3' },
    expect: /node pve3 is offline/,
  },
  {
    tool: 'proxmox_get_rrd_data',
    args: { node: 'pve3' },
    expect: /node pve3 is offline/,
  },
  {
    tool: 'proxmox_get_firewall_rules',
    args: { level: 'guest', node: 'pve1' },
    expect: /Invalid argument 'vmid': is required for level=guest/,
  },
  {
    tool: 'proxmox_api_describe',
    args: { method: 'GET', path: '/nodes/pve1/qemu/100/bogus' },
    // The inspector prints the text JSON-escaped: a line break is \n there.
    expect: /No Proxmox API endpoint GET \/nodes\/pve1\/qemu\/100\/bogus\. Nearest:(\n|\\n)• DELETE \/nodes\/\{node\}\/qemu\/\{vmid\}(\n|\\n)/,
  },
];

// Defines, inside the caller's describe(), what every client checks: tools/list, each read case
// and each of `errorCases`. `client()` gives the connected client when a test runs.
export function readToolTests(client, { errorCases = ERROR_CASES } = {}) {
  const seen = {};
  test('tools/list has every read tool with schemas and hints', async () => {
    const { tools } = await client().listTools();
    checkToolList(tools);
  });
  for (const testCase of READ_CASES) {
    test(`tools/call ${caseTitle(testCase)}`, async () => {
      const result = await client().callTool({ name: testCase.tool, arguments: argsOf(testCase, seen) });
      checkResult(testCase, result, seen);
    });
  }
  for (const errorCase of errorCases) {
    test(`tools/call ${errorCase.tool} ${JSON.stringify(errorCase.args)} is an isError result`, async () => {
      const result = await client().callTool({ name: errorCase.tool, arguments: errorCase.args });
      assert.equal(result.isError, true);
      assert.match(textOf(result), errorCase.expect);
    });
  }
}
