// Over HTTPS, as on a real tablet: the relay serves TLS with a certificate made for this run,
// the service worker installs, the app reopens offline, and plain HTTP only redirects.
// Over plain http:// from another machine the app says it cannot work offline, and why.
import { test, expect } from './fixtures.mjs';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { chromium, targetDir, sparePort } from '../playwright.config.mjs';
import { addPartner, expectAccessible } from './helpers.mjs';

const root = new URL('../..', import.meta.url).pathname;
const server = join(targetDir, 'release/rapport-server');

// The certificate is self-signed, so Chromium is told to accept it; everything else about
// the secure context (service worker, storage, HSTS) is the real thing.
test.use({ launchOptions: { ...chromium, args: [...chromium.args, '--ignore-certificate-errors'] } });

/** Starts rapport-server with ARGS on a fresh data dir; resolves once it says it runs. */
async function start(args) {
  const data = mkdtempSync(join(tmpdir(), 'rapport-https-'));
  const child = spawn(server, ['--dist', join(root, 'dist'), '--data', data, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`rapport-server did not start:\n${output}`)), 20_000);
    const seen = (chunk) => {
      output += chunk;
      if (output.includes('is running at')) { clearTimeout(timer); resolve(); }
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`rapport-server exited ${code}:\n${output}`)); });
  });
  child.removeAllListeners('exit');
  const stop = async () => {
    const ended = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    child.kill('SIGTERM');
    const result = await ended;
    rmSync(data, { recursive: true, force: true });
    return result;
  };
  return { stop, output: () => output };
}

/** The certificate a TLS server presents, as PEM-free fingerprint. */
function presented(port) {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerX509Certificate().fingerprint256);
      socket.end();
    });
    socket.on('error', reject);
  });
}

test('over HTTPS the service worker installs and the app reopens offline', async ({ page, context }) => {
  const certs = mkdtempSync(join(tmpdir(), 'rapport-cert-'));
  execFileSync(join(targetDir, 'debug/test-cert'), [certs]);
  const port = sparePort(10);
  const redirectPort = sparePort(11);
  const relay = await start(['--port', String(port), '--http-port', String(redirectPort),
    '--tls-cert', join(certs, 'cert.pem'), '--tls-key', join(certs, 'key.pem')]);
  try {
    const base = `https://127.0.0.1:${port}`;
    expect(relay.output()).toContain(`Rapport is running at ${base}/`);
    const ours = new X509Certificate(readFileSync(join(certs, 'cert.pem'))).fingerprint256;
    expect(await presented(port)).toBe(ours);

    // Plain HTTP on the redirect port only sends people to HTTPS.
    const plain = await fetch(`http://127.0.0.1:${redirectPort}/partners?x=1`, { redirect: 'manual' });
    expect(plain.status).toBe(308);
    expect(plain.headers.get('location')).toBe(`https://127.0.0.1:${port}/partners?x=1`);

    const response = await page.goto(`${base}/`);
    expect(response.headers()['strict-transport-security']).toContain('max-age=');
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
    await addPartner(page, { name: 'Harbor View Hospital' });
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Harbor View Hospital' })).toBeVisible();
    await expect(page.getByText('Offline: saving on this tablet')).toBeVisible();
    await expect(page.getByText('This address is not secure')).toHaveCount(0);
    await context.setOffline(false);
  } finally {
    const { code, signal } = await relay.stop();
    rmSync(certs, { recursive: true, force: true });
    expect({ code, signal }, 'SIGTERM stops the relay cleanly').toEqual({ code: 0, signal: null });
  }
});

test('over plain http from another machine the app says what is wrong', async ({ page }) => {
  const lan = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
  test.skip(!lan, 'this machine has no non-loopback address to open the app from');
  const lanPort = sparePort(12);
  const refused = spawn(server, ['--bind', lan.address, '--port', String(lanPort), '--dist', join(root, 'dist')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let said = '';
  refused.stderr.on('data', (c) => { said += c; });
  const code = await new Promise((resolve) => refused.on('exit', resolve));
  expect(code, 'plain HTTP on the network is refused').not.toBe(0);
  expect(said).toContain('--behind-proxy');

  // Behind a proxy the relay speaks plain HTTP; reached directly, the page is not secure.
  const relay = await start(['--bind', lan.address, '--port', String(lanPort), '--behind-proxy', 'https://rapport.example.org']);
  try {
    await page.goto(`http://${lan.address}:${lanPort}/`);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
    await expect(page.getByRole('alert').filter({ hasText: 'This address is not secure' })).toBeVisible();
    await expect(page.getByText('Ask whoever runs your Rapport relay for its https:// address')).toBeVisible();
    await expectAccessible(page, 'the insecure-address notice');
  } finally {
    await relay.stop();
  }
});
