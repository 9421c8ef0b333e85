// `npm start`: make sure what the service needs on this machine is present, then run it.
// - the embedded MongoDB-wire server's jars (only when MONGODB_URI is unset)
// - a built sidebar (mini-app/dist) when the sources exist but no build does
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

if (!process.env.MONGODB_URI) run('npx', ['tsx', 'scripts/mongo-server/install.ts']);
if (existsSync(path.join(root, 'mini-app/index.html')) && !existsSync(path.join(root, 'mini-app/dist/index.html'))) {
  console.log('building the sidebar (mini-app/dist)…');
  run('npm', ['run', '--silent', 'build:sidebar']);
}

const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
