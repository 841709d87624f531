import { expect, test } from '@playwright/test';
import { expectAccessible, newSignedInPage } from './helpers';

// Days of 2036 only: far from the "now" every other spec counts working days from.
test('an administrator proposes a holiday, a second administrator approves it, and the removal goes the same way', async ({ browser }) => {
  const admin = await newSignedInPage(browser, 'admin');
  await admin.goto('/admin/calendar?year=2036');
  await expect(admin.getByRole('heading', { name: '工作日历', level: 1 })).toBeVisible();
  await expect(admin.getByRole('region', { name: '2036 年已设置的日期' }).getByText(/尚未设置/)).toBeVisible();
  await expectAccessible(admin);

  // A holiday on a Saturday is refused at its date; a proposal without a note at the note.
  const form = admin.getByRole('form', { name: '设置节假日或调休上班日' });
  await form.getByLabel('日期').fill('2036-10-04');
  await form.getByLabel('名称').fill('国庆节');
  await form.getByRole('button', { name: '提交复核' }).click();
  await expect(form.getByText('该日是周末，本就不是工作日，无需设为节假日。')).toBeVisible();
  await expect(form.getByText('请填写变更说明（至少 2 个字）。')).toBeVisible();

  await form.getByLabel('日期').fill('2036-10-01');
  await form.getByRole('radio', { name: '节假日（工作日放假）' }).check();
  await form.getByLabel('变更说明').fill('按国务院办公厅公布的安排');
  await form.getByRole('button', { name: '提交复核' }).click();
  await expect(form.getByRole('status')).toHaveText('已提交复核：另一位系统管理员批准后生效。');
  // Nothing is set yet: the proposal waits, and its proposer may not decide it.
  const pending = admin.getByRole('region', { name: '待复核的变更' });
  await expect(pending.getByText('将 2036-10-01（周三）设为节假日（工作日放假）：国庆节')).toBeVisible();
  await expect(pending.getByText('此变更由您提出，待另一位系统管理员复核后生效。')).toBeVisible();
  await expect(pending.getByRole('form')).toHaveCount(0);
  await expect(admin.getByRole('region', { name: '2036 年已设置的日期' }).getByText(/尚未设置/)).toBeVisible();
  await expectAccessible(admin);

  // The second administrator sees who proposed it and why, and approves it: it is in the year, set by them.
  const admin2 = await newSignedInPage(browser, 'admin2');
  await admin2.goto('/admin/calendar?year=2036');
  const theirs = admin2.getByRole('region', { name: '待复核的变更' });
  await expect(theirs.getByText(/系统管理员 Admin 于 .* 提出/)).toBeVisible();
  await expect(theirs.getByText('变更说明：按国务院办公厅公布的安排')).toBeVisible();
  await expectAccessible(admin2);
  await theirs.getByRole('form', { name: /^复核变更 / }).getByRole('button', { name: '批准并生效' }).click();
  await expect(admin2.getByText('已批准，变更已生效。')).toBeVisible();
  await expect(admin2.getByRole('region', { name: '待复核的变更' })).toHaveCount(0);
  const days = admin2.getByRole('table', { name: '2036 年已设置的日期' });
  const row = days.getByRole('row').filter({ hasText: '2036-10-01' });
  await expect(row.getByRole('rowheader')).toContainText('周三');
  await expect(row.getByRole('cell', { name: '节假日（工作日放假）' })).toBeVisible();
  await expect(row.getByRole('cell', { name: '国庆节', exact: true })).toBeVisible();
  await expect(row).toContainText('系统管理员二 Admin Two');

  // The second administrator proposes its removal (saying why); the first approves, and the year is empty again.
  await row.getByText('申请移除').click();
  const remove = row.getByRole('form', { name: '移除 2036-10-01（国庆节）' });
  await remove.getByLabel('移除理由').fill('安排取消');
  await remove.getByRole('button', { name: '提交复核' }).click();
  await expect(remove.getByRole('status')).toHaveText('已提交复核：另一位系统管理员批准后生效。');
  await admin.reload();
  const removal = admin.getByRole('region', { name: '待复核的变更' });
  await expect(removal.getByText('移除 2036-10-01（周三），恢复为普通日')).toBeVisible();
  await removal.getByRole('form', { name: /^复核变更 / }).getByRole('button', { name: '批准并生效' }).click();
  await expect(admin.getByText('已批准，变更已生效。')).toBeVisible();
  await expect(admin.getByRole('region', { name: '2036 年已设置的日期' }).getByText(/尚未设置/)).toBeVisible();
  await expectAccessible(admin);

  // Nobody else reaches the screen.
  const teller = await newSignedInPage(browser, 'teller');
  expect((await teller.goto('/admin/calendar'))?.status()).toBe(403);
});
