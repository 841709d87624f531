import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, newSignedInPage } from './helpers';

/*
 * Three inspectors calibrate on the demo contacts of teller2 with 赵六 and of teller with 李四, on the default
 * scorecard. For both contacts the record answers: verification before request N/A (no business), confirmation not met
 * (never confirmed), supplement N/A, closed with an outcome met. Every inspector rates greeting, identity statement,
 * completeness, risk disclosure and closing words as met; data accuracy 5 of 5 on 李四's contact and 2 of 5 on 赵六's;
 * attitude as below. Applicable weight: 100 − 20 − 5 (the two N/A items) = 75.
 *
 *   earned on 李四's: greeting 10 + identity 5 + confirmation 0 + accuracy 15 + completeness 5 + risk 10 + outcome 5
 *                     + closing 5 = 55, plus attitude (points / 5 × 10)
 *   earned on 赵六's: the same with accuracy 2/5 × 15 = 6, so 46, plus attitude
 *
 *              attitude 李四/赵六   李四's score           赵六's score
 *   qc  (周质检)   5 / 5        65/75 = 86.7 → 87      56/75 = 74.7 → 75
 *   qc2 (吴评)     4 / 4        63/75 = 84             54/75 = 72
 *   qc3 (郑衡)     3 / 1        61/75 = 81.3 → 81      48/75 = 64
 *
 *   medians: 李四's 84, 赵六's 72
 *   mean absolute deviation from the median: qc (3 + 3) / 2 = 3; qc2 0; qc3 (3 + 8) / 2 = 5.5
 *   Krippendorff's alpha (interval), units [87, 84, 81] and [75, 72, 64], n = 6:
 *     within-unit Σ_{i≠j} (vi − vj)² / (m − 1): 李四's 2 × (9 + 36 + 9) / 2 = 54; 赵六's 2 × (9 + 121 + 64) / 2 = 194
 *     Do = (54 + 194) / 6 = 41.333
 *     mean = 463 / 6 = 77.167; Σ (v − mean)² = 36091 − 463² / 6 = 362.833; De = 2 × 362.833 / 5 = 145.133
 *     alpha = 1 − 41.333 / 145.133 = 0.715
 *   item agreement: attitude 0% (differs on both), data accuracy 100%, confirmation 100% (all kept the record's answer)
 *
 * Calibration scores never touch inspections, so the other specs that inspect these contacts are unaffected.
 */
const LI = /王晓柜 Wang Xiaogui 与 李四 的会话/;
const ZHAO = /李安 Li An 与 赵六 的会话/;
const INSPECTORS = { qc: '周质检 Zhou Zhijian', qc2: '吴评 Wu Ping', qc3: '郑衡 Zheng Heng' } as const;
const RATINGS = {
  qc: { li: { accuracy: 5, attitude: 5, score: 87 }, zhao: { accuracy: 2, attitude: 5, score: 75 } },
  qc2: { li: { accuracy: 5, attitude: 4, score: 84 }, zhao: { accuracy: 2, attitude: 4, score: 72 } },
  qc3: { li: { accuracy: 5, attitude: 3, score: 81 }, zhao: { accuracy: 2, attitude: 1, score: 64 } },
} as const;
const MET_ITEMS = ['规范问候并报工号', '说明机构与服务身份', '业务办理完整、无遗漏', '按要求进行风险提示', '规范结束语'];
const HIDDEN_LINE = '其他成员的评分在您评完本轮全部会话后显示；本轮结束后对所有质检人员公开。';

async function openRound(page: Page, name: string) {
  await page.goto('/qc/calibration');
  await page.getByRole('table', { name: '校准轮次' }).getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible();
}

