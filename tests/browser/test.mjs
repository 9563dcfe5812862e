// tests/browser/test.mjs: the main flows of thidua in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core; no browser download). Started by tests/browser/run, which serves a
// fresh demo database at BASE_URL. Prints `PASS name` / `FAIL name: why` lines like every test.
//
// Flows: the anonymous home page; keyboard use (Tab reaches the skip link, which moves focus to the
// content; the login form's fields take Tab and Enter submits); an officer logs in, creates a unit
// and finds it in the unit tree; logout. Phone width (375 px): no horizontal scrolling on the home
// and login pages. Print: the unit tree prints without header and forms, and as a PDF. Without
// JavaScript (a browser of its own): log in, create a unit, find it, log out. Throughout: no console
// errors, no uncaught exceptions, no CSP violations.
// Screenshots go to OUT_DIR; with SCREENSHOT_OUT set, the desktop home page of the signed-in
// officer is also written there (docs/screenshot.png for the README).
import { chromium } from 'playwright-core';
import { BASE, OUT, PASSWORD, expect, journey, launchArgs } from './lib/journey.mjs';
import fs from 'node:fs';
import path from 'node:path';

// The new-unit form (/units/new, already open): name, kind "agency", the province as parent.
async function fillNewUnit(pg, name) {
  await pg.fill('[name=name]', name);
  const kind = pg.locator('[name=kind]');
  if (await kind.evaluate((e) => e.tagName) === 'SELECT') await kind.selectOption('agency');
  else await kind.fill('agency');
  const parent = pg.locator('[name=parent_id]');
  if (await parent.evaluate((e) => e.tagName) === 'SELECT') {
    const opts = await parent.locator('option').allInnerTexts();
    const idx = opts.findIndex((t) => t.includes('Lạng Sơn'));
    expect(idx >= 0, `no Lạng Sơn among parents: ${opts.slice(0, 5).join(' | ')}`);
    await parent.selectOption({ index: idx });
  } else {
    await parent.fill('1');
  }
}

// Console errors, page errors and CSP violations of every page, collected for the last check.
const { fail, check, context, problems, violations, watch, finish } = await journey();

