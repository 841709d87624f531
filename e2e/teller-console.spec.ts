import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { expectAccessible, fillIntakeDetails, newSignedInPage, randomMobile, signIn, withDatabase } from './helpers';

test('the teller finds a demo customer by name and by full ID number without the number ever entering the URL', async ({ browser }) => {
  const teller = await newSignedInPage(browser, 'teller');
  await teller.getByRole('button', { name: '开始会话' }).click();
  await teller.waitForURL(/\/teller\/sessions\/[0-9a-f-]{36}$/);
  const search = teller.getByRole('form', { name: '客户查询' });
  await expect(teller.getByLabel('处理时长')).toHaveText(/^00:0\d:\d\d$/);
  await teller.getByText('键盘快捷键').click();
  await expect(teller.getByText('Alt+2')).toBeVisible();
  await teller.keyboard.press('Alt+1');
  await expect(search.getByLabel('姓名、完整证件号码、证件号后4位或手机号')).toBeFocused();

  await search.getByLabel('姓名、完整证件号码、证件号后4位或手机号').fill('不存在的人');
  await search.getByRole('button', { name: '查询' }).click();
  await expect(search.getByRole('status')).toContainText('未找到客户');

  await search.getByLabel('姓名、完整证件号码、证件号后4位或手机号').fill('11010519491231002X');
  await search.getByRole('button', { name: '查询' }).click();
  const results = teller.getByRole('list', { name: '查询结果' });
  await expect(results.getByText('**************002X')).toBeVisible();
  expect(teller.url()).not.toContain('11010519491231002X');
  await expectAccessible(teller);

  await results.getByRole('button', { name: '选择 张三' }).click();
  await expect(teller.getByRole('form', { name: '基本信息验证' })).toBeVisible();
  const verify = teller.getByRole('form', { name: '基本信息验证' });
  await teller.keyboard.press('Alt+2');
  await expect(verify.getByLabel('客户所述姓名')).toBeFocused();
  await verify.getByLabel('客户所述姓名').fill('张三');
  await verify.getByLabel('客户所述身份证号码').fill('11010519491231002X');
  await verify.getByLabel('客户所述手机号').fill('13800138001');
  await verify.getByRole('button', { name: '基本信息验证' }).click();
  await expect(verify.getByRole('status')).toContainText('验证未通过');
  await expect(teller.getByText('请先完成身份验证：基本信息、查询密码、动态口令、身份确认。')).toBeVisible();
  const end = teller.getByRole('form', { name: '结束会话' });
  await end.getByLabel('结束原因').selectOption('dropped');
  await end.getByRole('group', { name: '客户满意度' }).getByLabel('客户拒绝评价').check();
  await end.getByRole('button', { name: '结束会话' }).click();
  await expect(teller.getByText('已结束').first()).toBeVisible();
});

test('a contact left open when the teller signs out is closed by the system as abandoned', async ({ browser }) => {
  // Earlier tests left other sign-ins of this teller open; a teller signed in elsewhere keeps their contacts open.
  await withDatabase((sql) => sql`
    UPDATE staff_sessions SET ended_at = now(), end_reason = 'signed_out'
    WHERE ended_at IS NULL AND staff_id = (SELECT id FROM staff WHERE username = 'teller')`);
  const teller = await newSignedInPage(browser, 'teller');
  await teller.getByLabel('渠道').selectOption('video');
  await teller.getByRole('button', { name: '开始会话' }).click();
  await teller.waitForURL(/\/teller\/sessions\/[0-9a-f-]{36}$/);
  const sessionUrl = teller.url();
  await teller.getByRole('button', { name: '退出登录' }).click();
  await expect(teller).toHaveURL(/\/login/);
  await signIn(teller, 'teller');
  await expect(teller.getByRole('heading', { name: '我的工作台' })).toBeVisible();
  await expect(teller.getByText('客户放弃').first()).toBeVisible();
  await teller.goto(sessionUrl);
  await expect(teller.getByText('已结束', { exact: true })).toBeVisible();
  await expect(teller.getByRole('list', { name: '会话时间线' }).getByText(/系统关闭会话 — 柜员退出登录/)).toBeVisible();
  await expect(teller.getByRole('form', { name: '结束会话' })).toHaveCount(0);
});

