// The example host's script: it lists every event its <promoter-onboarding> elements send, and
// keeps them in `window.onboardingEvents` with any Content-Security-Policy violation in
// `window.cspViolations` (the end-to-end tests read both).
const TYPES = ['ready', 'step', 'draft-saved', 'submitted', 'status', 'exit', 'error', 'session-expiring'];

window.onboardingEvents = [];
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
});

const list = document.getElementById('events');
for (const type of TYPES) {
  // The events bubble out of the element's shadow root to the document.
  document.addEventListener(`onboarding:${type}`, (event) => {
    const entry = { type: event.type, element: event.target.id, detail: event.detail };
    window.onboardingEvents.push(entry);
    if (list) {
      const item = document.createElement('li');
      item.textContent = `#${entry.element} ${entry.type} ${JSON.stringify(entry.detail)}`;
      list.append(item);
    }
  });
}
