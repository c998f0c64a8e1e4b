// embed.js: the one tag a host page needs. It defines <promoter-onboarding>, and loads the app's
// code only when such an element is connected. Inline (the default), each element holds its own
// app in its own shadow root: the host's styles do not reach the form, nor the form's the host.
// With mode="frame", the element holds an iframe of the app's own page instead, and talks to it
// with postMessage to the app's origin alone (the protocol is the domain's `events::frame`).
//
// The build (xtask/src/embed.rs) fills in the app's files, their integrity and the theme's
// properties, and minifies this. Keep it small: the size report holds it to 3 kB brotli.

const here = import.meta.url;
const origin = new URL(here).origin;
const at = (file) => new URL(file, here).href;
const APP = '__APP_JS__';
const THEME = __THEME_PROPERTIES__;
const SOURCE = 'promoter-onboarding';
// [file, integrity] of the modules the app imports, preloaded with their hashes checked.
const MODULES = [
  [APP, '__APP_JS_SRI__'],
  ['__APP_LOADER__', '__APP_LOADER_SRI__'],
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
    await app.default({ module_or_path: fetch(at('__APP_WASM__'), { integrity: '__APP_WASM_SRI__' }) });
    return app;
  })().catch((error) => {
    started = undefined;
    throw error;
  }));

class PromoterOnboarding extends HTMLElement {
  static observedAttributes = ['session-token'];

  // A renewed session from the host: inline, the app is told to read the attribute; in a frame,
  // the token is handed over (once the frame has said hello).
  attributeChangedCallback(name, before, token) {
    if (token) this.renew?.();
  }

  connectedCallback() {
    if (this.app) return;
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    if (this.getAttribute('mode') === 'frame') return this.frame(shadow);
    const style = document.createElement('link');
    Object.assign(style, { rel: 'stylesheet', href: at('__APP_CSS__'), integrity: '__APP_CSS_SRI__', crossOrigin: 'anonymous' });
    // The app starts once its styles are in: no unstyled flash, and its theme check sees them.
    const styled = new Promise((resolve) => (style.onload = style.onerror = resolve));
    const root = document.createElement('div');
    root.className = 'onboarding-app';
    root.innerHTML = '<p class="shell" role="status">Loading… 正在加载… 載入中…</p>';
    shadow.replaceChildren(style, root);
    this.renew = () => root.dispatchEvent(new Event('onboarding-token'));
    const mounted = (this.app = Promise.all([start(), styled]).then(
      ([app]) => {
        if (this.app !== mounted) return;
        const id = app.mountElement(this, root, origin);
        return () => app.unmountElement(id);
      },
      (error) => {
        if (this.app !== mounted) return;
        this.app = undefined;
        root.innerHTML =
          '<p class="error-banner" role="alert">This form could not be loaded. Check your connection, then try again. ' +
          '<span lang="zh-CN">表单未能加载，请检查网络连接，然后重试。</span>' +
          '<span lang="zh-Hant">表單未能載入，請檢查網絡連接，然後重試。</span></p>';
        this.emit('onboarding:error', { version: 1, code: 'load_failed', retryable: true });
        console.error(error);
      },
    ));
  }

  // The app's own page in an iframe, sized to its content; its events dispatched here.
  frame(shadow) {
    const frame = document.createElement('iframe');
    const src = new URL('/', here);
    // Back from the trip to WeChat a frame sent this page on: the new frame takes it from its
    // sign-in page, and the page's address is as it was.
    const page = new URL(location.href);
    const outcome = page.searchParams.get('wechat_sign_in');
    if (outcome) {
      src.pathname = '/sign-in';
      src.searchParams.set('wechat_sign_in', outcome);
      page.searchParams.delete('wechat_sign_in');
      history.replaceState(history.state, '', page.href);
    }
    src.searchParams.set('onboarding-frame', location.origin);
    if (this.lang) src.searchParams.set('onboarding-lang', this.lang);
    Object.assign(frame, { src: src.href, title: this.title || 'Promoter onboarding', allow: 'camera' });
    frame.style.cssText = 'display:block;width:100%;height:0;border:0';
    const post = (type, fields) => frame.contentWindow.postMessage({ source: SOURCE, type, ...fields }, origin);
    const listen = ({ source, origin: from, data }) => {
      if (source !== frame.contentWindow || from !== origin || data?.source !== SOURCE) return;
      if (data.type === 'hello') {
        const computed = getComputedStyle(this);
        const theme = Object.fromEntries(THEME.map((p) => [p, computed.getPropertyValue(p).trim()]).filter(([, v]) => v));
        post('init', { session_token: this.token(), theme, page: location.href });
        this.renew = () => post('session', { session_token: this.token() });
      } else if (data.type === 'height') frame.style.height = `${data.height}px`;
      else if (data.type === 'event') this.emit(data.name, data.detail);
      else if (data.type === 'navigate' && `${data.url}`.startsWith(`${origin}/`)) location.assign(data.url);
    };
    addEventListener('message', listen);
    shadow.replaceChildren(frame);
    this.app = Promise.resolve(() => removeEventListener('message', listen));
  }

  // A start token, taken once: the element keeps no credential after handing it over.
  token() {
    const token = this.getAttribute('session-token');
    this.removeAttribute('session-token');
    return token;
  }

  emit(name, detail) {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, detail }));
  }

  disconnectedCallback() {
    const mounted = this.app;
    this.app = this.renew = undefined;
    this.shadowRoot?.replaceChildren();
    mounted?.then((stop) => stop && stop());
  }
}

customElements.get(SOURCE) || customElements.define(SOURCE, PromoterOnboarding);