test('three wrong one-time codes lock the customer; a supervisor sees the exception and clears it', async ({ browser }) => {
  const teller = await newSignedInPage(browser, 'teller');
  await teller.getByRole('button', { name: '开始会话' }).click();
  await teller.waitForURL(/\/teller\/sessions\/[0-9a-f-]{36}$/);
  await teller.getByLabel('姓名、完整证件号码、证件号后4位或手机号').fill('孙七');
  await teller.getByRole('button', { name: '查询' }).click();
  await teller.getByRole('button', { name: '选择 孙七' }).click();
  const verify = teller.getByRole('form', { name: '基本信息验证' });
  await verify.getByLabel('客户所述姓名').fill('孙七');
  await verify.getByLabel('客户所述身份证号码').fill('330106200101011232');
  await verify.getByLabel('客户所述手机号').fill('18600003333');
  await verify.getByRole('button', { name: '基本信息验证' }).click();
  await expect(verify.getByRole('status')).toContainText('验证通过');
  await teller.getByRole('button', { name: '发送动态口令' }).click();
  const otp = teller.getByRole('form', { name: '动态口令', exact: true });
  for (const attempt of ['还可尝试 2 次', '还可尝试 1 次', '身份验证已锁定']) {
    await otp.getByLabel('客户读出的动态口令').fill('000000');
    await otp.getByRole('button', { name: '校验口令' }).click();
    await expect(otp.getByRole('status')).toContainText(attempt);
  }
  await expect(teller.getByRole('alert').filter({ hasText: '已锁定身份验证' })).toBeVisible();

  const supervisor = await newSignedInPage(browser, 'supervisor2');
  const exceptions = supervisor.getByRole('region', { name: /身份验证异常/ });
  await expect(exceptions.getByText('孙七', { exact: true })).toBeVisible();
  await expectAccessible(supervisor);
  const clear = exceptions.getByRole('form', { name: '解除 孙七 的锁定' });
  await clear.getByRole('button', { name: '解除锁定' }).click();
  await expect(clear.getByText('请填写核查情况后再解除。')).toBeVisible();
  await clear.getByLabel('孙七 的核查意见').fill('已回访客户本人，确认为误输入');
  await clear.getByRole('button', { name: '解除锁定' }).click();
  await expect(supervisor.getByText('当前没有客户被锁定身份验证。')).toBeVisible();

  await teller.reload();
  await expect(teller.getByRole('alert').filter({ hasText: '已锁定身份验证' })).toHaveCount(0);
});

test('a teller hands a contact to another teller with a note; the receiver sees it and both sides are on the timeline', async ({ browser }) => {
  // The receiver is at work (signed in): only then can a contact be handed to them.
  const receiver = await newSignedInPage(browser, 'teller2');
  const teller = await newSignedInPage(browser, 'teller');
  await teller.getByLabel('渠道').selectOption('phone');
  await teller.getByRole('button', { name: '开始会话' }).click();
  await teller.waitForURL(/\/teller\/sessions\/[0-9a-f-]{36}$/);
  const sessionUrl = teller.url();
  const transfer = teller.getByRole('form', { name: '转接会话' });
  await transfer.getByRole('button', { name: '转接' }).click();
  await expect(transfer.getByText('请选择在岗的柜员或主管。')).toBeVisible();
  await expect(transfer.getByText('请写明接手人需要了解的情况。')).toBeVisible();
  await transfer.getByLabel('转接给').selectOption({ label: '李安 Li An' });
  await transfer.getByLabel('交接说明').fill('客户要办理信用卡挂失，请继续核实身份');
  await transfer.getByRole('button', { name: '转接' }).click();
  await expect(teller).toHaveURL(/\/teller\?notice=transferred$/);
  await expect(teller.getByRole('status').filter({ hasText: '会话已转接' })).toBeVisible();

  await receiver.goto('/teller');
  await expect(receiver.getByText('由 王晓柜 Wang Xiaogui 转入：客户要办理信用卡挂失，请继续核实身份')).toBeVisible();
  await receiver.goto(sessionUrl);
  const timeline = receiver.getByRole('list', { name: '会话时间线' });
  await expect(timeline.getByText(/转出 → 李安 Li An：客户要办理信用卡挂失/)).toBeVisible();
  await expect(timeline.getByText('转入')).toBeVisible();
  await expectAccessible(receiver);
  await teller.goto(sessionUrl);
  await expect(teller.getByRole('heading', { name: '页面不存在，或您无权查看' })).toBeVisible();
});

