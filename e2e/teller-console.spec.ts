import { expect, test } from '@playwright/test';
import { expectAccessible, newSignedInPage } from './helpers';

test('the teller finds a demo customer by name and by full ID number without the number ever entering the URL', async ({ browser }) => {
  const teller = await newSignedInPage(browser, 'teller');
  await teller.getByRole('button', { name: '开始会话' }).click();
  await teller.waitForURL(/\/teller\/sessions\/[0-9a-f-]{36}$/);
  const search = teller.getByRole('form', { name: '客户查询' });

  await search.getByLabel('完整身份证号码或姓名').fill('不存在的人');
  await search.getByRole('button', { name: '查询' }).click();
  await expect(search.getByRole('status')).toContainText('未找到客户');

  await search.getByLabel('完整身份证号码或姓名').fill('11010519491231002X');
  await search.getByRole('button', { name: '查询' }).click();
  const results = teller.getByRole('list', { name: '查询结果' });
  await expect(results.getByText('**************002X')).toBeVisible();
  expect(teller.url()).not.toContain('11010519491231002X');
  await expectAccessible(teller);

  await results.getByRole('button', { name: '选择 张三' }).click();
  await expect(teller.getByRole('form', { name: '基本信息验证' })).toBeVisible();
  const verify = teller.getByRole('form', { name: '基本信息验证' });
  await verify.getByLabel('客户所述姓名').fill('张三');
  await verify.getByLabel('客户所述身份证号码').fill('11010519491231002X');
  await verify.getByLabel('客户所述手机号').fill('13800138001');
  await verify.getByRole('button', { name: '基本信息验证' }).click();
  await expect(verify.getByRole('status')).toContainText('验证未通过');
  await expect(teller.getByText('请先完成客户基本信息验证。')).toBeVisible();
  await teller.getByRole('button', { name: '结束会话' }).click();
  await expect(teller.getByText('已结束').first()).toBeVisible();
});
