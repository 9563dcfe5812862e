// tests/browser/xlsx.mjs: the spreadsheet journey in headless Chromium (run by tests/browser/run
// against its demo server, like test.mjs; prints PASS/FAIL lines the same way).
//
// An officer signs in; the unit tree offers the Excel download, which is a workbook; the import
// page labels its file and sheet fields, takes that very workbook with the sheet named (a dry run:
// every line a duplicate, nothing written), and names the sheets there are when the sheet is
// wrong; at phone width the import page does not scroll sideways. Throughout: no console errors,
// no uncaught exceptions, no CSP violations.
import { BASE, expect, signIn, journey } from './lib/journey.mjs';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const { fail, check, context, problems, violations, watch, finish } = await journey();

try {
  const page = await context.newPage();
  // A refused import answers 400 with its report, on purpose; Chromium logs every 400 as a console
  // error, so that one message on the import page is expected, any other is a problem.
  watch(page, { ignoreConsole: (m) => page.url().endsWith('/units/import') && m.text().includes('status of 400') });
  await check('xlsx: an officer signs in', async () => {
    await signIn(page, 'canbo.ban', { submit: 'button' });
  });

  let workbook = null;
  await check('xlsx: the unit tree offers the Excel download, and it is a workbook', async () => {
    await page.goto(BASE + '/units');
    const link = page.locator('main a[href="/units/export.xlsx"]');
    expect(await link.count() >= 1, 'no link to /units/export.xlsx');
    const r = await page.request.get(BASE + '/units/export.xlsx');
    expect(r.status() === 200, `status ${r.status()}`);
    expect((r.headers()['content-type'] || '').startsWith(XLSX), `content type ${r.headers()['content-type']}`);
    expect(/attachment; filename="don-vi-[0-9-]+\.xlsx"/.test(r.headers()['content-disposition'] || ''),
      `disposition ${r.headers()['content-disposition']}`);
    workbook = await r.body();
    expect(workbook.subarray(0, 4).toString('latin1') === 'PK\x03\x04', 'not a zip');
  });

  await check('xlsx: the import page labels its file and sheet fields', async () => {
    const r = await page.goto(BASE + '/units/import');
    expect(r.status() === 200, `status ${r.status()}`);
    const accept = await page.locator('input[type=file][name=file]').getAttribute('accept');
    expect(accept && accept.includes('.xlsx'), `accept="${accept}"`);
    const labels = await page.evaluate(() => ['file', 'sheet'].map((n) => {
      const e = document.querySelector(`[name=${n}]`);
      return e && e.labels && e.labels.length ? e.labels[0].innerText : '';
    }));
    expect(labels[0].includes('xlsx'), `file label "${labels[0]}"`);
    expect(labels[1].includes('Trang tính'), `sheet label "${labels[1]}"`);
  });

  await check('xlsx: the downloaded workbook, sheet named, dry run: every line a duplicate', async () => {
    expect(workbook, 'no workbook downloaded');
    await page.goto(BASE + '/units/import');
    await page.setInputFiles('input[name=file]', { name: 'don-vi.xlsx', mimeType: XLSX, buffer: workbook });
    await page.fill('[name=sheet]', 'Đơn vị');
    await page.check('[name=dry_run]');
    await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type=submit]').click()]);
    // Once an earlier journey (jobs.mjs) has imported thousands of units, the exported workbook is
    // over import.job_threshold_lines and the import runs as a job: follow its page to the end.
    if (/\/jobs\/\d+/.test(page.url())) {
      for (let i = 0; i < 240; i++) {
        const state = await page.locator('main').innerText();
        if (!state.includes('Đang chạy') && !state.includes('Đang chờ')) break;
        await page.waitForTimeout(500);
        await page.reload();
      }
    }
    const text = await page.locator('main').innerText();
    expect(text.includes('Chạy thử'), `no dry-run summary: ${text.slice(0, 300)}`);
    expect(text.includes('0 dòng mới') || text.includes('Không có dòng mới'), `lines would be added: ${text.slice(0, 300)}`);
  });

  await check('xlsx: a wrong sheet name is refused, naming the sheets there are', async () => {
    await page.goto(BASE + '/units/import');
    await page.setInputFiles('input[name=file]', { name: 'don-vi.xlsx', mimeType: XLSX, buffer: workbook });
    await page.fill('[name=sheet]', 'Không có');
    await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type=submit]').click()]);
    const text = await page.locator('main').innerText();
    expect(text.includes('không có trang tính "Không có"') && text.includes('"Đơn vị"'), text.slice(0, 300));
  });

  await check('xlsx: 375 px: no horizontal scrolling on the import page', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    const r = await page.goto(BASE + '/units/import');
    expect(r.status() === 200, `status ${r.status()}`);
    const m = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, w: window.innerWidth }));
    expect(m.sw <= m.w, `scrollWidth ${m.sw} > ${m.w}`);
  });

  await check('xlsx: no console errors, exceptions or CSP violations', async () => {
    expect(problems.length === 0 && violations.length === 0, [...problems, ...violations].join('; '));
  });
} catch (e) {
  fail('xlsx: journey', e && e.message ? e.message : e);
} finally {
  await finish();
}
