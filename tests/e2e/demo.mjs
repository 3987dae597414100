// The guided demo behind `./run demo`: a real MCP client (@modelcontextprotocol/client) starts
// `proxmox-mcp --demo`, makes a few calls, prints each with its Markdown answer, and ends with
// the lines that register the server with Claude Code and Claude Desktop.
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

import { DEMO_ARGS, SERVER, cleanEnv, requireServer, textOf } from './lib/harness.mjs';

const STEPS = [
  { why: 'the cluster nodes (pve3 is offline in the simulated cluster)', tool: 'proxmox_get_nodes', args: {} },
  { why: 'every VM and container across the cluster', tool: 'proxmox_get_vms', args: {} },
  { why: 'one VM in detail', tool: 'proxmox_get_vm_status', args: { node: 'pve1', vmid: '100' } },
  { why: 'quorum and node health', tool: 'proxmox_get_cluster_status', args: {} },
];

// The binary's path as a shell word (quoted only when it needs to be).
const shellWord = (s) => (/^[A-Za-z0-9_./-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`);
const SERVER_WORD = shellWord(SERVER);

const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const rule = (title) => console.log(`\n${bold(`━━━ ${title} ${'━'.repeat(Math.max(3, 72 - title.length))}`)}`);

async function main() {
  requireServer();
  const client = new Client({ name: 'proxmox-mcp-demo', version: '1.0.0' },
                            { versionNegotiation: { mode: 'auto' } });
  await client.connect(new StdioClientTransport({
    command: SERVER, args: DEMO_ARGS, env: cleanEnv(), stderr: 'ignore',
  }));
  const server = client.getServerVersion();
  const { tools } = await client.listTools();
  console.log(bold('proxmox-mcp demo'));
  console.log(`Client:   @modelcontextprotocol/client (the official TypeScript SDK), over stdio`);
  console.log(`Server:   ${SERVER} ${DEMO_ARGS.join(' ')}`);
  console.log(`          (${server?.name} ${server?.version}, serving a simulated 3-node Proxmox VE cluster over pinned TLS)`);
  console.log(`Protocol: ${client.getNegotiatedProtocolVersion()} (${client.getProtocolEra()} era), ${tools.length} tools offered`);

  let failures = 0;
  for (const [i, step] of STEPS.entries()) {
    rule(`${i + 1}/${STEPS.length}  ${step.why}`);
    console.log(`→ tools/call ${step.tool} ${JSON.stringify(step.args)}\n`);
    const result = await client.callTool({ name: step.tool, arguments: step.args });
    if (result.isError) failures++;
    console.log(textOf(result));
  }
  await client.close();

  rule('use it with your assistant');
  console.log(`Claude Code, against the simulated cluster:

  claude mcp add proxmox-demo -- ${SERVER_WORD} --demo

Claude Code, against your Proxmox host (see README.md for the API token):

  claude mcp add proxmox \\
    -e PROXMOX_HOST=pve.example.com \\
    -e PROXMOX_USER=mcp@pve \\
    -e PROXMOX_TOKEN_NAME=mcpserver \\
    -e PROXMOX_TOKEN_VALUE=YOUR_TOKEN_SECRET \\
    -e PROXMOX_FINGERPRINT=YOUR_CERT_SHA256_FINGERPRINT \\
    -- ${SERVER_WORD}

Claude Desktop (claude_desktop_config.json; ~/.config/Claude/ on Linux,
~/Library/Application Support/Claude/ on macOS, %APPDATA%\\Claude\\ on Windows):
`);
  console.log(JSON.stringify({
    mcpServers: {
      proxmox: {
        command: SERVER,
        args: [],
        env: {
          PROXMOX_HOST: 'pve.example.com',
          PROXMOX_USER: 'mcp@pve',
          PROXMOX_TOKEN_NAME: 'mcpserver',
          PROXMOX_TOKEN_VALUE: 'YOUR_TOKEN_SECRET',
          PROXMOX_FINGERPRINT: 'YOUR_CERT_SHA256_FINGERPRINT',
        },
      },
      'proxmox-demo': { command: SERVER, args: ['--demo'] },
    },
  }, null, 2).replace(/^/gm, '  '));
  if (failures > 0) {
    console.error(`\n${failures} demo call(s) returned an error`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(`demo failed: ${error.stack ?? error}`);
  process.exit(1);
});
