import { expect, test, type Locator, type Page } from '@playwright/test';
import sharp from 'sharp';
import { expectAccessible, fillIntakeDetails, newSignedInPage, randomMobile, validIdNumber, verifyWithoutPassword, withDatabase } from './helpers';

/** A small card-like picture with a caption, different bytes for each caption (the same file twice is one document). */
async function picture(caption: string, format: 'png' | 'jpeg', background: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400">
    <rect width="640" height="400" rx="24" fill="${background}"/>
    <rect x="40" y="60" width="170" height="220" rx="8" fill="#ffffff" opacity="0.8"/>
    <rect x="250" y="80" width="330" height="22" fill="#334155"/><rect x="250" y="130" width="260" height="22" fill="#475569"/>
    <rect x="250" y="180" width="300" height="22" fill="#475569"/><rect x="40" y="320" width="540" height="26" fill="#1e293b"/>
    <text x="250" y="270" font-family="sans-serif" font-size="36" fill="#0f172a">${caption}</text>
  </svg>`;
  const image = sharp(Buffer.from(svg));
  return format === 'png' ? image.png().toBuffer() : image.jpeg({ quality: 80 }).toBuffer();
}

/** A minimal one-page PDF, as a scanned application form would come (no scripts, not encrypted). */
function applicationPdf(): Buffer {
  const body = `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF ${Date.now()}\n`;
  return Buffer.from(body, 'latin1');
}

async function startSession(teller: Page) {
  await teller.getByRole('button', { name: '开始会话' }).click();
  await teller.waitForURL(/\/teller\/sessions\/[0-9a-f-]{36}$/);
}

/** Drops files on a drop zone as a browser drag from the desktop would (a DataTransfer carrying Files). */
async function dropFiles(page: Page, zone: Locator, files: { name: string; mimeType: string; buffer: Buffer }[]) {
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.mimeType }));
    return dt;
  }, files.map((f) => ({ name: f.name, mimeType: f.mimeType, bytes: [...f.buffer] })));
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

test('documents of an account opening: uploaded with progress, viewed, reviewed, a rejection asks the customer by SMS, the re-upload completes the checklist and the case goes to approval', async ({ browser, request }) => {
  const name = `资料客户${Math.floor(Math.random() * 100_000)}`;
  const idNumber = validIdNumber();
  const mobile = randomMobile();

  // 1. A new individual customer, taken on in a session; account business asks for basic details, a code and confirmation.
  const teller = await newSignedInPage(browser, 'teller');
  await startSession(teller);
  const create = teller.getByRole('form', { name: '新建客户' });
  for (const [label, value] of [['姓名', name], ['再次输入姓名（二次确认）', name], ['证件号码', idNumber], ['再次输入证件号码（二次确认）', idNumber], ['预留手机号', mobile], ['再次输入手机号（二次确认）', mobile]] as const) {
    await create.getByLabel(label, { exact: true }).fill(value);
  }
  await fillIntakeDetails(create);
  await create.getByRole('button', { name: '新建客户' }).click();
  await expect(teller.getByRole('region', { name: '客户', exact: true }).getByText(name, { exact: true })).toBeVisible();
  await verifyWithoutPassword(teller, { name, idNumber, mobile });

  // 2. Opening a savings account: the case waits for its documents (资料收集).
  const accountSection = teller.getByRole('region', { name: '账户业务', exact: true });
  await accountSection.getByText('开立账户', { exact: true }).click();
  const openAccount = accountSection.getByRole('form', { name: '开立账户' });
  await openAccount.getByLabel('账户类型').selectOption({ label: '储蓄' });
  await openAccount.getByRole('button', { name: '提交开户申请' }).click();
  await expect(openAccount.getByRole('status')).toHaveText('已创建，请先上传并审核所需资料；资料齐全后自动提交主管复核。');
  const sessionCase = teller.getByRole('list', { name: '本会话的业务' }).getByRole('listitem').filter({ hasText: '开户' });
  await expect(sessionCase).toContainText('资料收集');

  const panel = teller.getByRole('region', { name: '业务资料', exact: true });
  const checklist = panel.getByRole('list', { name: '开户的资料清单' });
  const item = (kind: string) => checklist.getByRole('listitem').filter({ hasText: kind });
  await expect(checklist.getByRole('listitem')).toHaveText([/^身份证人像面\s*缺少$/, /^身份证国徽面\s*缺少$/, /^业务申请书\s*缺少$/]);
  const group = (kind: string) => panel.getByRole('group', { name: kind, exact: true });

  // 3. Uploads, each with its own progress: the ID front with a stray text file chosen at the same time (refused here,
  //    the picture still goes), the back as a JPEG, the application form as a PDF dropped on its zone.
  const front = await picture('ID FRONT', 'png', '#bfdbfe');
  await group('身份证人像面').getByLabel('上传身份证人像面').setInputFiles([
    { name: 'id-front.png', mimeType: 'image/png', buffer: front },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a document') },
  ]);
  const frontUploads = group('身份证人像面').getByRole('list', { name: '身份证人像面的上传' });
  await expect(frontUploads.getByRole('progressbar', { name: 'id-front.png 的上传进度' })).toHaveJSProperty('value', 100);
  await expect(frontUploads.getByRole('listitem').filter({ hasText: 'id-front.png' })).toContainText('资料已上传。');
  await expect(frontUploads.getByRole('listitem').filter({ hasText: 'notes.txt' })).toContainText('只接受图片（JPEG、PNG、WebP、HEIC）或 PDF 文件。');
  await expect(item('身份证人像面')).toHaveText(/已上传待审核$/);

  await group('身份证国徽面').getByLabel('上传身份证国徽面').setInputFiles({ name: 'id-back.jpg', mimeType: 'image/jpeg', buffer: await picture('ID BACK (blurred)', 'jpeg', '#fde68a') });
  await expect(group('身份证国徽面').getByRole('progressbar', { name: 'id-back.jpg 的上传进度' })).toHaveJSProperty('value', 100);
  await expect(item('身份证国徽面')).toHaveText(/已上传待审核$/);

  await dropFiles(teller, group('业务申请书').getByText('上传业务申请书', { exact: true }), [{ name: 'application.pdf', mimeType: 'application/pdf', buffer: applicationPdf() }]);
  await expect(group('业务申请书').getByRole('progressbar', { name: 'application.pdf 的上传进度' })).toHaveJSProperty('value', 100);
  await expect(checklist.getByRole('listitem')).toHaveText([/^身份证人像面\s*已上传待审核$/, /^身份证国徽面\s*已上传待审核$/, /^业务申请书\s*已上传待审核$/]);
  // The PDF has no thumbnail: it is marked as a PDF and opened in a new tab.
  await expect(group('业务申请书').getByText('PDF 文件')).toBeVisible();
  await expect(group('业务申请书').getByRole('link', { name: '打开业务申请书原件（新标签页）' })).toHaveAttribute('target', '_blank');
  const thumbnail = group('身份证人像面').getByRole('img', { name: '身份证人像面的缩略图' });
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(240);
  await expectAccessible(teller);
  await panel.screenshot({ path: '/tmp/documents-panel-uploaded.png' });

  // 4. The viewer: the image beside the customer on record (masked ID number), zoomed and turned, closed with Escape.
  const frontLink = group('身份证人像面').getByRole('link', { name: '打开身份证人像面原件（新标签页）' });
  const frontUrl = (await frontLink.getAttribute('href'))!;
  expect(frontUrl).toMatch(/^\/api\/documents\/[0-9a-f-]{36}$/);
  const viewButton = group('身份证人像面').getByRole('button', { name: '查看身份证人像面' });
  await viewButton.click();
  const viewer = teller.getByRole('dialog', { name: '查看：身份证人像面' });
  await expect(viewer).toBeVisible();
  await expect(viewer.getByRole('button', { name: '关闭' })).toBeFocused();
  await expect(viewer.getByText(name, { exact: true })).toBeVisible();
  await expect(viewer.getByText(`${'*'.repeat(14)}${idNumber.slice(-4)}`, { exact: true })).toBeVisible();
  await expect(viewer).not.toContainText(idNumber.slice(0, 14));
  const original = viewer.getByRole('img', { name: '身份证人像面原件' });
  await expect.poll(() => original.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(640);
  const tools = viewer.getByRole('toolbar', { name: '图像工具' });
  await expect(tools).toContainText('缩放 100%，旋转 0°');
  await teller.screenshot({ path: '/tmp/documents-viewer-fitted.png' });
  await tools.getByRole('button', { name: '放大' }).click();
  await tools.getByRole('button', { name: '旋转 90°' }).click();
  await expect(tools).toContainText('缩放 150%，旋转 90°');
  await expect(original).toHaveCSS('transform', /matrix\(0, 1, -1, 0|matrix\(6\.\d+e-17, 1, -1, 6\.\d+e-17/);
  await expectAccessible(teller);
  await teller.screenshot({ path: '/tmp/documents-viewer.png' });
  await teller.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await expect(viewButton).toBeFocused();

  // 5. Reviews: the front accepted with its validity; the back first without a reason (refused), with an expired date
  //    (a warning), then rejected as illegible; the application form accepted.
  const frontReview = group('身份证人像面').getByRole('form', { name: '审核身份证人像面' });
  await frontReview.getByLabel('有效期起').fill('2020-03-01');
  await frontReview.getByLabel('有效期至').fill('2040-03-01');
  await frontReview.getByRole('button', { name: '通过' }).click();
  await expect(item('身份证人像面')).toHaveText(/已通过$/);
  await expect(panel.getByRole('status').filter({ hasText: '身份证人像面审核结果：已通过。' })).toBeVisible();
  await expect(group('身份证人像面').getByLabel('上传身份证人像面')).toHaveCount(0);
  await expect(group('身份证人像面')).toContainText('有效期：2020-03-01 至 2040-03-01');

  const backReview = group('身份证国徽面').getByRole('form', { name: '审核身份证国徽面' });
  await backReview.getByLabel('有效期至').fill('2020-01-31');
  await expect(backReview.getByText('证件已过有效期（2020-01-31），请核实后再决定。')).toBeVisible();
  await backReview.getByLabel('有效期至').fill('');
  await backReview.getByRole('button', { name: '退回' }).click();
  await expect(backReview.getByText('请选择原因。')).toBeVisible();
  await expect(backReview.getByLabel('退回原因')).toHaveAttribute('aria-invalid', 'true');
  await backReview.getByLabel('退回原因').selectOption({ label: '不清晰' });
  await backReview.getByRole('button', { name: '退回' }).click();
  await expect(item('身份证国徽面')).toHaveText(/已退回：不清晰$/);
  // The upload's earlier outcome was about the rejected file: it gives way to the rejection.
  await expect(group('身份证国徽面').getByRole('list', { name: '身份证国徽面的上传' })).toHaveCount(0);
  await expect(group('身份证国徽面')).toContainText('退回原因：不清晰');
  await expect(panel.getByText(/^已请客户补充：身份证国徽面（不清晰），截止 .+$/)).toBeVisible();

  await group('业务申请书').getByRole('form', { name: '审核业务申请书' }).getByRole('button', { name: '通过' }).click();
  await expect(item('业务申请书')).toHaveText(/已通过$/);
  await expect(sessionCase).toContainText('资料收集');
  await expectAccessible(teller);
  await panel.screenshot({ path: '/tmp/documents-panel-rejected.png' });

  // 6. The customer's phone: an SMS naming the document and why.
  const phone = await teller.context().newPage();
  await expect(async () => {
    await phone.goto('/demo/phone');
    const sms = phone.getByRole('list', { name: '短信', exact: true }).getByRole('listitem').filter({ hasText: `*******${mobile.slice(-4)}` }).filter({ hasText: '身份证国徽面（不清晰）' });
    await expect(sms).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await phone.close();

  // 7. The re-upload replaces the rejected back; accepted, the checklist is complete and the case goes to approval by itself.
  await expect(group('身份证国徽面').getByText('新上传的资料将替换已退回的那份。')).toBeVisible();
  await group('身份证国徽面').getByLabel('上传身份证国徽面').setInputFiles({ name: 'id-back-clear.png', mimeType: 'image/png', buffer: await picture('ID BACK', 'png', '#fef3c7') });
  await expect(group('身份证国徽面').getByRole('progressbar', { name: 'id-back-clear.png 的上传进度' })).toHaveJSProperty('value', 100);
  await expect(item('身份证国徽面')).toHaveText(/已上传待审核$/);
  const [backs] = await withDatabase((sql) => sql<{ rejected: string; replaces: string | null }[]>`
    SELECT (SELECT id FROM case_documents d WHERE d.case_id = n.case_id AND d.status = 'rejected') AS rejected, n.replaces_id AS replaces
    FROM case_documents n JOIN cases c ON c.id = n.case_id JOIN customers cu ON cu.id = c.customer_id
    WHERE cu.name = ${name} AND n.kind = 'id_back' AND n.status = 'uploaded'`);
  expect(backs!.replaces).toBe(backs!.rejected);
  await group('身份证国徽面').getByRole('form', { name: '审核身份证国徽面（第 2 份）' }).getByRole('button', { name: '通过' }).click();
  await expect(sessionCase).toContainText('待复核');
  await expect(panel).toHaveCount(0);

  // 8. The file itself: its teller sees it (not cached); another teller is told it does not exist; nobody signed out gets it.
  const own = await teller.request.get(frontUrl);
  expect(own.status()).toBe(200);
  expect(own.headers()['content-type']).toBe('image/png');
  expect(own.headers()['cache-control']).toBe('no-store');
  const teller2 = await newSignedInPage(browser, 'teller2');
  expect((await teller2.request.get(frontUrl)).status()).toBe(404);
  expect((await teller2.request.get(`${frontUrl}?thumb=1`)).status()).toBe(404);
  expect((await request.get(frontUrl)).status()).toBe(401);
  expect((await request.get(`${frontUrl}?thumb=1`)).status()).toBe(401);
});
