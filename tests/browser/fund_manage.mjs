// tests/browser/fund_manage.mjs: a fund manager's journey in headless Chromium (run by
// tests/browser/run against its demo server, like fund.mjs; prints PASS/FAIL lines the same way).
//
// The Board's officer signs in, opens the statement fund's review queue from its manage page, sees
// the two statement lines of the first uncertain match side by side, and accepts it with the
// keyboard alone (Tab to the button, Enter): the item leaves the open queue and the notice says so.
// Then records a pledge on the rural-roads fund by typing into the form, with a wrong date first
// (the error sits beside its field and the typed values stay), and sees it listed as overdue; then
// edits it with the keyboard alone (Enter on its "Sửa" link, the pre-filled fields changed, Enter
// to save): a later due date and a smaller amount, and the row is no longer overdue. At phone
// width the queue, the pledges page and the pledge's edit and delete pages do not scroll
// sideways. Throughout: no console errors, no uncaught exceptions, no CSP violations.
import { BASE, expect, signIn, journey } from './lib/journey.mjs';

const { fail, check, context, problems, violations, watch, finish } = await journey({ profile: process.env.PROFILE_DIR + '-fund-manage' });

try {
  const page = context.pages()[0] || await context.newPage();
  // the refused form's 400 is what that step expects; Chromium logs it as a console error
  let expect400 = false;
  watch(page, { ignoreConsole: (m) => expect400 && m.text().includes('status of 400') });

  await signIn(page, 'canbo.ban', { submit: 'button' });

  let queueUrl = '';
  await check('fund manage: the review queue shows both lines of a match side by side', async () => {
    await page.goto(BASE + '/funds');
    const href = await page.locator('main a', { hasText: 'bão Yagi' }).first().getAttribute('href');
    await page.goto(BASE + href + '/manage');
    await Promise.all([page.waitForURL(/\/reviews$/), page.locator('a', { hasText: 'Xem xét và quyết định từng mục' }).click()]);
    queueUrl = page.url();
    const first = page.locator('article.review').first();
    const sides = await first.locator('section.review-side h3').allInnerTexts();
    expect(sides.join('|') === 'Giao dịch đã có trong quỹ|Dòng của sao kê khác', `sides: ${sides.join('|')}`);
    const box = await first.locator('section.review-side').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
    expect(box.length === 2 && Math.abs(box[0] - box[1]) < 2, `not side by side: ${box.join(', ')}`);
    expect((await first.innerText()).includes('Vì sao chưa chắc chắn'), 'no reason shown');
  });

  await check('fund manage: accepting a match by keyboard takes it out of the open queue', async () => {
    const first = page.locator('article.review').first();
    const id = await first.getAttribute('id');
    const before = await page.locator('article.review').count();
    await first.locator('input[name=note]').focus();
    await page.keyboard.type('Cùng người chuyển, cùng giờ');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.textContent);
    expect(focused && focused.startsWith('Chấp nhận'), `Tab reached: ${focused}`);
    await Promise.all([page.waitForURL(/notice=accepted/), page.keyboard.press('Enter')]);
    expect((await page.locator('[role=status]').first().innerText()).includes('Đã chấp nhận'), 'no notice');
    expect(await page.locator('#' + id).count() === 0, `${id} still open`);
    expect(await page.locator('article.review').count() === before - 1, 'the queue did not shrink by one');
    await page.goto(queueUrl + '?all=1');
    expect((await page.locator('#' + id).innerText()).includes('Đã chấp nhận bởi canbo.ban'), 'decision not shown');
  });

  await check('fund manage: a pledge typed in the form, a wrong date named, then listed as overdue', async () => {
    await page.goto(BASE + '/funds');
    const href = await page.locator('main a', { hasText: 'đường giao thông nông thôn' }).first().getAttribute('href');
    await page.goto(BASE + href + '/pledges');
    await page.locator('[name=donor]').focus();
    await page.keyboard.type('id:1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('250 triệu');
    await page.keyboard.press('Tab');
    await page.keyboard.type('31/02/2019');
    await page.keyboard.press('Tab');
    await page.keyboard.type('30/09/2019');
    expect400 = true;
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
    await page.locator('[name=pledged_on][aria-invalid=true]').waitFor();
    expect400 = false;
    const err = page.locator('[name=pledged_on][aria-invalid=true]');
    expect(await err.count() === 1, 'the date field is not marked');
    expect((await page.locator('main').innerText()).includes('Ngày cam kết: viết dd/mm/yyyy.'), 'no message');
    expect(await page.locator('[name=amount]').inputValue() === '250 triệu', 'the amount was not kept');
    await page.locator('[name=pledged_on]').fill('01/09/2019');
    await Promise.all([page.waitForURL(/notice=added/), page.locator('[name=pledged_on]').press('Enter')]);
    const row = page.locator('table.pledges tbody tr', { hasText: '250.000.000' });
    expect(await row.count() === 1, 'the pledge is not listed');
    expect((await row.innerText()).includes('Quá hạn'), await row.innerText());
  });

  let pledgesUrl = '', editUrl = '';
  await check('fund manage: the pledge edited by keyboard alone, pre-filled, and no longer overdue', async () => {
    pledgesUrl = page.url().replace(/\?.*$/, '');
    const link = page.locator('table.pledges tbody tr', { hasText: '250.000.000' }).locator('a', { hasText: 'Sửa cam kết' });
    await link.focus();
    await Promise.all([page.waitForURL(/\/pledges\/\d+\/edit$/), page.keyboard.press('Enter')]);
    editUrl = page.url();
    expect(await page.locator('[name=amount]').inputValue() === '250000000', 'the amount is not pre-filled');
    expect(await page.locator('[name=pledged_on]').inputValue() === '01/09/2019', 'the date is not pre-filled');
    expect(await page.locator('[name=due_on]').inputValue() === '30/09/2019', 'the due date is not pre-filled');
    await page.locator('[name=amount]').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('200 triệu');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.name);
    expect(focused === 'due_on', `Tab reached ${focused}, not the due date`);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('31/12/2099');
    await Promise.all([page.waitForURL(/notice=saved/), page.keyboard.press('Enter')]);
    expect((await page.locator('[role=status]').first().innerText()).includes('Đã lưu cam kết'), 'no notice');
    await page.goto(pledgesUrl);
    const row = page.locator('table.pledges tbody tr', { hasText: '200.000.000' });
    expect(await row.count() === 1, 'the edited pledge is not listed');
    const text = await row.innerText();
    expect(!text.includes('Quá hạn') && text.includes('31/12/2099'), text);
  });

  await check('fund manage: 375 px: no horizontal scrolling on the queue, the pledges and a pledge\'s pages', async () => {
    const pledges = pledgesUrl || page.url();
    await page.setViewportSize({ width: 375, height: 740 });
    const pages = [queueUrl + '?all=1', pledges];
    if (editUrl) pages.push(editUrl, editUrl.replace(/\/edit$/, '/delete'));
    for (const url of pages) {
      await page.goto(url);
      const m = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, w: window.innerWidth }));
      expect(m.sw <= m.w, `${url}: scrollWidth ${m.sw} > ${m.w}`);
    }
  });

  await check('fund manage: no console errors, exceptions or CSP violations', async () => {
    expect(problems.length === 0 && violations.length === 0, [...problems, ...violations].join('; '));
  });
} catch (e) {
  fail('fund manage: journey', e && e.message ? e.message : e);
} finally {
  await finish();
}
