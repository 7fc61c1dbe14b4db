// Rapport's service worker: precaches the app shell so the installed app opens with no network.
// The shell is every file in dist/assets, the lazy WebAssembly chunks of the screens after Today
// included, so each screen opens offline too (tests/e2e/lazy.spec.mjs).
// The build replaces the placeholders; a new build means a new version, a new cache, and the
// old cache deleted once the new worker takes over.
const VERSION = '__VERSION__';
const CACHE = 'rapport-shell-' + VERSION;
const PRECACHE = __PRECACHE__;
/** Pages the relay serves itself, not screens of the app. */
const SERVER_PAGES = ['/relay', '/healthz', '/metrics'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys
        .filter((key) => key.startsWith('rapport-shell-') && key !== CACHE)
        .map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  // Only the shell is ours to answer; sync traffic, the relay's own pages and other origins
  // go to the network (else an installed app would show its "Page not found" for /relay).
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (SERVER_PAGES.includes(url.pathname)) return;
  if (request.mode === 'navigate') {
    // Every screen is the same single page: answer from the cache, so it opens offline.
    event.respondWith(
      caches.open(CACHE)
        .then((cache) => cache.match('/index.html'))
        .then((cached) => cached || fetch(request)),
    );
    return;
  }
  event.respondWith(
    caches.open(CACHE)
      .then((cache) => cache.match(request))
      .then((cached) => cached || fetch(request)),
  );
});
