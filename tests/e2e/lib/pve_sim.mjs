// Starts build/pve-sim as a separate process and reads the PROXMOX_* settings it prints.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { BUILD_DIR, cleanEnv } from './harness.mjs';

export const PVE_SIM = join(BUILD_DIR, 'pve-sim');

// Resolves { settings, auditor: {user, name, secret}, stop() } once the simulator listens.
export function startPveSim(args = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(PVE_SIM, args, { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`pve-sim did not start within 15 s\n${out}\n${err}`));
    }, 15000);
    child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pve-sim exited with ${code} before it was ready\n${err}`));
    });
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      if (!/^PVESIM_AUDITOR_TOKEN=.*\n/m.test(out)) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const settings = {};
      for (const line of out.split('\n')) {
        const eq = line.indexOf('=');
        if (eq > 0) settings[line.slice(0, eq)] = line.slice(eq + 1);
      }
      const auditorLine = settings.PVESIM_AUDITOR_TOKEN;  // user!name=secret
      delete settings.PVESIM_AUDITOR_TOKEN;
      const [tokenId, secret] = [auditorLine.slice(0, auditorLine.indexOf('=')),
                                 auditorLine.slice(auditorLine.indexOf('=') + 1)];
      const [user, name] = tokenId.split('!');
      resolve({
        settings,
        auditor: { user, name, secret },
        stop: () => new Promise((done) => {
          if (child.exitCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
      });
    });
  });
}
