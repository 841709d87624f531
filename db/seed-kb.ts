import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import { db } from '@/db';
import { kbVersions, staff } from '@/db/schema';
import { beijingDate } from '@/lib/calendar/working-days';
import type { Business } from '@/lib/cases/approval-policy';
import type { KbKind } from '@/lib/kb/schemas';
import { decideVersion, proposeVersion } from '@/lib/kb/service';

const DAY = 86_400_000;

// The demo knowledge base: written by the demo supervisor, published by the demo QC member (four-eyes). The last one's
// review date has passed, so the supervisor sees it among their overdue reviews.
const DEMO_ARTICLES: { kind: KbKind; title: string; businessTypes: Business[]; reviewInDays: number; body: string }[] = [
  {
    kind: 'procedure',
    title: '如何办理开卡业务',
    businessTypes: ['open_card'],
    reviewInDays: 180,
    body: `# 适用范围

个人客户通过空中柜面申请借记卡（开卡）。

# 办理步骤

1. 完成身份验证：基本信息、查询密码、动态口令、身份确认。
2. 核对客户名下须有**正常状态**的结算账户。
3. 在会话控制台提交开卡申请，主管复核通过后进入制卡。
4. 制卡完成后邮寄（记录快递单号）或网点自取（核验身份证并签收）。
5. 客户收到卡片后，在会话中完成激活并设置交易密码。

> 客户身份或资料存疑时，不得提交申请，应按异常处理流程上报主管。

相关资料清单见 [资料清单](/checklists)。`,
  },
  {
    kind: 'product',
    title: '转账限额说明 Transfer limits',
    businessTypes: ['transfer_internal', 'transfer_external', 'limit_change'],
    reviewInDays: 365,
    body: `# 默认限额

| 渠道 | 单笔 | 单日 |
|---|---|---|
| 空中柜面转账 | 5 万元 | 20 万元 |
| ATM 取款 | 2 万元 | 2 万元 |

# 调整限额

客户可在会话中申请**调整限额**：调高须通过动态口令验证并经主管复核；调低即时生效。

# 大额转账

单笔 5 万元以上的跨行转账须主管复核，高风险客户须两名主管复核。`,
  },
  {
    kind: 'faq',
    title: '客户收不到动态口令怎么办？',
    businessTypes: ['change_mobile', 'transfer_external', 'limit_change'],
    reviewInDays: 90,
    body: `动态口令（one-time code）发送到客户的**预留手机号**，10 分钟内有效，最多输错 3 次。

- 请客户确认手机信号正常、未拦截银行短信；
- 30 秒后可重新发送，10 分钟内最多发送 3 次；
- 预留手机号已停用的，须先办理变更预留手机号（身份信息变更，须主管复核）。

切勿让客户把口令告诉他人，也不要在通话中复述口令。`,
  },
  {
    kind: 'procedure',
    title: '银行卡挂失与冻结',
    businessTypes: ['card_loss', 'unfreeze'],
    reviewInDays: -30,
    body: `客户报失银行卡时，先完成基本信息验证，再在会话中提交**挂失/冻结**。

解冻须客户本人申请，并经主管复核。`,
  },
];

/** Seeds the demo articles that are missing (by title); each written by the demo supervisor and published by the demo QC member. */
export async function seedDemoKnowledge(): Promise<{ articlesAdded: number }> {
  const people = await db.select({ id: staff.id, username: staff.username }).from(staff).where(inArray(staff.username, ['supervisor', 'qc']));
  const writer = people.find((p) => p.username === 'supervisor');
  const approver = people.find((p) => p.username === 'qc');
  if (!writer || !approver) throw new Error('seedDemoKnowledge: the demo supervisor and QC member must be seeded first');
  let articlesAdded = 0;
  for (const a of DEMO_ARTICLES) {
    const [exists] = await db.select({ articleId: kbVersions.articleId }).from(kbVersions).where(eq(kbVersions.title, a.title)).limit(1);
    if (exists) continue;
    const reviewBy = beijingDate(new Date(Date.now() + a.reviewInDays * DAY));
    const { articleId, version } = await proposeVersion(writer.id, { articleId: null, baseVersion: null, kind: a.kind, title: a.title, body: a.body, businessTypes: a.businessTypes, reviewBy });
    await decideVersion(approver.id, articleId, version, true, '');
    articlesAdded++;
  }
  return { articlesAdded };
}
