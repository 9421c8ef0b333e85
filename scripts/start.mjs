// `npm start`: make sure what the service needs on this machine is present, then run it — in this
// very process. npm's SIGTERM/SIGINT (and a signal to the process group) must reach the service
// itself: a child service outlived npm when npm was stopped, kept serving and held the H2 file lock.
// - the embedded MongoDB-wire server's jars (only when MONGODB_URI is unset)
// - a built sidebar (mini-app/dist) when the sources exist but no build does
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
register();

// package.json's `exec` makes this process npm's direct child, so npm's SIGTERM lands here. Should
// npm still disappear without passing a signal on (SIGKILL, an older npm, a shell that does not
// exec), do not live on as an orphan holding the port and the data file: stop as on SIGTERM.
if (process.env.npm_lifecycle_event === 'start') {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
  }, 1_000).unref();
}

if (!process.env.MONGODB_URI) {
  const { ensureMongoWireServerInstalled } = await import('../src/db/mongo-wire-server.ts');
  ensureMongoWireServerInstalled((line) => console.log(line));
}
if (existsSync(path.join(root, 'mini-app/index.html')) && !existsSync(path.join(root, 'mini-app/dist/index.html'))) {
  console.log('building the sidebar (mini-app/dist)…');
  const result = spawnSync('npm', ['run', '--silent', 'build:sidebar'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

await import('../src/main.ts');
