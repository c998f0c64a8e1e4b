// embed.js: the one tag a host page needs. It defines <promoter-onboarding>, and loads the app's
// code only when such an element is connected. Each element holds its own app, in its own shadow
// root: the host's styles do not reach the form, and the form's do not reach the host.
//
// The build (xtask/src/embed.rs) fills in the app's files and their integrity, and minifies this.
// Keep it small: the size report holds it to 3 kB brotli.

const here = import.meta.url;
const at = (file) => new URL(file, here).href;
const APP = '__APP_JS__';
const WASM = '__APP_WASM__';
const LOADER = '__APP_LOADER__';
const CSS = '__APP_CSS__';
// [file, integrity] of the modules the app imports, preloaded with their hashes checked.
const MODULES = [
  [APP, '__APP_JS_SRI__'],
  [LOADER, '__APP_LOADER_SRI__'],
];

let started;
// The app's module, fetched and started once for every element of the page.
const start = () =>
  (started ??= (async () => {
    for (const [file, integrity] of MODULES) {
      const link = document.createElement('link');
      Object.assign(link, { rel: 'modulepreload', href: at(file), integrity, crossOrigin: 'anonymous' });
      document.head.append(link);
    }
    const app = await import(at(APP));
    await app.default({ module_or_path: fetch(at(WASM), { integrity: '__APP_WASM_SRI__' }) });
    return app;
  })().catch((error) => {
    started = undefined;
    throw error;
  }));

class PromoterOnboarding extends HTMLElement {
  connectedCallback() {
    if (this.app) return;
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    const style = document.createElement('link');
    Object.assign(style, { rel: 'stylesheet', href: at(CSS), integrity: '__APP_CSS_SRI__', crossOrigin: 'anonymous' });
    const root = document.createElement('div');
    root.className = 'onboarding-app';
    root.innerHTML = '<p class="shell" role="status">Loading… 正在加载… 載入中…</p>';
    shadow.replaceChildren(style, root);
    const mounted = (this.app = start().then(
      (app) => this.app === mounted && { app, id: app.mountElement(this, root, new URL(here).origin) },
      (error) => {
        if (this.app !== mounted) return;
        this.app = undefined;
        root.innerHTML =
          '<p class="error-banner" role="alert">This form could not be loaded. Check your connection, then try again. ' +
          '<span lang="zh-CN">表单未能加载，请检查网络连接，然后重试。</span>' +
          '<span lang="zh-Hant">表單未能載入，請檢查網絡連接，然後重試。</span></p>';
        this.dispatchEvent(
          new CustomEvent('onboarding:error', {
            bubbles: true,
            composed: true,
            detail: { version: 1, code: 'load_failed', retryable: true },
          }),
        );
        console.error(error);
      },
    ));
  }

  disconnectedCallback() {
    const mounted = this.app;
    this.app = undefined;
    mounted?.then((m) => m && m.app.unmountElement(m.id));
  }
}

customElements.get('promoter-onboarding') || customElements.define('promoter-onboarding', PromoterOnboarding);
