import { expect, test } from '@playwright/test';
import { expectAccessible, newSignedInPage } from './helpers';

// Days of 2036 only: far from the "now" every other spec counts working days from.
test('an administrator sets a holiday on the working calendar, sees it in the year, and removes it', async ({ browser }) => {
  const admin = await newSignedInPage(browser, 'admin');
  await admin.goto('/admin/calendar?year=2036');
  await expect(admin.getByRole('heading', { name: '工作日历', level: 1 })).toBeVisible();
  await expect(admin.getByRole('region', { name: '2036 年已设置的日期' }).getByText(/尚未设置/)).toBeVisible();
  await expectAccessible(admin);

  // A holiday on a Saturday is refused at its date.
  const form = admin.getByRole('form', { name: '设置节假日或调休上班日' });
  await form.getByLabel('日期').fill('2036-10-04');
  await form.getByLabel('名称').fill('国庆节');
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form.getByText('该日是周末，本就不是工作日，无需设为节假日。')).toBeVisible();

  await form.getByLabel('日期').fill('2036-10-01');
  await form.getByRole('radio', { name: '节假日（工作日放假）' }).check();
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form.getByRole('status')).toHaveText('已将 2036-10-01 设为节假日（国庆节）。');
  const days = admin.getByRole('table', { name: '2036 年已设置的日期' });
  const row = days.getByRole('row').filter({ hasText: '2036-10-01' });
  await expect(row.getByRole('rowheader')).toContainText('周三');
  await expect(row.getByRole('cell', { name: '节假日（工作日放假）' })).toBeVisible();
  await expect(row.getByRole('cell', { name: '国庆节', exact: true })).toBeVisible();
  await expectAccessible(admin);

  await row.getByRole('form', { name: '移除 2036-10-01（国庆节）' }).getByRole('button', { name: '移除' }).click();
  await expect(admin.getByRole('region', { name: '2036 年已设置的日期' }).getByText(/尚未设置/)).toBeVisible();

  // Nobody else reaches the screen.
  const teller = await newSignedInPage(browser, 'teller');
  expect((await teller.goto('/admin/calendar'))?.status()).toBe(403);
});