try {
  const page = context.pages()[0] || await context.newPage();
  watch(page);

  await check('anonymous home page', async () => {
    const r = await page.goto(BASE + '/');
    expect(r.status() === 200, `status ${r.status()}`);
    expect((await page.title()).includes('thidua'), `title "${await page.title()}"`);
    expect(await page.locator('a[href="/login"]').count() >= 1, 'no login link');
    expect((r.headers()['content-security-policy'] || '').includes("script-src 'self'"), 'no CSP header');
  });

  await check('keyboard: Tab reaches the skip link first, Enter moves focus to the content', async () => {
    await page.goto(BASE + '/');
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => ({ cls: document.activeElement.className, text: document.activeElement.textContent,
      left: document.activeElement.getBoundingClientRect().left }));
    expect(first.cls === 'skip', `first Tab stop is "${first.cls}" (${first.text})`);
    expect(first.left >= 0, 'the skip link stays off-screen when focused');
    await page.keyboard.press('Enter');
    const id = await page.evaluate(() => document.activeElement.id);
    expect(id === 'main', `after Enter focus is on "${id}", want #main`);
  });

  await check('keyboard: the skip link and the login fields are all in the Tab order, with labels', async () => {
    await page.goto(BASE + '/login');
    const here = () => page.evaluate(() => {
      const a = document.activeElement;
      return { name: a.getAttribute('name') || '', cls: a.className || '', tag: a.tagName,
        label: a.labels && a.labels[0] ? a.labels[0].textContent : '' };
    });
    // The login field has autofocus; Shift+Tab walks back to the skip link at the top …
    const back = [];
    for (let i = 0; i < 10; i++) {
      const el = await here();
      back.push(el.name || el.cls || el.tag);
      if (el.cls === 'skip') break;
      await page.keyboard.press('Shift+Tab');
    }
    expect(back[0] === 'login', `autofocus on ${back[0]}`);
    expect(back[back.length - 1] === 'skip', `Shift+Tab from the login field never reaches the skip link: ${back.join(' ← ')}`);
    // … and Tab from there walks forward through both fields to the submit button.
    const fwd = [];
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      const el = await here();
      fwd.push(el);
      if (el.tag === 'BUTTON' && el.name === '') break;
    }
    const names = fwd.map((e) => e.name || e.cls || e.tag);
    const login = fwd.findIndex((e) => e.name === 'login'), pw = fwd.findIndex((e) => e.name === 'password');
    expect(login >= 0 && pw === login + 1, `Tab order from the skip link: ${names.join(' → ')}`);
    expect(fwd[pw + 1] && fwd[pw + 1].tag === 'BUTTON', `after the password: ${names.slice(pw + 1).join(' → ')}`);
    expect(fwd[login].label.includes('Tên đăng nhập') && fwd[pw].label.includes('Mật khẩu'),
      `labels "${fwd[login].label}", "${fwd[pw].label}"`);
  });

  await check('keyboard: an officer logs in by typing, Tab and Enter', async () => {
    await page.goto(BASE + '/login');
    const focused = await page.evaluate(() => document.activeElement.getAttribute('name'));
    expect(focused === 'login', `autofocus on "${focused}"`);
    await page.keyboard.type('canbo.ban');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForURL(BASE + '/'), page.keyboard.press('Enter')]);
    const text = await page.locator('main').innerText();
    expect(text.includes('Xin chào') && text.includes('Trần Văn Ba'), `home says: ${text.slice(0, 120)}`);
    expect(await page.locator('button', { hasText: 'Đăng xuất' }).count() === 1, 'no logout button');
  });

  await check('signed-in home page screenshot (desktop)', async () => {
    await page.goto(BASE + '/');
    await page.screenshot({ path: path.join(OUT, 'home-officer-desktop.png'), fullPage: true });
    if (process.env.SCREENSHOT_OUT) {
      // Desktop width, a little shorter than the test viewport so the picture is mostly page.
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.screenshot({ path: process.env.SCREENSHOT_OUT });
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  {
    const unitName = `Phòng Kiểm thử Trình duyệt ${Date.now() % 100000}`;
    await check('units: the tree page lists the province', async () => {
      const r = await page.goto(BASE + '/units');
      expect(r.status() === 200, `status ${r.status()}`);
      expect((await page.locator('main').innerText()).includes('Lạng Sơn'), 'no Lạng Sơn in the tree');
    });
    await check('units: create a unit through the form', async () => {
      const r = await page.goto(BASE + '/units/new');
      expect(r.status() === 200, `status ${r.status()}`);
      await fillNewUnit(page, unitName);
      await page.fill('[name=code]', `KT${Date.now() % 100000}`);
      await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type=submit]').first().click()]);
      const text = await page.locator('main').innerText();
      expect(!/lỗi|không hợp lệ/i.test(await page.locator('.notice.error, .field .error').allInnerTexts().then((a) => a.join(' '))),
        `form errors: ${text.slice(0, 200)}`);
      expect(text.includes(unitName), `after saving the page does not show the unit: ${page.url()} ${text.slice(0, 160)}`);
    });
    await check('units: the new unit is in the tree', async () => {
      await page.goto(BASE + '/units');
      const link = page.locator('main a', { hasText: unitName });
      expect(await link.count() >= 1, 'not in /units');
      await page.screenshot({ path: path.join(OUT, 'units-tree.png'), fullPage: true });
    });
  }

  await check('logout with the header button', async () => {
    await page.goto(BASE + '/');
    await Promise.all([page.waitForURL(BASE + '/'), page.locator('button', { hasText: 'Đăng xuất' }).click()]);
    expect(await page.locator('header a[href="/login"]').count() === 1, 'still signed in');
    const r = await page.goto(BASE + '/holidays');
    expect(page.url().startsWith(BASE + '/login'), `a signed-in page after logout went to ${page.url()} (${r.status()})`);
  });

  await page.close();

  // ---- phone width ----
  const phone = await context.newPage();
  watch(phone);
  await phone.setViewportSize({ width: 375, height: 740 });
  const noHScroll = async (name, url) => check(`375 px: no horizontal scrolling on ${name}`, async () => {
    const r = await phone.goto(BASE + url);
    expect(r.status() === 200, `status ${r.status()}`);
    const m = await phone.evaluate(() => ({ sw: document.documentElement.scrollWidth, w: window.innerWidth,
      wide: [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
        .slice(0, 3).map((e) => e.tagName + '.' + e.className) }));
    expect(m.sw <= m.w, `scrollWidth ${m.sw} > ${m.w}; too wide: ${m.wide.join(', ')}`);
    await phone.screenshot({ path: path.join(OUT, `phone-${name.replace(/\W+/g, '-')}.png`), fullPage: true });
  });
  await noHScroll('the anonymous home page', '/');
  await noHScroll('the login page', '/login');
  await check('375 px: log in on the phone', async () => {
    await phone.fill('[name=login]', 'canbo.ban');
    await phone.fill('[name=password]', PASSWORD);
    await Promise.all([phone.waitForURL(BASE + '/'), phone.locator('main button[type=submit]').click()]);
  });
  await noHScroll('the signed-in home page', '/');
  await noHScroll('the unit tree', '/units');
  await phone.close();

  // ---- print (the officer is still signed in: same browser profile) ----
  const paper = await context.newPage();
  watch(paper);
  await check('print: the unit tree prints its content without the header, forms and buttons', async () => {
    const r = await paper.goto(BASE + '/units');
    expect(r.status() === 200, `status ${r.status()}`);
    await paper.emulateMedia({ media: 'print' });
    const m = await paper.evaluate(() => ({
      header: getComputedStyle(document.querySelector('header.top')).display,
      forms: [...document.querySelectorAll('main form')].filter((f) => getComputedStyle(f).display !== 'none').length,
      text: document.querySelector('main').innerText,
    }));
    expect(m.header === 'none', `the site header prints (display ${m.header})`);
    expect(m.forms === 0, `${m.forms} form(s) print`);
    expect(m.text.includes('Lạng Sơn'), 'the tree itself does not print');
    const pdf = await paper.pdf({ format: 'A4' });
    expect(pdf.length > 1000 && pdf.subarray(0, 5).toString() === '%PDF-', `no PDF from print (${pdf.length} bytes)`);
    fs.writeFileSync(path.join(OUT, 'units-print.pdf'), pdf);
  });
  await paper.close();

  // ---- without JavaScript: a browser of its own (the setting is per context) ----
  const nojsBrowser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: launchArgs });
  try {
    const nojs = await nojsBrowser.newContext({ javaScriptEnabled: false, viewport: { width: 1024, height: 768 }, locale: 'vi-VN' });
    const p = await nojs.newPage();
    p.on('response', (r) => { if (r.status() >= 500) problems.push(`${r.status()} for ${r.url()} (no JavaScript)`); });
    const unitName = `Phòng Không JavaScript ${Date.now() % 100000}`;
    await check('without JavaScript: log in, create a unit, see it in the tree', async () => {
      await p.goto(BASE + '/login');
      await p.fill('[name=login]', 'canbo.ban');
      await p.fill('[name=password]', PASSWORD);
      await Promise.all([p.waitForURL(BASE + '/'), p.locator('main button[type=submit]').click()]);
      const r = await p.goto(BASE + '/units/new');
      expect(r.status() === 200, `new unit form: status ${r.status()}`);
      await fillNewUnit(p, unitName);
      await Promise.all([p.waitForLoadState('load'), p.locator('main form button[type=submit]').first().click()]);
      expect((await p.locator('main').innerText()).includes(unitName), `after saving: ${p.url()}`);
      await p.goto(BASE + '/units');
      expect(await p.locator('main a', { hasText: unitName }).count() >= 1, 'not in /units');
      await Promise.all([p.waitForURL(BASE + '/'), p.locator('button', { hasText: 'Đăng xuất' }).click()]);
      expect(await p.locator('header a[href="/login"]').count() === 1, 'logout without JavaScript did not sign out');
    });
    await nojs.close();
  } finally {
    await nojsBrowser.close();
  }

  await check('no console errors, uncaught exceptions or server errors', async () => {
    expect(problems.length === 0, problems.join(' | '));
  });
  await check('no Content-Security-Policy violations', async () => {
    expect(violations.length === 0, violations.join(' | '));
  });
} catch (e) {
  fail('run', e && e.stack ? e.stack : e);
} finally {
  await finish();
}
