// The config and identity tools end to end: a real SDK client drives `proxmox-mcp --demo` in
// elevated mode, sets cloud-init on the template VM 9000 and reads back what Proxmox stored; the
// password never comes back, the SSH keys arrive as written.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { workflow } from './lib/demo_session.mjs';

workflow('cloud-init, config, addresses and identity (SDK client, proxmox-mcp --demo)', (w) => {
  const vm = { node: 'pve1', vmid: 9000 };
  const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample ops@laptop';

  test('proxmox_set_cloudinit: user, password, key and address in one change', async () => {
    const { text, structured } = await w.s.ok('proxmox_set_cloudinit', {
      ...vm, ciuser: 'ops', cipassword: 'Hunter2!', sshkeys: key, ipconfig0: 'ip=10.0.0.50/24,gw=10.0.0.1',
    });
    assert.match(text, /^☁️ {2}\*\*Cloud-Init Updated\*\*/);
    assert.ok(!text.includes('Hunter2') && !JSON.stringify(structured).includes('Hunter2'), text);
    assert.deepEqual(structured.set, ['ciuser', 'cipassword', 'sshkeys', 'ipconfig0']);
    assert.equal(structured.cloudinit_drive, 'ide2');
  });

  test('proxmox_get_vm_config: the values stored, the password masked, the key decoded', async () => {
    const { text, structured } = await w.s.ok('proxmox_get_vm_config', vm);
    assert.equal(structured.config.ciuser, 'ops');
    assert.equal(structured.config.cipassword, '**********');
    assert.equal(structured.config.sshkeys, encodeURIComponent(key));
    assert.equal(structured.config.ipconfig0, 'ip=10.0.0.50/24,gw=10.0.0.1');
    assert.ok(text.includes(`• **sshkeys**: ${key}\n`), text);
    assert.match(structured.digest, /^[0-9a-f]{40}$/);
  });

  test('a gateway without a static address is refused before Proxmox sees it', async () => {
    await w.s.fails('proxmox_set_cloudinit', { ...vm, ipconfig0: 'ip=dhcp,gw=10.0.0.1' },
                    /^Invalid argument 'ipconfig0': gw needs a static ip/);
  });

  test('proxmox_get_guest_ips: a running container\'s address from its config', async () => {
    const { structured } = await w.s.ok('proxmox_get_guest_ips', { node: 'pve1', vmid: 101, type: 'lxc' });
    assert.deepEqual(structured.interfaces,
                     [{ name: 'eth0', mac: 'bc:24:11:2f:90:11', addresses: ['10.0.0.121/24'] }]);
  });

  test('proxmox_whoami: the token, elevated mode, no secret', async () => {
    const { text, structured } = await w.s.ok('proxmox_whoami', {});
    assert.equal(structured.mode, 'elevated');
    assert.ok(structured.token.length > 0);
    assert.ok(!/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/.test(text), text);
  });
});
