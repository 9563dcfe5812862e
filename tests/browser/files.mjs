// tests/browser/files.mjs: the stored-files journey in headless Chromium (run by tests/browser/run
// against its demo server): an administrator adds a working-day amendment, opens its "Văn bản căn
// cứ" page, uploads a PDF with the script's progress bar (the bar shows and reaches its end, the
// page lands on the list with the file), downloads it (inline PDF, nosniff, sandbox), and sees an
// HTML file refused with the sentence naming it. Then the numbering registers page at phone
// width. No console errors, no CSP violations. Prints PASS/FAIL lines like test.mjs.
import { BASE, expect, signIn, journey } from './lib/journey.mjs';

const { fail, check, context, problems, violations, watch, finish } = await journey({ prefix: 'files: ' });

try {
  const page = context.pages()[0] || await context.newPage();
  // the refused upload's 400 is what that step expects; Chromium logs it as a console error
  let expect400 = false;
  watch(page, { ignoreConsole: (m) => expect400 && m.text().includes('status of 400'), serverErrors: false });
  const year = 2027, day = `22/12/${year}`;
  let filesUrl = '';

  await check('an administrator adds an amendment and opens its documents page', async () => {
    await signIn(page, 'admin', { submit: 'button' });
    await page.goto(`${BASE}/holidays?year=${year}`);
    await page.fill('[name=day]', day);
    await page.fill('[name=note]', 'Nghỉ thử trình duyệt');
    await Promise.all([page.waitForLoadState('load'), page.locator('main button', { hasText: 'Lưu điều chỉnh' }).click()]);
    const link = page.locator('main a', { hasText: 'Văn bản căn cứ' }).first();
    expect(await link.count() === 1, `no documents link on ${page.url()}`);
    await Promise.all([page.waitForLoadState('load'), link.click()]);
    filesUrl = page.url();
    expect(/\/holidays\/\d+\/files$/.test(filesUrl), `landed on ${filesUrl}`);
    expect(await page.locator('input[type=file][data-upload-progress]').count() === 1, 'no upload field');
    expect(await page.locator('progress.upload-progress').isHidden(), 'the progress bar shows before any upload');
  });

  await check('upload with progress: the bar shows and fills, then the list has the file', async () => {
    await page.evaluate(() => {
      const bar = document.querySelector('progress.upload-progress');
      new MutationObserver(() => {
        if (!bar.hidden) sessionStorage.setItem('upload-progress', `${bar.value}/${bar.max}`);
      }).observe(bar, { attributes: true });
    });
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\n' + 'x'.repeat(300000) + '\ntrailer<<>>\n%%EOF\n');
    await page.setInputFiles('#f-file', { name: 'Thông báo nghỉ Tết.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.locator('main button', { hasText: 'Tải lên' }).click();
    // the script sends it and then loads the page the server redirected to (the same URL)
    await page.locator('main ul.files a', { hasText: 'Thông báo nghỉ Tết.pdf' }).waitFor();
    const seen = await page.evaluate(() => sessionStorage.getItem('upload-progress'));
    expect(seen, 'the progress bar never showed');
    const [value, max] = seen.split('/').map(Number);
    expect(max > 300000 && value === max, `progress ended at ${seen}`);
    expect((await page.locator('main').innerText()).includes('Thông báo nghỉ Tết.pdf'), 'the file is not listed');
  });

  await check('download: inline PDF with the Vietnamese name, nosniff, sandbox', async () => {
    const href = await page.locator('main ul.files a').first().getAttribute('href');
    const r = await page.request.get(BASE + href);
    expect(r.status() === 200, `status ${r.status()}`);
    const h = r.headers();
    expect(h['content-type'] === 'application/pdf', `type ${h['content-type']}`);
    expect((h['content-disposition'] || '').includes("filename*=UTF-8''Th%C3%B4ng%20b%C3%A1o"), `disposition ${h['content-disposition']}`);
    expect(h['x-content-type-options'] === 'nosniff', 'no nosniff');
    expect((h['content-security-policy'] || '').includes('sandbox'), `csp ${h['content-security-policy']}`);
  });

  await check('an HTML file is refused with a sentence naming it', async () => {
    await page.goto(filesUrl);
    await page.setInputFiles('#f-file', { name: 'trang.html', mimeType: 'text/html', buffer: Buffer.from('<html><script>alert(1)</script></html>') });
    expect400 = true;
    await page.locator('main button', { hasText: 'Tải lên' }).click();
    await page.waitForFunction(() => document.querySelector('.notice.error'));
    expect400 = false;
    const text = await page.locator('.notice.error').innerText();
    expect(text.includes('trang.html') && text.includes('HTML'), `notice: ${text}`);
  });

  await check('the registers page at phone width: no horizontal scrolling', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    const r = await page.goto(BASE + '/registers');
    expect(r.status() === 200, `status ${r.status()}`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    expect(!wide, 'the page scrolls sideways');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await check('no console errors or uncaught exceptions', async () => { expect(problems.length === 0, problems.join(' | ')); });
  await check('no Content-Security-Policy violations', async () => { expect(violations.length === 0, violations.join(' | ')); });
} catch (e) {
  fail('run', e && e.stack ? e.stack : e);
} finally {
  await finish();
}
