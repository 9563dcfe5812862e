// tests/browser/award.mjs: the commendation flow in headless Chromium, from a unit's submission
// to the certificate (run by tests/browser/run against the demo server at BASE_URL, like
// test.mjs). Prints `PASS name` / `FAIL name: why` lines.
//
// Journey: Sở Y tế's reporter drafts a proposal through the form and submits it; the Board's
// officer receives it, assigns it to themself, records the appraisal, approves it, drafts a
// decision from it, signs it (the register's number), downloads the certificate as PDF, and the
// verification link opens the public page without a sign-in. The proposal page fits a phone
// (375 px). Throughout: no console errors, no uncaught exceptions, no CSP violations.
import { BASE, expect, signIn, journey } from './lib/journey.mjs';

const { check, context, problems, violations, watch, finish } = await journey({ prefix: 'award: ' });

// Another demo user: the cookies of the last one go first.
async function switchUser(page, login) {
  await context.clearCookies();
  await signIn(page, login);
}

// Opens a move's <details> on the proposal page, fills its fields, submits, and waits for the page.
async function move(page, label, fields = {}) {
  // exact: "Duyệt" must not match "Không duyệt"
  const box = page.locator('details.move', { has: page.locator('summary', { hasText: new RegExp(`^${label}$`) }) });
  expect(await box.count() === 1, `no "${label}" on the page`);
  await box.locator('summary').click();
  for (const [name, value] of Object.entries(fields)) {
    const el = box.locator(`[name=${name}]`);
    if (await el.evaluate((e) => e.tagName) === 'SELECT') await el.selectOption(value);
    else await el.fill(value);
  }
  await Promise.all([page.waitForURL(/\/proposals\/\d+\?notice=moved/), box.locator('button[type=submit]').click()]);
}

try {
  const page = context.pages()[0] || await context.newPage();
  watch(page);

  let proposalUrl = '';
  await check('a unit drafts a proposal through the form and submits it', async () => {
    await switchUser(page, 'baocao.soyte');
    await page.goto(BASE + '/proposals/new');
    await page.selectOption('select[name=subject_kind]', 'collective');
    await page.selectOption('select[name=subject_unit_id]', { label: 'Sở Y tế' });
    await page.fill('[name=subject_name]', 'Khoa Kiểm soát bệnh tật, Sở Y tế');
    await page.selectOption('select[name=form_code]', 'BK_CT_UBND_TINH');
    await page.fill('[name=year]', '2025');
    await page.fill('[name=reason]', 'Đã có thành tích xuất sắc trong công tác phòng, chống dịch bệnh năm 2025');
    await Promise.all([page.waitForURL(/\/proposals\/\d+\?notice=created/), page.locator('form button[type=submit]').last().click()]);
    proposalUrl = page.url().replace(/\?.*$/, '');
    expect((await page.locator('main').innerText()).includes('Bản nháp'), 'not a draft');
    await move(page, 'Gửi hồ sơ');
    const text = await page.locator('main').innerText();
    expect(text.includes('Đã gửi') && text.includes('Hạn kiểm tra hồ sơ'), `after submit: ${text.slice(0, 300)}`);
  });

  await check('the proposal page fits a phone', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(proposalUrl);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    expect(!wide, 'horizontal scrolling at 375 px');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await check('the Board receives, assigns, appraises and approves', async () => {
    await switchUser(page, 'canbo.ban');
    await page.goto(proposalUrl);
    await move(page, 'Tiếp nhận');
    await move(page, 'Phân công thẩm định');
    await move(page, 'Ghi kết quả thẩm định', { eligible: '1', note: 'Hồ sơ đầy đủ, thành tích có xác nhận của đơn vị.' });
    await move(page, 'Duyệt');
    const text = await page.locator('main').innerText();
    for (const s of ['Đã tiếp nhận', 'Đã phân công', 'Đã thẩm định', 'Được duyệt', 'Đối chiếu tiêu chuẩn'])
      expect(text.includes(s), `timeline lacks ${s}`);
  });

  let decisionUrl = '';
  await check('a decision is drafted from it and signed with the register\'s number', async () => {
    await page.goto(BASE + '/decisions/new');
    const id = proposalUrl.split('/').pop();
    await page.check(`input[name=proposal_id][value="${id}"]`);
    await page.fill('[name=decided_on]', '2026-11-02');
    await page.fill('[name=summary]', 'Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh');
    await page.fill('[name=legal_bases]', 'Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;');
    await page.fill('[name=proposer]', 'Giám đốc Sở Nội vụ');
    await page.fill('[name=signer_name]', 'Người Ký Kiểm Thử');
    await Promise.all([page.waitForURL(/\/decisions\/\d+\?notice=created/), page.locator('form button[type=submit]').last().click()]);
    decisionUrl = page.url().replace(/\?.*$/, '');
    await Promise.all([page.waitForURL(/notice=signed/), page.locator('form[action$="/sign"] button[type=submit]').click()]);
    const text = await page.locator('main').innerText();
    expect(/Quyết định số \d+\/QĐ-UBND/.test(text), `no number: ${text.slice(0, 200)}`);
    expect(text.includes('Khoa Kiểm soát bệnh tật'), 'recipient missing');
  });

  let verifyHref = '';
  await check('the certificate downloads as PDF', async () => {
    const href = await page.locator('main table a', { hasText: 'PDF' }).first().getAttribute('href');
    const r = await page.request.get(BASE + href);
    expect(r.status() === 200, `status ${r.status()}`);
    expect((r.headers()['content-type'] || '').includes('application/pdf'), `type ${r.headers()['content-type']}`);
    const body = await r.body();
    expect(body.slice(0, 5).toString() === '%PDF-', 'not a PDF');
    verifyHref = await page.locator('main table a', { hasText: 'Xác minh' }).first().getAttribute('href');
  });

  await check('the verification link opens the public page without a sign-in', async () => {
    await context.clearCookies();
    const r = await page.goto(BASE + verifyHref);
    expect(r.status() === 200, `status ${r.status()}`);
    const text = await page.locator('main').innerText();
    expect(text.includes('Còn hiệu lực') && text.includes('Khoa Kiểm soát bệnh tật'), `verify: ${text.slice(0, 300)}`);
  });

  await check('no console errors, uncaught exceptions, server errors or CSP violations', async () => {
    expect(problems.length === 0, problems.join('; '));
    expect(violations.length === 0, violations.join('; '));
  });
} finally {
  await finish();
}