test('a teller escalates a contact to a supervisor, who notes and ends it', async ({ browser }) => {
  const supervisor = await newSignedInPage(browser, 'supervisor2');
  const teller = await newSignedInPage(browser, 'teller');
  await teller.getByRole('button', { name: '开始会话' }).click();
  await teller.waitForURL(/\/teller\/sessions\/[0-9a-f-]{36}$/);
  const notes = teller.getByRole('form', { name: '备注' });
  await notes.getByLabel('记入时间线的备注').fill('客户来电投诉上月手续费');
  await notes.getByRole('button', { name: '添加备注' }).click();
  await expect(teller.getByRole('list', { name: '会话时间线' }).getByText(/备注：客户来电投诉上月手续费/)).toBeVisible();
  const transfer = teller.getByRole('form', { name: '转接会话' });
  await transfer.getByLabel('转接给').selectOption({ label: '主管 赵敏 Zhao Min（升级处理）' });
  await transfer.getByLabel('交接说明').fill('客户要求主管答复手续费问题');
  await transfer.getByRole('button', { name: '转接' }).click();
  await expect(teller).toHaveURL(/\/teller\?notice=transferred$/);

  await supervisor.goto('/supervisor');
  const handed = supervisor.getByRole('region', { name: /转给我的会话/ });
  await expect(handed.getByText('来自 王晓柜 Wang Xiaogui：客户要求主管答复手续费问题').first()).toBeVisible();
  await handed.getByRole('link', { name: '打开与 尚未识别客户 的会话' }).first().click();
  await expect(supervisor.getByRole('heading', { name: '转给我的会话', level: 1 })).toBeVisible();
  await expectAccessible(supervisor);
  const note = supervisor.getByRole('form', { name: '备注' });
  await note.getByLabel('记入时间线的备注').fill('已解释收费标准并同意减免一次');
  await note.getByRole('button', { name: '添加备注' }).click();
  await expect(supervisor.getByRole('list', { name: '会话时间线' }).getByText(/已解释收费标准并同意减免一次/)).toBeVisible();
  const end = supervisor.getByRole('form', { name: '结束会话' });
  await end.getByLabel('结束原因').selectOption('resolved');
  await end.getByRole('group', { name: '客户满意度' }).getByLabel('4 分 – 满意').check();
  await end.getByRole('button', { name: '结束会话' }).click();
  await expect(supervisor.getByText('已结束').first()).toBeVisible();
});

test('a duplicate ID number leads to the existing customer, not a second record', async ({ browser }) => {
  const teller = await newSignedInPage(browser, 'teller');
  await teller.getByRole('button', { name: '开始会话' }).click();
  await teller.waitForURL(/\/teller\/sessions\/[0-9a-f-]{36}$/);
  const create = teller.getByRole('form', { name: '新建客户' });
  for (const [label, value] of [['姓名', '张叁'], ['证件号码', '11010519491231002x'], ['预留手机号', '13911112222'], ['再次输入姓名（二次确认）', '张叁'], ['再次输入证件号码（二次确认）', '11010519491231002X'], ['再次输入手机号（二次确认）', '13911112222']] as const) {
    await create.getByLabel(label, { exact: true }).fill(value);
  }
  await fillIntakeDetails(create);
  await create.getByRole('button', { name: '新建客户' }).click();
  await expect(teller.getByRole('status').filter({ hasText: '该证件的客户已存在' })).toBeVisible();
  const card = teller.getByRole('region', { name: '客户', exact: true });
  await expect(card.getByText('张三', { exact: true })).toBeVisible();
  await expect(card.getByText('*******8000')).toBeVisible();
  const [{ n }] = await withDatabase((sql) => sql<{ n: number }[]>`SELECT count(*)::int AS n FROM customers WHERE name IN ('张三', '张叁')`);
  expect(n).toBe(1);
});

