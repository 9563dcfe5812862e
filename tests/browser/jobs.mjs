// tests/browser/jobs.mjs: the journey of background jobs and settings in headless Chromium, run
// by tests/browser/run against its demo server (a live `thidua serve`, so jobs run in the
// background). An administrator imports a unit file larger than import.job_threshold_lines from
// the import page, lands on the job's page, which refreshes itself (meta refresh, no script)
// until the job is done and offers the report to download; the job is in /jobs. The settings
// page: the place name on documents changed by keyboard, saved, shown. At phone width the job page
// does not scroll sideways. Throughout: no console errors, no CSP violations.
// Prints `PASS browser: …` / `FAIL browser: …` like test.mjs.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const BASE = process.env.BASE_URL;
const OUT = process.env.OUT_DIR || '.';
const PASSWORD = 'thidua-demo-2019';
let failures = 0;

function pass(name) { console.log(`PASS browser: ${name}`); }
function fail(name, why) { failures++; console.log(`FAIL browser: ${name}: ${String(why).replace(/\s+/g, ' ').slice(0, 400)}`); }
async function check(name, fn) {
  try { await fn(); pass(name); } catch (e) { fail(name, e && e.message ? e.message : e); }
}
function expect(cond, why) { if (!cond) throw new Error(why); }

const problems = [];
const violations = [];
const context = await chromium.launchPersistentContext(process.env.PROFILE_DIR, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 800 },
  locale: 'vi-VN',
  timezoneId: 'Asia/Ho_Chi_Minh',
});
context.setDefaultTimeout(30000);
await context.exposeFunction('__thiduaCsp', (v) => violations.push(v));
await context.addInitScript(() => {
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__thiduaCsp(`${location.pathname}: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
  });
});

try {
  const page = context.pages()[0] || await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error on ${page.url()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`uncaught exception on ${page.url()}: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 500) problems.push(`${r.status()} for ${r.url()}`); });

  await check('jobs: an administrator logs in', async () => {
    await page.goto(BASE + '/login');
    await page.fill('[name=login]', 'admin');
    await page.fill('[name=password]', PASSWORD);
    await Promise.all([page.waitForURL(BASE + '/'), page.press('[name=password]', 'Enter')]);
  });

  let jobUrl = '';
  await check('jobs: a large unit import from its page becomes a job with a self-refreshing page', async () => {
    const lines = ['Mã,Tên đơn vị,Loại,Mã cấp trên'];
    for (let i = 0; i < 3000; i++) lines.push(`BRJ${String(i).padStart(5, '0')},Đơn vị trình duyệt ${i},Khác,SYT`);
    const file = path.join(OUT, 'jobs-import.csv');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    await page.goto(BASE + '/units/import');
    await page.setInputFiles('input[type=file][name=file]', file);
    await Promise.all([page.waitForURL(/\/jobs\/\d+$/), page.click('main button[type=submit]')]);
    jobUrl = page.url();
    // Running: the page reloads itself every second (a meta refresh); done: it stops.
    let done = false;
    for (let i = 0; i < 60 && !done; i++) {
      const text = await page.locator('main').innerText();
      done = text.includes('Hoàn thành');
      if (!done) {
        expect(await page.locator('meta[http-equiv=refresh]').count() === 1, 'a running job page without its refresh');
        await page.waitForTimeout(1000);   // the page refreshes itself; read it again
      }
    }
    expect(done, `the job page never said "Hoàn thành": ${(await page.locator('main').innerText()).slice(0, 200)}`);
    expect(await page.locator('meta[http-equiv=refresh]').count() === 0, 'a finished job still refreshes');
    expect((await page.locator('main').innerText()).includes('Đã nhập 3000 dòng mới'), 'no import summary');
    expect(await page.locator('main progress').count() === 1, 'no <progress> bar');
  });

  await check('jobs: the report downloads as a file', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href$="/result"]')]);
    const saved = path.join(OUT, 'jobs-report.txt');
    await download.saveAs(saved);
    expect(fs.readFileSync(saved, 'utf8').includes('Đã nhập 3000 dòng mới'), 'the report file lacks the summary');
  });

  await check('jobs: the list shows the job', async () => {
    await page.goto(BASE + '/jobs');
    expect(await page.locator(`main a[href="${new URL(jobUrl).pathname}"]`).count() === 1, 'job not listed');
  });

  await check('jobs: the job page fits a phone (375 px)', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(jobUrl);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    const culprits = await page.evaluate(() => [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className}`));
    expect(!wide, `horizontal scrolling at 375 px, from: ${culprits.join(', ')}`);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await check('settings: the place name on documents changed from the keyboard', async () => {
    await page.goto(BASE + '/settings');
    const form = page.locator('section.setting', { has: page.locator('code', { hasText: 'org.place_name' }) }).locator('form');
    const input = form.locator('[name=value]');
    await input.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('TP. Lạng Sơn');
    await Promise.all([page.waitForURL(/\/settings\?saved=1/), page.keyboard.press('Enter')]);
    expect((await page.locator('main').innerText()).includes('Đã lưu thiết lập.'), 'no saved notice');
    const value = await page.locator('section.setting', { has: page.locator('code', { hasText: 'org.place_name' }) })
      .locator('[name=value]').inputValue();
    expect(value === 'TP. Lạng Sơn', `value shown: ${value}`);
  });

  await check('jobs and settings: no console errors, server errors or CSP violations', async () => {
    expect(problems.length === 0, problems.join('; '));
    expect(violations.length === 0, violations.join('; '));
  });
} finally {
  await context.close();
}
process.exit(failures ? 1 : 0);
