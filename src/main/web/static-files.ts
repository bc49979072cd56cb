// Serves the built renderer (out/renderer) to a browser, with the same Content-Security-Policy
// the page declares in its own <meta> tag, so the browser build runs under the desktop app's rules.
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

/** Used only when the built index.html carries no CSP of its own; mirrors src/renderer/index.html. */
const FALLBACK_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self' ws://127.0.0.1:*; object-src 'none'; base-uri 'none'; form-action 'none'";

/** Directives a <meta> CSP cannot carry (browsers ignore them there); the header adds them. */
const HEADER_ONLY = "frame-ancestors 'none'";

const MIME_TYPES: Record<string, string> = {
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
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** The CSP declared by the page itself (one source of truth), or the same policy spelled out here. */
export function rendererCsp(staticDir: string): string {
  const index = join(staticDir, 'index.html');
  if (!existsSync(index)) return FALLBACK_CSP;
  const match = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(readFileSync(index, 'utf8'));
  return match?.[1]?.replace(/\s+/g, ' ').trim() ?? FALLBACK_CSP;
}

export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': `${csp}; ${HEADER_ONLY}`,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/** Answers GET/HEAD for files under `staticDir`; paths without an extension get index.html. */
export function staticFileHandler(staticDir: string, headers: Record<string, string>) {
  const root = resolve(staticDir);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, headers, 'Method not allowed');
    const file = resolveFile(root, req.url ?? '/');
    if (!file) return reply(res, 404, headers, 'Not found');
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return reply(res, 404, headers, 'Not found');
    res.writeHead(200, {
      ...headers,
      'Content-Type': MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': String(info.size),
      'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'no-cache',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };
}

function resolveFile(root: string, url: string): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, 'http://127.0.0.1').pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const relative = pathname === '/' || extname(pathname) === '' ? 'index.html' : pathname.slice(1);
  const file = resolve(root, relative);
  return file.startsWith(root + sep) ? file : null;
}

function reply(res: ServerResponse, status: number, headers: Record<string, string>, text: string): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}
