// Several clusters from one clusters file, through a real SDK v1 client: two pve-sim processes
// (a 3-node cluster and a standalone node, each with its own token), one of them named twice
// ("home" and "mirror": the same guests, so that only the cluster tells two calls apart).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { DemoSession } from './lib/demo_session.mjs';
import { SERVER, runProcess } from './lib/harness.mjs';
import { startPveSim } from './lib/pve_sim.mjs';

const bytes = (value) => Buffer.byteLength(JSON.stringify(value), 'utf8');

describe('several clusters (two pve-sim, PROXMOX_CLUSTERS)', () => {
  let small;
  let standalone;
  let dir;
  let session;
  let env;

  before(async () => {
    [small, standalone] = await Promise.all([startPveSim(), startPveSim(['--seed', 'standalone'])]);
    dir = mkdtempSync(join(tmpdir(), 'pmcp-clusters-'));
    const one = (sim) => `host = "${sim.settings.PROXMOX_HOST}"
port = ${sim.settings.PROXMOX_PORT}
fingerprint = "${sim.settings.PROXMOX_FINGERPRINT}"
`;
    writeFileSync(join(dir, 'lab.token'), `${standalone.settings.PROXMOX_TOKEN_VALUE}\n`);
    writeFileSync(join(dir, 'clusters.toml'), `# the clusters this server serves
[clusters.home]
${one(small)}token_value = "${small.settings.PROXMOX_TOKEN_VALUE}"
allow_elevated = true
api_allow = "POST /nodes/*/stopall"

[clusters.lab]
${one(standalone)}token_value_file = "lab.token"

[clusters.mirror]
${one(small)}token_value = "${small.settings.PROXMOX_TOKEN_VALUE}"
allow_elevated = true
api_allow = ["POST /nodes/*/stopall"]
`, { mode: 0o600 });  // it holds token values: others must not read it (or be warned)
    env = { PROXMOX_CLUSTERS: join(dir, 'clusters.toml'), PROXMOX_AUDIT_LOG: join(dir, 'audit.log') };
    session = await DemoSession.start(env, []);
  });
  after(async () => {
    await session?.close();
    await Promise.all([small?.stop(), standalone?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('every tool takes cluster, one of the names; the instructions say which is the default', () => {
    for (const tool of session.tools) {
      assert.deepEqual(tool.inputSchema.properties.cluster, { enum: ['home', 'lab', 'mirror'] },
                       tool.name);
    }
    assert.ok(session.tools.some((tool) => tool.name === 'proxmox_start_lxc'));  // home lists it
    const advertised = session.tools.map(({ name, description, inputSchema }) => (
      { name, description, inputSchema }));
    console.log(`context with 3 clusters: ${session.tools.length} tools, ${bytes(advertised)} ` +
                'bytes of name + description + inputSchema');
    assert.match(session.client.getInstructions(),
                 /^Tools for 3 Proxmox VE clusters: home \(the default\), lab, mirror\. Every tool takes cluster/);
    assert.match(session.client.getInstructions(),
                 /Elevated mode on home, mirror: tools can change the cluster;.* Basic mode on lab: tools that change things are refused there\.$/s);
  });

  test('a read reaches the cluster named, the first when none is', async () => {
    const home = await session.ok('proxmox_get_nodes', {});
    assert.deepEqual(home.structured.nodes.map((n) => n.node), ['pve1', 'pve2', 'pve3']);
    const lab = await session.ok('proxmox_get_nodes', { cluster: 'lab' });
    assert.deepEqual(lab.structured.nodes.map((n) => n.node), ['pve']);
    // VMID 100 is a guest of each cluster, and not the same guest.
    const web = await session.ok('proxmox_get_vm_status', { vmid: 100 });
    assert.equal(web.structured.name, 'web');
    const ha = await session.ok('proxmox_get_vm_status', { vmid: 100, cluster: 'lab' });
    assert.equal(ha.structured.name, 'homeassistant');
    assert.equal(ha.structured.node, 'pve');
  });

  test('names are a cluster\'s own; a refusal names the cluster and its table\'s key', async () => {
    await session.fails('proxmox_get_vm_status', { name: 'pihole', cluster: 'lab' },
                        /^Cluster lab: No guest is named 'pihole'/);
    await session.fails('proxmox_start_lxc', { vmid: 101, cluster: 'lab' },
                        /^Cluster lab: proxmox_start_lxc requires elevated mode: set allow_elevated = true in \[clusters\.lab\]/);
    const unknown = await session.client.callTool({
      name: 'proxmox_get_nodes', arguments: { cluster: 'prod' },
    });
    assert.equal(unknown.isError, true);
    assert.match(unknown.content[0].text, /'cluster' must be one of: home, lab, mirror/);
  });

  test('a write changes the cluster named, and the audit log records which', async () => {
    const started = await session.ok('proxmox_start_lxc', { name: 'pihole', cluster: 'home' });
    assert.match(started.structured.upid, /^UPID:pve2:/);
    const pihole = await session.ok('proxmox_get_vm_status', { vmid: 103, cluster: 'home' });
    assert.equal(pihole.structured.status, 'running');
    const adguard = await session.ok('proxmox_get_vm_status', { vmid: 101, cluster: 'lab' });
    assert.equal(adguard.structured.status, 'stopped');
    const lines = readFileSync(env.PROXMOX_AUDIT_LOG, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const start = lines.find((l) => l.event === 'start' && l.tool === 'proxmox_start_lxc' &&
                                    l.arguments.name === 'pihole');
    assert.equal(start.cluster, 'home');
    assert.ok(lines.some((l) => l.call === start.call && l.event === 'request' &&
                                l.path === '/nodes/pve2/lxc/103/status/start'));
  });

  test('a confirm token is good on the cluster it was issued for only', async () => {
    const asked = await session.call('proxmox_stop_vm', { vmid: 100, cluster: 'home' });
    assert.equal(asked.isError, true);
    assert.match(asked.text, /^Cluster home: .*Confirmation Needed/s);
    const token = /confirm: "([^"]+)"/.exec(asked.text)[1];
    // The same guest, digest and arguments, through the other name of the same cluster.
    const elsewhere = await session.call('proxmox_stop_vm', { vmid: 100, cluster: 'mirror', confirm: token });
    assert.equal(elsewhere.isError, true);
    assert.match(elsewhere.text, /^Cluster mirror: The confirm token does not fit this call/);
    const running = await session.ok('proxmox_get_vm_status', { vmid: 100 });
    assert.equal(running.structured.status, 'running');
    const stopped = await session.ok('proxmox_stop_vm', { vmid: 100, cluster: 'home', confirm: token });
    assert.equal(stopped.structured.exitstatus, 'OK');
    const after = await session.ok('proxmox_get_vm_status', { vmid: 100, cluster: 'mirror' });
    assert.equal(after.structured.status, 'stopped');
  });

  test('so is a confirm token for a request that names no guest', async () => {
    const request = { method: 'POST', path: '/nodes/pve2/stopall' };
    const asked = await session.call('proxmox_api_call', { ...request, cluster: 'home' });
    assert.match(asked.text, /^Cluster home: .*Confirmation Needed/s);
    const token = /confirm: "([^"]+)"/.exec(asked.text)[1];
    const elsewhere = await session.call('proxmox_api_call',
                                         { ...request, cluster: 'mirror', confirm: token });
    assert.equal(elsewhere.isError, true);
    assert.match(elsewhere.text, /^Cluster mirror: The confirm token does not fit this call/);
    const nextcloud = await session.ok('proxmox_get_vm_status', { vmid: 105 });
    assert.equal(nextcloud.structured.status, 'running');
  });

  test('doctor checks each cluster in turn', async () => {
    const run = await runProcess(SERVER, ['doctor'], { env: { ...env } });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^cluster home \(.*clusters\.toml\)\nok {4}configuration /);
    assert.match(run.stdout, /\n\ncluster lab \(.*\)\nok {4}configuration 127\.0\.0\.1:\d+, token root@pam!mcpserver, basic mode/);
    assert.match(run.stdout, /\n\ncluster mirror /);
  });
});
