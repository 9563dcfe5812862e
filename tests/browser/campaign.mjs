// tests/browser/campaign.mjs: the campaign journey in headless Chromium (started by tests/browser/run
// against a fresh demo server at BASE_URL; prints PASS/FAIL lines like test.mjs). Anyone opens the
// seed's campaign (Lạng Sơn, 19/08–19/10/2019) and sees target 4.2 (the provincial hospital opening by
// 30/09/2019) without data; the reporter of Sở Y tế submits a report for it; the Board's officer
// accepts it; the campaign page then shows 4.2 as đạt, with the rule. Then the Board edits target 2.2
// (its range 90 – 95 % raised to 97 – 99 %) from the target's "sửa" link, on a phone's width and
// submitting with the keyboard, and sees its status turn from đạt to không đạt on the same accepted
// report (then puts it back). Also: the campaign page fits a phone's width, and no console errors,
// server errors or CSP violations happen on the way.
import { BASE, OUT, expect, signIn, journey } from './lib/journey.mjs';

const { fail, check, context, problems, violations, watch, finish } = await journey({ prefix: 'campaign: ' });

// The row of one target on the campaign page, and its status text.
const row = (pg, code) => pg.locator('table.targets tr', { has: pg.locator('th', { hasText: new RegExp(`^${code.replace('.', '\\.')}$`) }) });

async function login(pg, who) {
  await signIn(pg, who, { submit: 'button' });
}
async function logout(pg) {
  await Promise.all([pg.waitForURL(BASE + '/'), pg.locator('button', { hasText: 'Đăng xuất' }).click()]);
}

try {
  const page = context.pages()[0] || await context.newPage();
  watch(page);
  let campaignUrl = '';

  await check('anyone opens the seed campaign from the list', async () => {
    await page.goto(BASE + '/campaigns');
    const link = page.locator('main a', { hasText: 'Hoàng Văn Thụ' }).first();
    await Promise.all([page.waitForLoadState('load'), link.click()]);
    campaignUrl = page.url();
    const text = await page.locator('main').innerText();
    expect(text.includes('19/08/2019 – 19/10/2019 (62 ngày)'), 'no period with its computed length');
    expect(text.includes('110 năm ngày sinh đồng chí Hoàng Văn Thụ (04/11/1909 - 04/11/2019)'), 'no occasion');
    expect(await page.locator('section.group').count() === 6, 'not six content groups');
    expect((await row(page, '4.2').innerText()).includes('Chưa có số liệu'), `4.2 is "${await row(page, '4.2').innerText()}"`);
  });

  await check('the campaign page fits a phone (no horizontal page scroll)', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(campaignUrl);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(wide <= 1, `the page is ${wide}px wider than the phone`);
    await page.screenshot({ path: `${OUT}/campaign-phone.png`, fullPage: false });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  let reportUrl = '';
  await check('the reporter of Sở Y tế submits a report for target 4.2', async () => {
    await login(page, 'baocao.soyte');
    await page.goto(campaignUrl);
    await Promise.all([page.waitForLoadState('load'), page.locator('main a', { hasText: 'Gửi báo cáo' }).first().click()]);
    const options = await page.locator('[name=choice] option').allInnerTexts();
    const idx = options.findIndex((t) => t.startsWith('4.2 ') && t.includes('Sở Y tế'));
    expect(idx > 0, `no 4.2 — Sở Y tế choice among ${options.length} options`);
    expect(!options.some((t) => t.includes('Sở Tài chính')), 'the form offers a unit outside the reporter\'s scope');
    await page.locator('[name=choice]').selectOption({ index: idx });
    await page.fill('[name=as_of]', '2019-09-30');
    await page.fill('[name=value]', '100');
    await page.fill('[name=note]', 'Bệnh viện đi vào hoạt động (kiểm thử trình duyệt).');
    await Promise.all([page.waitForURL(/\/reports\/\d+/), page.locator('main form button[type=submit]').click()]);
    reportUrl = page.url().replace(/\?.*$/, '');
    expect((await page.locator('main').innerText()).includes('Chờ duyệt'), 'the new report is not waiting for the Board');
    expect(await page.locator('main form[action$="/decision"]').count() === 0, 'the reporter is offered the Board\'s decision');
    await logout(page);
  });

  await check('the Board accepts the report', async () => {
    await login(page, 'canbo.ban');
    await page.goto(reportUrl);
    await Promise.all([page.waitForLoadState('load'), page.locator('main form[action$="/decision"] button', { hasText: 'Duyệt' }).click()]);
    expect(page.url().includes('/reports'), `after accepting: ${page.url()}`);
    await page.goto(reportUrl);
    expect((await page.locator('main').innerText()).includes('Đã duyệt'), 'the report is not accepted');
  });

  await check('the campaign page shows 4.2 as đạt, with the rule', async () => {
    await page.goto(campaignUrl);
    const text = await row(page, '4.2').innerText();
    expect(text.includes('Đạt') && text.includes('đã hoàn thành'), `4.2 is "${text}"`);
    await page.screenshot({ path: `${OUT}/campaign-after.png`, fullPage: false });
  });

  // The target's form, filled and sent by keyboard; a value in the form is what the target asks for.
  async function editTarget(a, b) {
    await page.goto(campaignUrl);
    await Promise.all([page.waitForLoadState('load'), row(page, '2.2').locator('a', { hasText: 'sửa' }).click()]);
    await page.locator('[name=value_a]').fill(a);
    await page.locator('[name=value_b]').fill(b);
    await page.locator('[name=value_b]').press('Enter');
    await page.waitForURL(/notice=edited/);
  }

  await check('the Board edits target 2.2 on a phone and sees its status change', async () => {
    expect((await row(page, '2.2').innerText()).includes('Đạt'), `2.2 before: "${await row(page, '2.2').innerText()}"`);
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(campaignUrl);
    await Promise.all([page.waitForLoadState('load'), row(page, '2.2').locator('a', { hasText: 'sửa' }).click()]);
    expect(await page.locator('[name=value_a]').inputValue() === '90', 'the form is not pre-filled with 90');
    expect(await page.locator('[name=comparator]').inputValue() === 'between', 'the comparator is not pre-selected');
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(wide <= 1, `the target's form is ${wide}px wider than the phone`);
    await editTarget('97', '99');
    expect((await page.locator('main .notice').first().innerText()).includes('Đã lưu thay đổi'), 'no notice after saving');
    const text = await row(page, '2.2').innerText();
    expect(text.includes('97 – 99') && text.includes('Không đạt'), `2.2 after: "${text}"`);
    await page.screenshot({ path: `${OUT}/campaign-edit-phone.png`, fullPage: false });
    await page.setViewportSize({ width: 1280, height: 800 });
    await editTarget('90', '95');
    expect((await row(page, '2.2').innerText()).includes('Đạt'), 'back to 90 – 95, 2.2 is not đạt again');
    await logout(page);
  });

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
