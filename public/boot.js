// Starts the app. A file rather than an inline script, so the Content-Security-Policy can
// forbid inline scripts; build-app.sh fills in the hashed names.
import init from '/assets/{{JS}}';

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
