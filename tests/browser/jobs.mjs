// tests/browser/jobs.mjs: the journey of background jobs and settings in headless Chromium, run
// by tests/browser/run against its demo server (a live `thidua serve`, so jobs run in the
// background). An administrator imports a unit file larger than import.job_threshold_lines from
// the import page, lands on the job's page, which refreshes itself (meta refresh, no script)
// until the job is done and offers the report to download; the job is in /jobs. The settings
// page: the place name on documents changed by keyboard, saved, shown. At phone width the job page
// does not scroll sideways. Throughout: no console errors, no CSP violations.
// Prints `PASS browser: …` / `FAIL browser: …` like test.mjs.
import { BASE, OUT, expect, signIn, journey } from './lib/journey.mjs';
import fs from 'node:fs';
import path from 'node:path';

const { check, context, problems, violations, watch, finish } = await journey({ timeout: 30000 });

try {
  const page = context.pages()[0] || await context.newPage();
  watch(page);

  await check('jobs: an administrator logs in', async () => {
    await signIn(page, 'admin');
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
  await finish();
}
