import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { NotFound, Unavailable } from '../../errors.js';
import type { AppContext } from '../../http/app-context.js';
import type { AppModule } from '../../app/app-module.js';

const DEFAULT_DIST = fileURLToPath(new URL('../../../mini-app/dist', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE: readonly string[] = ['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt'];

// Vite names every built asset by content hash: a URL never changes meaning, so it may be cached for good.
const IMMUTABLE = 'public, max-age=31536000, immutable';
// HTML names the current hashes: always revalidated (cheap, by ETag) so a deploy shows up at once.
const REVALIDATE = 'no-cache';
// The page only talks to its own origin; Vant sets inline styles; avatars come from WeCom's CDN.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
  // The sidebar runs framed inside WeCom's and DingTalk's clients (desktop and web); nobody else may frame it.
  "frame-ancestors 'self' https://*.work.weixin.qq.com https://*.weixin.qq.com https://*.dingtalk.com",
].join('; ');

interface CachedFile {
  mtimeMs: number;
  size: number;
  body: Buffer;
  gzipped: Buffer | null;
  etag: string;
}

export interface SidebarStaticOptions {
  /** The Vite output directory; default `mini-app/dist` of this checkout. */
  distDir?: string;
}

/**
 * Serves the built sidebar (and the dashboard page of the same build) under /sidebar/:
 * hashed assets immutable, HTML revalidated, client-side routes fall back to index.html.
 * Files are read once per change and kept gzipped in memory — the build is a few hundred KB.
 */
export function createSidebarStaticModule(options: SidebarStaticOptions = {}): AppModule {
  const root = path.resolve(options.distDir ?? DEFAULT_DIST);
  return {
    name: 'sidebar-static',
    setup(_deps, router) {
      // One file cache per service instance.
      const serve = createSidebarServer(root);
      router.get('/sidebar', async (ctx, next) => {
        // The router matches `/sidebar/` here too (non-strict trailing slash).
        if (ctx.path !== '/sidebar') return next();
        ctx.status = 301;
        ctx.redirect(`/sidebar/${ctx.querystring ? `?${ctx.querystring}` : ''}`);
      });
      router.get('/sidebar/{*rest}', async (ctx) => {
        // The raw path, decoded exactly once here (router params are already decoded).
        await serve(ctx, ctx.path.slice('/sidebar/'.length));
      });
    },
  };
}

/** Serves files of the build directory `root` to `/sidebar/<rest>`, keeping them (and their gzip) in memory. */
function createSidebarServer(root: string): (ctx: AppContext, rest: string) => Promise<void> {
  const cache = new Map<string, CachedFile>();

  async function load(file: string): Promise<CachedFile | null> {
    let info;
    try {
      info = await stat(file);
    } catch {
      return null;
    }
    if (!info.isFile()) return null;
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) return hit;
    const body = await readFile(file);
    const ext = path.extname(file);
    const entry: CachedFile = {
      mtimeMs: info.mtimeMs,
      size: info.size,
      body,
      gzipped: COMPRESSIBLE.includes(ext) && body.length > 1024 ? gzipSync(body, { level: 9 }) : null,
      // Weak: the gzip and identity encodings of one file share it.
      etag: `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`,
    };
    cache.set(file, entry);
    return entry;
  }

  /** The file a request path names, or null when it would leave the build directory. */
  function resolveInside(rest: string): string | null {
    let decoded: string;
    try {
      decoded = decodeURIComponent(rest);
    } catch {
      return null;
    }
    if (decoded.includes('\0')) return null;
    // Dot-files and dot-directories (e.g. Vite's .vite/manifest.json) are build metadata, not pages.
    if (decoded.split('/').some((segment) => segment.startsWith('.'))) return null;
    const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
    return file === root || file.startsWith(root + path.sep) ? file : null;
  }

  async function send(ctx: AppContext, file: string, entry: CachedFile, cacheControl: string): Promise<void> {
    const ext = path.extname(file);
    ctx.set('Cache-Control', cacheControl);
    ctx.set('ETag', entry.etag);
    ctx.set('Vary', 'Accept-Encoding');
    if (ext === '.html') {
      ctx.set('Content-Security-Policy', CSP);
      ctx.set('Referrer-Policy', 'same-origin');
    }
    ctx.type = TYPES[ext] ?? 'application/octet-stream';
    ctx.status = 200;
    if (ctx.fresh) {
      ctx.status = 304;
      return;
    }
    if (entry.gzipped && ctx.acceptsEncodings('gzip', 'identity') === 'gzip') {
      ctx.set('Content-Encoding', 'gzip');
      ctx.body = entry.gzipped;
    } else {
      ctx.body = entry.body;
    }
  }

  async function serve(ctx: AppContext, rest: string): Promise<void> {
    const index = path.join(root, 'index.html');
    const file = rest === '' ? index : resolveInside(rest);
    if (!file) throw new NotFound('file');
    const entry = await load(file);
    if (entry) {
      const hashed = file.startsWith(path.join(root, 'assets') + path.sep);
      await send(ctx, file, entry, hashed ? IMMUTABLE : REVALIDATE);
      return;
    }
    const indexEntry = file === index ? null : await load(index);
    if (!indexEntry && !existsSync(index)) throw new Unavailable('the sidebar is not built: run `npm run build:sidebar`');
    // A missing asset is a 404 (never HTML served as JavaScript); anything else is a client-side route.
    if (path.extname(file) !== '' || !indexEntry) throw new NotFound('file');
    await send(ctx, index, indexEntry, REVALIDATE);
  }

  return serve;
}

export const sidebarStaticModule = createSidebarStaticModule();
