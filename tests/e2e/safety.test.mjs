// The safety settings through a real SDK v1 client on `proxmox-mcp --demo`, as a model that
// tries to get around them would: protected guests reached through the generic call (an encoded
// ID, an HA resource ID, a tag changed to lift the protection), a guest named by a node inside
// the scope while it runs outside it, a confirmation token replayed for another guest, and dry
// runs that must leave the cluster as it was.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { DEMO_ARGS, SERVER, cleanEnv, requireServer, runProcess } from './lib/harness.mjs';
import { workflow } from './lib/demo_session.mjs';

const SAFE = {
  PROXMOX_ALLOW_ELEVATED: 'true',
  PROXMOX_CONFIRM: 'true',
  PROXMOX_NODES: 'pve1, pve2',
  PROXMOX_PROTECTED_VMIDS: '103',
  PROXMOX_PROTECTED_TAGS: 'db',
  // HA changes are open, so that what refuses them below is the protection, not the pattern.
  PROXMOX_API_ALLOW: 'POST|PUT|DELETE /cluster/ha/**',
};

const tokenIn = (text) => /confirm: "([0-9]+-[0-9a-f]+)"/.exec(text)?.[1];

describe('safety settings (SDK v1 client, proxmox-mcp --demo)', { concurrency: true }, () => {
  workflow('protected guests, scope, confirmation and dry runs', (w) => {
    const status = async (node, vmid) =>
      (await w.s.ok('proxmox_get_vm_status', { node, vmid })).structured.status;

    test('the guest list leaves out pve3 and marks what is protected', async () => {
      const { structured, text } = await w.s.ok('proxmox_get_vms', {});
      assert.ok(structured.vms.every((vm) => vm.node !== 'pve3'));
      const marked = structured.vms.filter((vm) => vm.protected).map((vm) => vm.vmid);
      assert.deepEqual(marked, [103, 104]);
      assert.match(text, /Protected: no write tool changes it \(tag 'db' in PROXMOX_PROTECTED_TAGS\)/);
    });

    test('a protected guest is not reached through the generic call', async () => {
      await w.s.fails('proxmox_api_call', { method: 'POST', path: '/nodes/pve1/qemu/%31%30%34/status/stop' },
        /^VM 104 is protected on this server \(its tag 'db' is in PROXMOX_PROTECTED_TAGS\)/);
      // Lifting the protection by changing the tags is a change like any other.
      await w.s.fails('proxmox_api_call',
        { method: 'PUT', path: '/nodes/pve1/qemu/104/config', params: { tags: 'web' } },
        /VM 104 is protected on this server/);
      await w.s.fails('proxmox_api_call',
        { method: 'POST', path: '/cluster/ha/resources', params: { sid: 'ct:103' } },
        /^Guest 103 is protected on this server \(PROXMOX_PROTECTED_VMIDS\)/);
      assert.equal(await status('pve1', 104), 'running');
    });

    test('a guest outside the scope is refused whatever node the call names', async () => {
      await w.s.fails('proxmox_start_vm', { node: 'pve1', vmid: 110 },
        /^VM 110 is on node 'pve3'\. Node 'pve3' is outside what this server acts on/);
      await w.s.fails('proxmox_get_node_status', { node: 'pve3' }, /outside what this server acts on/);
    });

    test('a confirmation token works once for its own guest only', async () => {
      const first = await w.s.fails('proxmox_stop_vm', { node: 'pve1', vmid: 100 }, /Confirmation Needed/);
      const token = tokenIn(first.text);
      assert.ok(token, first.text);
      await w.s.fails('proxmox_stop_lxc', { node: 'pve1', vmid: 101, confirm: token },
        /The confirm token does not fit this call/);
      assert.equal(await status('pve1', 100), 'running');
      await w.s.ok('proxmox_stop_vm', { node: 'pve1', vmid: 100, confirm: token });
      assert.equal(await status('pve1', 100), 'stopped');
    });

    test('a dry run changes nothing and needs no confirmation', async () => {
      const { structured } = await w.s.ok('proxmox_delete_vm', { node: 'pve2', vmid: 102, dry_run: true });
      assert.deepEqual(structured.requests, [{ method: 'DELETE', path: '/nodes/pve2/qemu/102', params: {} }]);
      assert.equal(await status('pve2', 102), 'stopped');
      const resize = await w.s.ok('proxmox_resize_vm', { node: 'pve2', vmid: 102, cores: 6, dry_run: true });
      assert.deepEqual(resize.structured.changes.map((c) => [c.key, c.after]), [['cores', '6']]);
      const config = await w.s.ok('proxmox_get_vm_config', { node: 'pve2', vmid: 102 });
      assert.notEqual(config.structured.config?.cores ?? config.structured.cores, 6);
    });
  }, SAFE);

  test('a bad scope setting stops the server at start', async () => {
    requireServer();
    const result = await runProcess(SERVER, DEMO_ARGS, { env: cleanEnv({ PROXMOX_VMIDS: '100-x' }) });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /PROXMOX_VMIDS: '100-x' is not a guest ID \(100–999999999\) or a range of them \(100-199\)/);
  });
});
