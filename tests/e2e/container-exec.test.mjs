// Container commands over SSH, through a real SDK v1 client: pve-sim serves SSH on each online
// node (its own host key each) and runs `pct exec` there in the node's running containers.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { DemoSession } from './lib/demo_session.mjs';
import { SERVER, runProcess } from './lib/harness.mjs';
import { startPveSim } from './lib/pve_sim.mjs';

const call = (id, name, args) => `${JSON.stringify({
  jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args },
})}\n`;

describe('container commands over SSH (pve-sim SSH nodes)', () => {
  let sim;
  let dir;
  let env;
  let session;
  let nodes;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pmcp-ssh-'));
    sim = await startPveSim(['--ssh-client-key-out', join(dir, 'key'),
                             '--ssh-known-hosts-out', join(dir, 'known_hosts')]);
    nodes = Object.fromEntries(sim.settings.PVESIM_SSH_NODES.split(',').map((n) => n.split('=')));
    const { PVESIM_SSH_NODES, ...settings } = sim.settings;
    env = {
      ...settings,
      PROXMOX_ALLOW_ELEVATED: 'true',
      PROXMOX_SSH_KEY: join(dir, 'key'),
      PROXMOX_SSH_KNOWN_HOSTS: join(dir, 'known_hosts'),
      PROXMOX_SSH_NODES: PVESIM_SSH_NODES,
      PROXMOX_EXEC_ALLOW: 'hostname, cat **, sleep *, yes, uname -a',
      PROXMOX_AUDIT_LOG: join(dir, 'audit.log'),
    };
    session = await DemoSession.start(env, []);
  });
  after(async () => {
    await session?.close();
    await sim?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const auditLines = () => readFileSync(env.PROXMOX_AUDIT_LOG, 'utf8').trim().split('\n')
    .map((line) => JSON.parse(line));

  test('a container found by name runs the command on its node; the audit log has it', async () => {
    const { structured, text } = await session.ok('proxmox_execute_lxc_command',
                                                  { name: 'docker', command: 'hostname' });
    assert.equal(structured.exit_code, 0);
    assert.equal(structured.stdout, 'docker\n');
    assert.equal(structured.node, 'pve1');
    assert.deepEqual(structured.argv, ['hostname']);
    assert.match(text, /^💻 \*\*Command Executed on CT 101/);
    const lines = auditLines();
    const request = lines.find((l) => l.event === 'request' && l.method === 'SSH');
    assert.equal(request.path, `root@${nodes.pve1} pct exec 101`);
    assert.deepEqual(request.params, { argv: 'hostname' });
    const reply = lines.find((l) => l.call === request.call && l.event === 'reply');
    assert.equal(reply.exit_code, 0);
  });

  test('output is streamed as progress', async () => {
    const { structured, progress } = await session.ok('proxmox_execute_lxc_command',
                                                      { vmid: 105, argv: ['cat', '/etc/os-release'] },
                                                      { progress: true });
    assert.equal(structured.node, 'pve2');  // 105 lives there: its node's SSH server answered
    assert.match(structured.stdout, /^PRETTY_NAME="Debian GNU\/Linux 12/);
    assert.ok(progress.some((p) => p.message === 'stdout: ID=debian'), JSON.stringify(progress));
  });

  test('a failing command is an error with its stderr and exit code', async () => {
    const { structured, text, isError } = await session.call('proxmox_execute_lxc_command',
                                                             { vmid: 101, argv: ['cat', '/nope'] });
    assert.equal(isError, true);
    assert.equal(structured.exit_code, 1);
    assert.equal(structured.stderr, 'cat: /nope: No such file or directory\n');
    assert.match(text, /^❌ \*\*Command Failed on CT 101/);
    await session.fails('proxmox_execute_lxc_command', { vmid: 103, command: 'hostname' },
                        /Exit Code\*\*: 255[\s\S]*container '103' not running!/);
    // The command's input is closed at once: a program that reads it does not wait out its time.
    const started = Date.now();
    const reader = await session.ok('proxmox_execute_lxc_command', { vmid: 101, argv: ['cat'] });
    assert.equal(reader.structured.exit_code, 0);
    assert.equal(reader.structured.stdout, '');
    assert.ok(Date.now() - started < 5000);
  });

  test('only allowed commands run', async () => {
    const before = auditLines().filter((l) => l.method === 'SSH').length;
    await session.fails('proxmox_execute_lxc_command', { vmid: 101, command: 'rm -rf /' },
                        /^This command is not among those PROXMOX_EXEC_ALLOW allows \('hostname', 'cat \*\*', 'sleep \*', 'yes', 'uname -a'\); nothing was run\./);
    await session.fails('proxmox_execute_lxc_command', { vmid: 101, command: 'uname' },
                        /not among those PROXMOX_EXEC_ALLOW allows/);
    // The list holds for a VM's guest agent too, and the generic API call cannot go around it.
    await session.fails('proxmox_execute_vm_command', { vmid: 100, command: 'rm -rf /' },
                        /not among those PROXMOX_EXEC_ALLOW allows/);
    await session.fails('proxmox_api_call', {
      method: 'POST', path: '/nodes/pve1/qemu/100/agent/exec', params: { command: 'reboot' },
    }, /acts inside a VM through its guest agent, and PROXMOX_EXEC_ALLOW limits what may run there: run commands with proxmox_execute_vm_command/);
    assert.equal(auditLines().filter((l) => l.method === 'SSH').length, before);
  });

  test('a command past its timeout, or flooding its output, is stopped', async () => {
    const started = Date.now();
    const slow = await session.call('proxmox_execute_lxc_command',
                                    { vmid: 101, command: 'sleep 30', timeout: 1 });
    assert.ok(Date.now() - started < 10000);
    assert.equal(slow.isError, true);
    assert.equal(slow.structured.timed_out, true);
    assert.equal(slow.structured.exited, false);
    assert.match(slow.text, /Stopped\*\*: ⏹️ it ran longer than timeout \(1s\)/);
    assert.equal(slow.structured.signal, undefined);  // the node's timeout ended it (124)
    const flood = await session.call('proxmox_execute_lxc_command', { vmid: 101, command: 'yes' });
    assert.equal(flood.structured.output_limit, true);
    assert.equal(flood.structured.stdout_truncated, true);
    assert.equal(flood.structured.stdout.length, 64 * 1024);
  });

  test('a dry run says what would run and runs nothing', async () => {
    const sent = () => auditLines().filter((l) => l.event === 'request').length;
    const before = sent();
    const { text } = await session.ok('proxmox_execute_lxc_command',
                                      { vmid: 101, command: 'hostname', dry_run: true });
    assert.ok(text.includes(`• Would Send: \`SSH root@${nodes.pve1} pct exec 101\``), text);
    assert.equal(sent(), before);  // the call is on record, as a call that sent nothing
  });

  test('a node whose host key is not the pinned one is refused before anything runs', async () => {
    const wrong = join(dir, 'wrong_known_hosts');
    // Each node's line under the other node's address: a key, but not this node's.
    const [first, second] = readFileSync(env.PROXMOX_SSH_KNOWN_HOSTS, 'utf8').trim().split('\n');
    writeFileSync(wrong, `${first.split(' ')[0]} ${second.split(' ').slice(1).join(' ')}\n`);
    const run = await runProcess(SERVER, [], {
      input: call(1, 'proxmox_execute_lxc_command', { vmid: 101, command: 'hostname' }) +
             call(2, 'proxmox_execute_lxc_command', { vmid: 105, command: 'hostname' }),
      env: { ...env, PROXMOX_SSH_KNOWN_HOSTS: wrong },
    });
    const byId = Object.fromEntries(run.stdout.trim().split('\n').map((l) => JSON.parse(l))
      .map((m) => [m.id, m.result]));
    assert.equal(byId[1].isError, true);
    assert.match(byId[1].content[0].text,
                 /the SSH host key of \[127\.0\.0\.1\]:\d+ \(SHA256:[A-Za-z0-9+/]+\) is not the one .*wrong_known_hosts holds for it: refused/);
    assert.match(byId[2].content[0].text, /\[127\.0\.0\.1\]:\d+ is not in .*wrong_known_hosts: its SSH host key is SHA256:/);
  });

  test('only the given known_hosts counts: not ~/.ssh/known_hosts, not ~/.ssh/config', async () => {
    const home = join(dir, 'home');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    // The right keys where OpenSSH would look, a wrong one in the file the server is given.
    writeFileSync(join(home, '.ssh', 'known_hosts'), readFileSync(env.PROXMOX_SSH_KNOWN_HOSTS));
    writeFileSync(join(home, '.ssh', 'config'), 'Host *\n  StrictHostKeyChecking no\n');
    const empty = join(dir, 'empty_known_hosts');
    writeFileSync(empty, '# no host\n');
    const run = await runProcess(SERVER, [], {
      input: call(1, 'proxmox_execute_lxc_command', { vmid: 101, command: 'hostname' }),
      env: { ...env, HOME: home, PROXMOX_SSH_KNOWN_HOSTS: empty },
    });
    const answer = JSON.parse(run.stdout.trim()).result;
    assert.equal(answer.isError, true);
    assert.match(answer.content[0].text, /is not in .*empty_known_hosts: its SSH host key is SHA256:/);
  });

  test('without PROXMOX_SSH_NODES a node is reached at the address /cluster/status lists', async () => {
    const { PROXMOX_SSH_NODES, ...rest } = env;
    const run = await runProcess(SERVER, [], {
      input: call(1, 'proxmox_execute_lxc_command', { vmid: 101, command: 'hostname' }),
      env: { ...rest, PROXMOX_CONNECT_TIMEOUT: '1' },
    });
    const answer = JSON.parse(run.stdout.trim()).result;
    assert.equal(answer.isError, true);
    const status = await session.ok('proxmox_api_call', { method: 'GET', path: '/cluster/status' });
    const ip = status.structured.data.find((e) => e.type === 'node' && e.name === 'pve1').ip;
    assert.ok(answer.content[0].text.includes(`root@${ip}:22`), answer.content[0].text);
  });

  test('doctor reaches each online node as container commands do', async () => {
    const run = await runProcess(SERVER, ['doctor'], { env });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, new RegExp(`\nok    ssh +node pve1: root@${nodes.pve1}, host key pinned, key accepted\n`));
    assert.match(run.stdout, new RegExp(`\nok    ssh +node pve2: root@${nodes.pve2}, host key pinned, key accepted\n`));
    assert.match(run.stdout, /\nwarn  ssh +node pve3 is offline: not checked\n/);
  });

  test('without the SSH settings the tool is not offered, and says what it needs', async () => {
    const { PROXMOX_SSH_KEY, PROXMOX_SSH_KNOWN_HOSTS, PROXMOX_SSH_NODES, ...rest } = env;
    const run = await runProcess(SERVER, [], {
      input: `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' })}\n` +
             call(2, 'proxmox_execute_lxc_command', { vmid: 101, command: 'hostname' }),
      env: rest,
    });
    const [list, answer] = run.stdout.trim().split('\n').map((l) => JSON.parse(l))
      .sort((a, b) => a.id - b.id);
    assert.ok(!list.result.tools.some((t) => t.name === 'proxmox_execute_lxc_command'));
    assert.equal(answer.result.isError, true);
    assert.match(answer.result.content[0].text, /^Container commands are not set up on this server/);
  });
});
