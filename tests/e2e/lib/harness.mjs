// Shared facts for the end-to-end tests: where the binary is, how to start it, how to read results.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const BUILD_DIR = process.env.PMCP_BUILD_DIR ?? join(REPO_ROOT, 'build');
export const SERVER = join(BUILD_DIR, 'proxmox-mcp');
export const DEMO_ARGS = ['--demo'];
export const E2E_DIR = join(REPO_ROOT, 'tests', 'e2e');
export const INSPECTOR = join(E2E_DIR, 'node_modules', '.bin', 'mcp-inspector');

export function requireServer() {
  assert.ok(existsSync(SERVER), `${SERVER} is missing: run ./run build first`);
}

// The environment a spawned server gets: the caller's minus every PROXMOX_* and MCP_* variable,
// so a developer's real credentials never leak into a test (and never change its outcome).
export function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('PROXMOX_') && !key.startsWith('MCP_')) env[key] = value;
  }
  return { ...env, ...extra };
}

// All text content of a CallToolResult, joined.
export function textOf(result) {
  assert.ok(Array.isArray(result.content), 'result has a content array');
  return result.content
    .filter((c) => c.type === 'text')
    .map((c) => c.text)
    .join('\n');
}

// Runs a process to completion, feeding `input` on stdin; resolves {code, signal, stdout, stderr}.
export function runProcess(command, args, { input = '', env = cleanEnv(), cwd, timeoutMs = 30000 } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${timeoutMs} ms\n` +
                       `stdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
    child.stdin.on('error', () => {});  // the server may exit before reading everything
    child.stdin.end(input);
  });
}

// Every stdout line of a stdio server must be one JSON-RPC message.
export function parseLines(stdout) {
  return stdout.split('\n').filter((l) => l.length > 0).map((line) => {
    try {
      return JSON.parse(line);
    } catch {
      assert.fail(`stdout line is not JSON: ${line}`);
    }
  });
}

// Starts `proxmox-mcp --demo --http 127.0.0.1:0 ...args` and resolves once it listens:
// { url, child, stderr() , stop() } where stop() sends SIGTERM and resolves the exit code.
export function startHttpServer(args = [], env = {}) {
  requireServer();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(SERVER, [...DEMO_ARGS, '--http', '127.0.0.1:0', ...args],
                        { env: cleanEnv(env), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let url;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start listening:\n${stderr}`));
    }, 20000);
    child.stderr.setEncoding('utf8').on('data', (d) => {
      stderr += d;
      const m = /listening on (https?:\/\/\S+\/mcp)/.exec(stderr);
      if (m && !url) {
        url = m[1];
        clearTimeout(timer);
        const exited = new Promise((r) => child.on('close', (code, signal) => r({ code, signal })));
        resolvePromise({
          url,
          child,
          stderr: () => stderr,
          exited,
          async stop() {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (!url) reject(new Error(`the server exited with ${code} before listening:\n${stderr}`));
    });
  });
}
