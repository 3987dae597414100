// Prompts, resources and completions against `proxmox-mcp --demo` (basic mode, "small" seed):
// the same checks for every client and transport.
import assert from 'node:assert/strict';
import { test } from 'node:test';

export function offeringTests(client) {
  test('prompts/list offers the prompts whose tools basic mode lists', async () => {
    const { prompts } = await client().listPrompts();
    // provision_guest needs the create tools of elevated mode.
    assert.deepEqual(prompts.map((p) => p.name), ['cluster_health_check', 'diagnose_permissions']);
    assert.deepEqual(prompts[1].arguments.map((a) => [a.name, a.required]),
                     [['action', true], ['path', false]]);
  });

  test('prompts/get renders its arguments into the message', async () => {
    const { messages } = await client().getPrompt({ name: 'cluster_health_check', arguments: { node: 'pve2' } });
    assert.equal(messages.length, 1);
    assert.equal(messages[0].role, 'user');
    assert.match(messages[0].content.text, /^Run a health check of node pve2 /);
    assert.match(messages[0].content.text, /proxmox_list_tasks with errors=true/);
  });

  test('resources/list and resources/templates/list', async () => {
    const { resources } = await client().listResources();
    assert.deepEqual(resources.map((r) => r.uri),
                     ['proxmox://cluster', 'proxmox://nodes', 'proxmox://guests', 'proxmox://storage']);
    const { resourceTemplates } = await client().listResourceTemplates();
    assert.deepEqual(resourceTemplates.map((r) => r.uriTemplate), [
      'proxmox://nodes/{node}', 'proxmox://nodes/{node}/guests', 'proxmox://nodes/{node}/storage',
      'proxmox://nodes/{node}/qemu/{vmid}', 'proxmox://nodes/{node}/lxc/{vmid}']);
  });

  test('resources/read answers what the tool of the same data answers', async () => {
    const nodes = await client().readResource({ uri: 'proxmox://nodes' });
    assert.equal(nodes.contents.length, 1);
    assert.equal(nodes.contents[0].mimeType, 'text/markdown');
    assert.match(nodes.contents[0].text, /🟢 \*\*pve1\*\*\n\s+• Status: online/);
    assert.match(nodes.contents[0].text, /🔴 \*\*pve3\*\*\n\s+• Status: offline/);
    const vm = await client().readResource({ uri: 'proxmox://nodes/pve1/qemu/100' });
    assert.equal(vm.contents[0].uri, 'proxmox://nodes/pve1/qemu/100');
    assert.match(vm.contents[0].text, /^🟢 🖥️ \*\*web\*\* \(ID: 100\)/);
  });

  test('resources/read of nothing is -32602 naming the URI; a Proxmox refusal is the tool\'s error', async () => {
    await assert.rejects(client().readResource({ uri: 'proxmox://nowhere' }),
                         (e) => e.code === -32602 && /Resource not found: proxmox:\/\/nowhere/.test(e.message));
    await assert.rejects(client().readResource({ uri: 'proxmox://nodes/pve1/qemu/999' }),
                         (e) => e.code === -32603 && /999/.test(e.message));
  });

  test('completion/complete offers nodes and the VMIDs of a node, for templates and prompts', async () => {
    const nodes = await client().complete({ ref: { type: 'ref/resource', uri: 'proxmox://nodes/{node}' },
                                            argument: { name: 'node', value: 'pve' } });
    assert.deepEqual(nodes.completion.values, ['pve1', 'pve2', 'pve3']);
    const vmids = await client().complete({ ref: { type: 'ref/resource', uri: 'proxmox://nodes/{node}/qemu/{vmid}' },
                                            argument: { name: 'vmid', value: '10' },
                                            context: { arguments: { node: 'pve1' } } });
    assert.ok(vmids.completion.values.includes('100'), JSON.stringify(vmids.completion));
    assert.ok(vmids.completion.values.every((v) => v.startsWith('10')));
    const viaPrompt = await client().complete({ ref: { type: 'ref/prompt', name: 'cluster_health_check' },
                                                argument: { name: 'node', value: 'pve2' } });
    assert.deepEqual(viaPrompt.completion.values, ['pve2']);
  });
}