test('a minor is refused without a guardian, then accepted with one; the console shows the guardian and the flag', async ({ browser }) => {
  const teller = await newSignedInPage(browser, 'teller');
  await teller.getByRole('button', { name: '开始会话' }).click();
  await teller.waitForURL(/\/teller\/sessions\/[0-9a-f-]{36}$/);
  const first17 = `1101052016${String(1 + Math.floor(Math.random() * 12)).padStart(2, '0')}${String(1 + Math.floor(Math.random() * 28)).padStart(2, '0')}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][i]!, 0);
  const idNumber = first17 + '10X98765432'[sum % 11];
  const mobile = randomMobile();
  const create = teller.getByRole('form', { name: '新建客户' });
  for (const [label, value] of [['姓名', '李小宝'], ['证件号码', idNumber], ['预留手机号', mobile], ['再次输入姓名（二次确认）', '李小宝'], ['再次输入证件号码（二次确认）', idNumber], ['再次输入手机号（二次确认）', mobile]] as const) {
    await create.getByLabel(label, { exact: true }).fill(value);
  }
  await fillIntakeDetails(create);
  await create.getByRole('button', { name: '新建客户' }).click();
  await expect(create.getByText('客户未满 18 周岁，须登记监护人。')).toHaveCount(3);
  await expectAccessible(teller);
  await create.getByLabel('监护人姓名').fill('李大山');
  await create.getByLabel('与客户关系').selectOption({ label: '父母' });
  await create.getByLabel('监护人居民身份证号码').fill('440308199001012215');
  await create.getByRole('button', { name: '新建客户' }).click();
  const card = teller.getByRole('region', { name: '客户', exact: true });
  await expect(card.getByText('李大山 · 父母')).toBeVisible();
  await expect(card.getByText('未成年客户 · 由监护人代理')).toBeVisible();
});

test('the telephony endpoint refuses a bad token with 401 and wrong input with 400, over HTTP', async ({ request }) => {
  const body = { sessionId: '00000000-0000-4000-8000-000000000000', digits: '135790' };
  const noToken = await request.post('/api/integrations/telephony/password', { data: body });
  expect(noToken.status()).toBe(401);
  const bad = await request.post('/api/integrations/telephony/password', { data: body, headers: { Authorization: 'Bearer not-a-real-token-0123456789' } });
  expect(bad.status()).toBe(401);
  expect(bad.headers()['www-authenticate']).toBe('Bearer');
  const [{ denied }] = await withDatabase((sql) => sql<{ denied: number }[]>`
    SELECT count(*)::int AS denied FROM audit_events WHERE action = 'integration.keypad' AND outcome = 'denied' AND occurred_at > now() - interval '1 minute'`);
  expect(denied).toBeGreaterThanOrEqual(2);
});

test('a recording is uploaded, stored with its hash and played with the timeline as markers; a wrong-type file is refused', async ({ browser }) => {
  const teller = await newSignedInPage(browser, 'teller');
  await teller.getByRole('button', { name: '开始会话' }).click();
  await teller.waitForURL(/\/teller\/sessions\/[0-9a-f-]{36}$/);
  const sessionId = teller.url().split('/').at(-1)!;
  const card = teller.getByRole('region', { name: '录音录像' });
  await expect(card.getByText('本会话暂无录音录像。')).toBeVisible();

  // A PDF named like a recording: refused by its content, nothing stored.
  const upload = card.getByRole('form', { name: '上传录音' });
  await upload.getByLabel('录音录像文件（音频或视频）').setInputFiles({ name: 'call.wav', mimeType: 'audio/wav', buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n') });
  await upload.getByRole('button', { name: '上传录音' }).click();
  await expect(upload.getByRole('alert')).toHaveText('该文件不是音频或视频。录音须为 WAV、MP3、OGG、WebM 或 MP4 格式。');

  // A real WAV (two seconds, 8 kHz): stored, then playable with the session's events as markers.
  await upload.getByLabel('录音录像文件（音频或视频）').setInputFiles({ name: 'call.wav', mimeType: 'audio/wav', buffer: wav(2) });
  await upload.getByRole('button', { name: '上传录音' }).click();
  await expect(upload.getByRole('status')).toContainText('录音已保存并关联到本会话。');
  const player = card.getByLabel('录音 1', { exact: true });
  await expect(player).toBeVisible();
  const markers = card.getByRole('list', { name: '录音 1的时间线标记' });
  await expect(markers.getByRole('button', { name: /会话开始/ })).toBeVisible();
  await markers.getByRole('button', { name: /会话开始/ }).click();
  await expect.poll(() => player.evaluate((el: HTMLMediaElement) => el.readyState)).toBeGreaterThan(0);
  expect(await player.evaluate((el: HTMLMediaElement) => el.duration)).toBeCloseTo(2, 1);
  await expectAccessible(teller);

  const [row] = await withDatabase((sql) => sql<{ sha256: string; mime: string }[]>`
    SELECT f.sha256, f.mime FROM session_recordings r JOIN stored_files f ON f.id = r.file_id WHERE r.session_id = ${sessionId}`);
  expect(row!.mime).toBe('audio/wav');
  expect(row!.sha256).toBe(createHash('sha256').update(wav(2)).digest('hex'));
});

test('QC plays a demo recording of an ended session with its markers', async ({ browser }) => {
  const qc = await newSignedInPage(browser, 'qc');
  await qc.getByRole('link', { name: /与 李四 的会话/ }).first().click();
  const card = qc.getByRole('region', { name: '录音录像' });
  const player = card.getByLabel('录音 1', { exact: true });
  await expect.poll(() => player.evaluate((el: HTMLMediaElement) => el.readyState), { timeout: 10_000 }).toBeGreaterThan(0);
  const markers = card.getByRole('list', { name: '录音 1的时间线标记' });
  await markers.getByRole('button', { name: /查询密码（键盘输入）/ }).click();
  await expect.poll(() => player.evaluate((el: HTMLMediaElement) => el.currentTime)).toBeGreaterThanOrEqual(28);
  await expectAccessible(qc);
});

/** A WAV file of `seconds` of silence-with-hum, as a recorder would deliver (16-bit mono, 8 kHz). */
function wav(seconds: number): Buffer {
  const data = Buffer.alloc(seconds * 8000 * 2);
  for (let i = 0; i < seconds * 8000; i++) data.writeInt16LE(Math.round(500 * Math.sin((2 * Math.PI * 440 * i) / 8000)), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
