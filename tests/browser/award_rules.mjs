// tests/browser/award_rules.mjs: the commendation rule base and history journey in headless
// Chromium (run by tests/browser/run against the demo server at BASE_URL, like test.mjs). Prints
// `PASS name` / `FAIL name: why` lines.
//
// Journey: anyone (no sign-in) looks an award up by a name typed without diacritics, with the
// keyboard, and sees the history but no citizen ID; the lookup fits a phone (375 px). An officer
// signs in, finds the demo doctor, asks whether he qualifies for CSTĐ cấp tỉnh in 2026 (yes, with
// the clause and the decisions as evidence), records an initiative through the form, reads the
// year's report of who newly qualifies and the 0603.N table, and computes an award's money on the
// rule page. Throughout: no console errors, no uncaught exceptions, no CSP violations.
import { BASE, expect, signIn, journey } from './lib/journey.mjs';

const { check, context, problems, violations, watch, finish } = await journey({ prefix: 'award-rules: ' });

try {
  const page = context.pages()[0] || await context.newPage();
  watch(page);

  await check('public lookup by keyboard, without diacritics, no citizen ID', async () => {
    await page.goto(BASE + '/tra-cuu-khen-thuong');
    await page.locator('input[name=q]').focus();
    await page.keyboard.type('nguyen van binh');
    await Promise.all([page.waitForURL(/tra-cuu-khen-thuong\?q=/), page.keyboard.press('Enter')]);
    const link = page.locator('main a', { hasText: 'Nguyễn Văn Bình' });
    expect(await link.count() === 1, `results: ${(await page.locator('main').innerText()).slice(0, 200)}`);
    await Promise.all([page.waitForURL(/tra-cuu-khen-thuong\/\d+$/), link.click()]);
    const text = await page.locator('main').innerText();
    expect(text.includes('Chiến sĩ thi đua cơ sở') && text.includes('52/QĐ-BVĐK'), `history: ${text.slice(0, 300)}`);
    expect(!text.includes('020085001234') && !text.includes('******'), 'a citizen ID on a public page');
    expect(!text.includes('Hoàn thành xuất sắc nhiệm vụ'), 'a yearly rating shown publicly');
  });

  await check('public lookup fits a phone (375 px)', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(BASE + '/tra-cuu-khen-thuong?q=so+y+te');
    const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    expect(!wide, 'horizontal scrolling at 375 px');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await check('an officer signs in', async () => {
    await signIn(page, 'canbo.ban');
    const menu = await page.locator('body').innerText();
    expect(menu.includes('Đối tượng khen thưởng'), 'no commendation menu entry');
  });

  let subjectUrl = '';
  await check('find the doctor and judge CSTĐ cấp tỉnh 2026: eligible, with clause and evidence', async () => {
    await page.goto(BASE + '/award-subjects?q=binh');
    const link = page.locator('main table a', { hasText: 'Nguyễn Văn Bình' });
    expect(await link.count() === 1, 'not in the list');
    await Promise.all([page.waitForURL(/award-subjects\/\d+$/), link.click()]);
    subjectUrl = page.url();
    const judge = page.locator('form.search[method=get]');
    await judge.locator('input[name=form]').fill('CSTD_TINH');
    await judge.locator('input[name=year]').fill('2026');
    await Promise.all([page.waitForURL(/form=CSTD_TINH/), judge.locator('input[name=year]').press('Enter')]);
    const verdict = await page.locator('.verdict').innerText();
    expect(verdict.includes('Đủ điều kiện'), `verdict: ${verdict}`);
    const table = await page.locator('table.checks').innerText();
    expect(table.includes('3 lần liên tục') && table.includes('52/QĐ-BVĐK') && table.includes('06/2022/QH15'),
      `checks: ${table.slice(0, 300)}`);
  });

  await check('record an initiative through the form', async () => {
    await page.goto(subjectUrl);
    const form = page.locator('form[action$="/initiatives"]');
    await form.locator('[name=year]').fill('2026');
    await form.locator('[name=title]').fill('Phần mềm nhắc lịch tái khám');
    await form.locator('[name=level]').selectOption('co_so');
    await Promise.all([page.waitForURL(subjectUrl), form.locator('button[type=submit]').click()]);
    expect((await page.locator('ul.initiatives').innerText()).includes('Phần mềm nhắc lịch tái khám'), 'initiative not listed');
  });

  await check('the year\'s report lists who newly qualifies', async () => {
    const r = await page.goto(BASE + '/award-eligibility?year=2026');
    expect(r.status() === 200, `status ${r.status()}`);
    const text = await page.locator('main').innerText();
    expect(text.includes('Nguyễn Văn Bình') && text.includes('Hoàng Văn Đức'), `report: ${text.slice(0, 300)}`);
    expect(!text.includes('Lý Thị Hạnh'), 'a teacher one initiative short is listed');
  });

  await check('statistics 0603.N and the money calculator', async () => {
    const r = await page.goto(BASE + '/award-stats?year=2019');
    expect(r.status() === 200, `status ${r.status()}`);
    expect((await page.locator('table.stats').innerText()).includes('Tổng cộng'), 'no total row');
    await page.goto(BASE + '/award-rules');
    await page.fill('input[name=form]', 'BK_CT_UBND_TINH');
    await page.selectOption('select[name=subject]', 'individual');
    await page.fill('input[name=on]', '10/08/2026');
    await Promise.all([page.waitForURL(/form=BK_CT_UBND_TINH/), page.locator('input[name=on]').press('Enter')]);
    const text = await page.locator('main').innerText();
    expect(text.includes('3.800.000'), `calculator: ${text.slice(0, 300)}`);
  });

  await check('no console errors, uncaught exceptions, server errors or CSP violations', async () => {
    expect(problems.length === 0, problems.join('; '));
    expect(violations.length === 0, violations.join('; '));
  });
} finally {
  await finish();
}
