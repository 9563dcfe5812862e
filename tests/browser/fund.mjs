// tests/browser/fund.mjs: the public statement ("sao kê") journey in headless Chromium (run by
// tests/browser/run against its demo server, like test.mjs; prints PASS/FAIL lines the same way).
//
// Nobody signs in: the list of funds links the demo's statement fund; its page shows money in and
// out, the progress chart and a VietQR code; the search box, typed by keyboard, finds transfers
// without diacritics or case and the link is shareable (the query is in the address); the next
// page follows by its link; no full account or phone number shows in any message cell; at phone
// width nothing scrolls sideways. Throughout: no console errors, no uncaught exceptions, no CSP
// violations.
import { BASE, expect, journey } from './lib/journey.mjs';

const { fail, check, context, problems, violations, watch, finish } = await journey({ profile: process.env.PROFILE_DIR + '-fund' });

// Account numbers (10–19 digits) and phones left whole in a message cell; masked ones have '*'.
const unmasked = /(?<![0-9*])[0-9]{9,19}(?![0-9*])/;

try {
  const page = await context.newPage();
  watch(page);
  let fundUrl = '';
  await check('fund: the public list links the statement fund, without signing in', async () => {
    const r = await page.goto(BASE + '/funds');
    expect(r.status() === 200, `status ${r.status()}`);
    const link = page.locator('main a', { hasText: 'bão Yagi' }).first();
    await Promise.all([page.waitForURL(/\/funds\/[0-9]+$/), link.click()]);
    fundUrl = page.url();
    const text = await page.locator('main').innerText();
    expect(text.includes('Tổng thu') && text.includes('Tổng chi'), text.slice(0, 300));
    expect(await page.locator('svg.qr').count() === 1, 'no VietQR code');
  });

  await check('fund: the search by keyboard finds "NGUYEN" written any way, in a shareable link', async () => {
    await Promise.all([page.waitForURL(/\/donations/), page.locator('nav.fund-nav a', { hasText: 'Sao kê' }).click()]);
    await page.locator('input[name=q]').focus();
    await page.keyboard.type('nguyễn văn');
    await Promise.all([page.waitForURL(/[?&]q=/), page.keyboard.press('Enter')]);
    expect(page.url().includes('q=nguy'), `query not in the address: ${page.url()}`);
    const rows = await page.locator('table.donations tbody tr').count();
    expect(rows > 0, 'nothing found');
    const names = await page.locator('table.donations tbody tr td:nth-child(4)').allInnerTexts();
    expect(names.some((n) => n.toUpperCase().includes('NGUYEN')), `names: ${names.slice(0, 5).join(', ')}`);
    // the same link opened anew gives the same first row
    const first = await page.locator('table.donations tbody tr').first().innerText();
    const again = await context.newPage();
    await again.goto(page.url());
    expect((await again.locator('table.donations tbody tr').first().innerText()) === first, 'shared link differs');
    await again.close();
    const upper = await context.newPage();
    await upper.goto(page.url().replace(/q=[^&]*/, 'q=NGUYEN+VAN'));
    expect((await upper.locator('table.donations tbody tr').count()) === rows, 'upper case finds other rows');
    await upper.close();
  });

  await check('fund: an amount range, then the next page by its link', async () => {
    await page.goto(fundUrl + '/donations?q=' + encodeURIComponent('10000-100000'));
    const amounts = await page.locator('table.donations tbody tr td.num').allInnerTexts();
    expect(amounts.length === 50, `${amounts.length} rows on the first page`);
    const bad = amounts.map((a) => Number(a.replace(/\./g, ''))).filter((v) => v < 10000 || v > 100000);
    expect(bad.length === 0, `out of range: ${bad.join(', ')}`);
    const next = page.locator('a[rel=next]');
    expect(await next.count() === 1, 'no next page link');
    await Promise.all([page.waitForURL(/before=/), next.click()]);
    expect(page.url().includes('before='), page.url());
    expect(await page.locator('table.donations tbody tr').count() > 0, 'empty next page');
  });

  await check('fund: no full account or phone number in any message', async () => {
    await page.goto(fundUrl + '/donations?limit=200');
    const cells = await page.locator('td.message').allInnerTexts();
    expect(cells.length > 0, 'no messages');
    const leaks = cells.filter((c) => unmasked.test(c));
    expect(leaks.length === 0, leaks.slice(0, 2).join(' | '));
  });

  await check('fund: 375 px: no horizontal scrolling on the fund and search pages', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    for (const path of ['', '/donations?q=ung+ho']) {
      await page.goto(fundUrl + path);
      const m = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, w: window.innerWidth }));
      expect(m.sw <= m.w, `${path || '/'}: scrollWidth ${m.sw} > ${m.w}`);
    }
  });

  await check('fund: no console errors, exceptions or CSP violations', async () => {
    expect(problems.length === 0 && violations.length === 0, [...problems, ...violations].join('; '));
  });
} catch (e) {
  fail('fund: journey', e && e.message ? e.message : e);
} finally {
  await finish();
}