/** Scores one session of the round on its scoring page, keeping the record's answers, and comes back to the round. */
async function scoreSession(page: Page, session: RegExp, rating: { accuracy: number; attitude: number; score: number }, { audit = false } = {}) {
  await page.getByRole('link', { name: new RegExp(`^评分：${session.source}`) }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^校准评分：${session.source}`) })).toBeVisible();
  const item = (title: string) => page.getByRole('group', { name: new RegExp(title) });
  // The answers from the record are filled in; they are kept.
  await expect(item('办理业务前完成规定的身份验证').getByLabel('不适用')).toBeChecked();
  await expect(item('完成身份确认').getByLabel('不符合')).toBeChecked();
  await expect(item('会话以明确结果结束').getByLabel('符合', { exact: true })).toBeChecked();
  for (const title of MET_ITEMS) await item(title).getByLabel('符合', { exact: true }).check();
  await item('客户信息与业务要素录入准确').getByLabel(`${rating.accuracy} 分`, { exact: true }).check();
  await item('语气耐心、用语规范').getByLabel(`${rating.attitude} 分`, { exact: true }).check();
  // Calibration has no draft and no overall comment.
  await expect(page.getByRole('button', { name: '保存草稿' })).toHaveCount(0);
  if (audit) await expectAccessible(page);
  await page.getByRole('button', { name: '提交质检' }).click();
  await expect(page.getByText('您已提交对该会话的校准评分。').or(page.getByRole('status').filter({ hasText: `已提交校准评分（${rating.score} 分）` })).first()).toBeVisible();
  await page.getByRole('link', { name: /^返回校准轮次/ }).click();
  await expect(page.getByRole('table', { name: '本轮会话' }).getByRole('row', { name: session })).toContainText(`得分 ${rating.score}`);
}

/** The report: the score matrix with medians, each inspector's deviation, per-item agreement and alpha. */
async function expectReport(page: Page) {
  const report = page.getByRole('region', { name: '校准报告' });
  const matrix = report.getByRole('table', { name: '评分矩阵（会话 × 成员）' });
  // Members' columns are in the order the page lists them: read it rather than assume a collation.
  const heads = await matrix.getByRole('columnheader').allTextContents();
  expect(heads[0]).toBe('会话');
  expect(heads.at(-1)).toBe('中位数');
  const byName = Object.fromEntries(Object.entries(INSPECTORS).map(([login, name]) => [name, RATINGS[login as keyof typeof RATINGS]]));
  const members = heads.slice(1, -1);
  expect([...members].sort()).toEqual(Object.values(INSPECTORS).sort());
  await expect(matrix.getByRole('row', { name: LI }).getByRole('cell')).toHaveText([...members.map((m) => String(byName[m]!.li.score)), '84']);
  await expect(matrix.getByRole('row', { name: ZHAO }).getByRole('cell')).toHaveText([...members.map((m) => String(byName[m]!.zhao.score)), '72']);

  const deviations = report.getByRole('table', { name: '与中位数的偏差' });
  await expect(deviations.getByRole('row', { name: INSPECTORS.qc }).getByRole('cell')).toHaveText('3 分');
  await expect(deviations.getByRole('row', { name: INSPECTORS.qc2 }).getByRole('cell')).toHaveText('0 分');
  await expect(deviations.getByRole('row', { name: INSPECTORS.qc3 }).getByRole('cell')).toHaveText('5.5 分');

  const agreement = report.getByRole('table', { name: '各评分项一致率' });
  await expect(agreement.getByRole('row', { name: /语气耐心、用语规范/ }).getByRole('cell')).toHaveText('0%');
  await expect(agreement.getByRole('row', { name: /客户信息与业务要素录入准确/ }).getByRole('cell')).toHaveText('100%');
  await expect(agreement.getByRole('row', { name: /完成身份确认/ }).getByRole('cell')).toHaveText('100%');

  await expect(report).toContainText("Krippendorff's α（区间数据） = 0.715");
  await expect(page.getByText(HIDDEN_LINE)).toHaveCount(0);
}

test('three inspectors score two contacts blind; each sees the matrix, the deviations and alpha only after scoring all', async ({ browser }) => {
  const name = `校准 ${Date.now()}`;

  // qc opens a round from the QC home page.
  const qc = await newSignedInPage(browser, 'qc');
  await qc.goto('/qc');
  await qc.getByRole('link', { name: '质检校准', exact: true }).click();
  await expect(qc.getByRole('heading', { level: 1, name: '质检校准' })).toBeVisible();
  await expect(qc.getByText(/Krippendorff's α（区间数据）：1 表示完全一致，0 表示与随机评分无异/)).toBeVisible();
  const form = qc.getByRole('form', { name: '新建校准轮次' });
  const sessions = form.getByRole('group', { name: /^会话/ });
  const members = form.getByRole('group', { name: /^质检人员/ });
  // No session and only one inspector: both refused at their fieldsets.
  await form.getByLabel('轮次名称').fill(name);
  await members.getByLabel(INSPECTORS.qc2).uncheck();
  await members.getByLabel(INSPECTORS.qc3).uncheck();
  await form.getByRole('button', { name: '创建校准轮次' }).click();
  await expect(sessions).toHaveAttribute('aria-invalid', 'true');
  await expect(sessions.getByText('请至少选择一个已结束的会话。')).toBeVisible();
  await expect(members).toHaveAttribute('aria-invalid', 'true');
  await expect(members.getByText('请至少选择两位在岗质检人员。')).toBeVisible();
  await expectAccessible(qc);

  // The demo contacts are the oldest ended sessions with these customers: the last of their kind in the list.
  await sessions.getByLabel(ZHAO).last().check();
  await sessions.getByLabel(LI).last().check();
  for (const member of Object.values(INSPECTORS)) await members.getByLabel(member, { exact: true }).check();
  await form.getByRole('button', { name: '创建校准轮次' }).click();
  await expect(qc.getByRole('status').filter({ hasText: '校准轮次已创建，各成员可独立评分。' })).toBeVisible();
  await openRound(qc, name);
  await expect(qc.getByText('评分表：通用服务质检表')).toBeVisible();
  await expectAccessible(qc);

  // qc scores both (auditing the scoring page once) and, having scored all, sees its own column only so far.
  await scoreSession(qc, LI, RATINGS.qc.li, { audit: true });
  await scoreSession(qc, ZHAO, RATINGS.qc.zhao);

  // qc2 sees none of qc's scores until they have scored every session themselves.
  const qc2 = await newSignedInPage(browser, 'qc2');
  await openRound(qc2, name);
  await expect(qc2.getByText(HIDDEN_LINE)).toBeVisible();
  await expect(qc2.getByRole('region', { name: '校准报告' })).toHaveCount(0);
  await expect(qc2.getByText(`得分 ${RATINGS.qc.li.score}`)).toHaveCount(0);
  await expect(qc2.getByRole('button', { name: '结束本轮校准' })).toHaveCount(0);
  await scoreSession(qc2, LI, RATINGS.qc2.li);
  await expect(qc2.getByText(HIDDEN_LINE)).toBeVisible();
  await expect(qc2.getByRole('table', { name: /评分矩阵/ })).toHaveCount(0);
  await scoreSession(qc2, ZHAO, RATINGS.qc2.zhao);
  await expect(qc2.getByRole('table', { name: /评分矩阵/ })).toBeVisible();

  // qc3 scores blind too: the scoring page shows none of the others' scores.
  const qc3 = await newSignedInPage(browser, 'qc3');
  await openRound(qc3, name);
  await expect(qc3.getByText(HIDDEN_LINE)).toBeVisible();
  await qc3.getByRole('link', { name: /^评分：王晓柜 Wang Xiaogui 与 李四/ }).click();
  for (const other of [RATINGS.qc.li.score, RATINGS.qc2.li.score]) await expect(qc3.getByText(`得分 ${other}`)).toHaveCount(0);
  await qc3.getByRole('link', { name: /^返回校准轮次/ }).click();
  await scoreSession(qc3, LI, RATINGS.qc3.li);
  await scoreSession(qc3, ZHAO, RATINGS.qc3.zhao);

  // Everyone has scored everything: each sees the same report.
  await expectReport(qc3);
  await expectAccessible(qc3);
  await qc2.reload();
  await expectReport(qc2);
  await qc.reload();
  await expectReport(qc);

  // The creator closes the round: no more scoring links, the report stays.
  await qc.getByRole('form', { name: `结束校准轮次：${name}` }).getByRole('button', { name: '结束本轮校准' }).click();
  await expect(qc.getByRole('region', { name: '概况' }).getByText('已结束', { exact: true })).toBeVisible();
  await expect(qc.getByRole('link', { name: /^评分：/ })).toHaveCount(0);
  await expectReport(qc);
  await expectAccessible(qc);
});
