// tests/browser/lib/journey.mjs: what every browser journey (tests/browser/*.mjs) shares, once: the
// environment tests/browser/run gives (BASE_URL, OUT_DIR, PROFILE_DIR, CHROMIUM), the PASS/FAIL
// lines and the exit status, headless Chromium launched the same way (flags for running as root
// without a sandbox or background traffic; Vietnamese locale, Hanoi time), the probe that reports
// Content-Security-Policy violations of every page, the watcher of console errors, uncaught
// exceptions and server errors, and signing in as a demo user.
// It lives in lib/ because tests/browser/run runs every tests/browser/*.mjs as a journey.
import { chromium } from 'playwright-core';

export const BASE = process.env.BASE_URL;
export const OUT = process.env.OUT_DIR || '.';
export const PASSWORD = 'thidua-demo-2019';   // every demo user's (thidua init --demo)
export const launchArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function expect(cond, why) { if (!cond) throw new Error(why); }

// securitypolicyviolation events of every page and navigation, reported back through a binding
// (a console listener alone could miss them).
const cspProbe = () => {
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__thiduaCsp(`${location.pathname}: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
  });
};

// Starts a journey: a persistent Chromium context with the CSP probe, and its reporting.
//   prefix   put before every check's name ("award: " → "PASS browser: award: …")
//   profile  the profile folder (default PROFILE_DIR, which run makes per journey)
//   timeout  the default timeout of every wait, in ms
// Returns { pass, fail, check, context, problems, violations, watch, finish }:
//   check(name, fn)  runs fn; PASS when it resolves, FAIL with the error's message when it throws
//   watch(page, { ignoreConsole, serverErrors })  collects the page's console errors (but those
//        ignoreConsole(message, page) accepts), uncaught exceptions and, unless serverErrors is
//        false, replies of 500 and above, into problems; the journey's last check reads them
//   finish()  closes the browser and exits 1 if any check failed, else 0
export async function journey({ prefix = '', profile = process.env.PROFILE_DIR, timeout = 15000 } = {}) {
  let failures = 0;
  const pass = (name) => console.log(`PASS browser: ${prefix}${name}`);
  const fail = (name, why) => {
    failures++;
    console.log(`FAIL browser: ${prefix}${name}: ${String(why).replace(/\s+/g, ' ').slice(0, 400)}`);
  };
  const check = async (name, fn) => {
    try { await fn(); pass(name); } catch (e) { fail(name, e && e.message ? e.message : e); }
  };
  const problems = [], violations = [];
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: launchArgs,
    viewport: { width: 1280, height: 800 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  context.setDefaultTimeout(timeout);
  await context.exposeFunction('__thiduaCsp', (v) => violations.push(v));
  await context.addInitScript(cspProbe);
  const watch = (page, { ignoreConsole = () => false, serverErrors = true } = {}) => {
    page.on('console', (m) => {
      if (m.type() === 'error' && !ignoreConsole(m, page)) problems.push(`console error on ${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`uncaught exception on ${page.url()}: ${e.message}`));
    if (serverErrors) page.on('response', (r) => { if (r.status() >= 500) problems.push(`${r.status()} for ${r.url()}`); });
  };
  const finish = async () => {
    await context.close();
    process.exit(failures ? 1 : 0);
  };
  return { pass, fail, check, context, problems, violations, watch, finish };
}

// Signs in on /login as a demo user and waits for the home page. submit: 'enter' presses Enter in
// the password field (the keyboard path), 'button' clicks the form's button.
export async function signIn(page, login, { submit = 'enter' } = {}) {
  await page.goto(BASE + '/login');
  await page.fill('[name=login]', login);
  await page.fill('[name=password]', PASSWORD);
  const send = submit === 'button' ? page.locator('main button[type=submit]').click() : page.press('[name=password]', 'Enter');
  await Promise.all([page.waitForURL(BASE + '/'), send]);
}
