// Starts the app. A file rather than an inline script, so the Content-Security-Policy can
// forbid inline scripts; build-app.sh fills in the hashed names.
import init from '/assets/{{JS}}';

// Chromium's install offer can arrive before the app has started, and comes once: keep it for
// Rapport's own quiet "Install Rapport on this tablet" (app/src/components/install.rs), which
// hears of every change through a rapport-install-change event.
window.rapportInstall = {
  prompt: null,
  installed: matchMedia('(display-mode: standalone)').matches || navigator.standalone === true,
};
const installChanged = () => window.dispatchEvent(new Event('rapport-install-change'));
window.addEventListener('beforeinstallprompt', (event) => {
  event.preventDefault();
  window.rapportInstall.prompt = event;
  installChanged();
});
window.addEventListener('appinstalled', () => {
  Object.assign(window.rapportInstall, { prompt: null, installed: true });
  installChanged();
});

init({ module_or_path: '/assets/{{WASM}}' }).then((wasm) => {
  // The benchmark reads the app's linear memory size from here.
  window.rapportMemory = wasm.memory;
}).catch((e) => {
  const alert = document.createElement('p');
  alert.setAttribute('role', 'alert');
  alert.className = 'boot-failed';
  alert.textContent = 'Rapport could not start in this browser. Reload the page; if it keeps ' +
    'happening, update the browser. (' + String(e) + ')';
  document.body.append(alert);
});
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch((e) => console.warn('offline support unavailable', e));
}
