import { and, eq, inArray } from 'drizzle-orm';
import type { Deps } from '../../platform/deps.js';
import { transact } from '../../platform/transaction.js';
import { notifyUsers } from '../notifications/index.js';
import { users } from '../org/index.js';
import { dueDateOf, formatDay, inReminderWindow, reportingPeriod } from './programme.rules.js';
import { taskViews } from './programme.service.js';
import { programmeReminders, programmes } from './programme.table.js';

export const PROGRAMME_REMIND_JOB = 'programme.remind';

/**
 * Reminds every unit that still owes a report for the current period, from `reminderDaysBefore` days before
 * the due date: once per programme, unit and period (the reminder key makes a second run a no-op).
 */
export async function sendProgrammeReminders(deps: Deps): Promise<number> {
  const day = formatDay(deps.now());
  return transact(deps.database, deps.bus, async ({ tx }) => {
    const active = await tx.select().from(programmes).where(eq(programmes.status, 'active'));
    let sent = 0;
    for (const p of active) {
      const period = reportingPeriod(p.reportingCycle, day);
      if (!inReminderWindow(period, p.reportDueDays, p.reminderDaysBefore, day)) continue;
      const { views } = await taskViews(tx, p, day);
      const owed = new Map<string, { orgId: string; name: string; numbers: string[] }>();
      for (const v of views)
        for (const u of v.task.reportsDue) {
          if (!u.orgId) continue;
          const e = owed.get(u.id) ?? { orgId: u.orgId, name: u.name, numbers: [] };
          e.numbers.push(v.task.number);
          owed.set(u.id, e);
        }
      for (const [unitId, e] of owed) {
        const key = `${p.id}:${unitId}:${period.key}`;
        const fresh = await tx.insert(programmeReminders).values({ key }).onConflictDoNothing().returning();
        if (!fresh.length) continue;
        const recipients = await tx
          .select({ id: users.id })
          .from(users)
          .where(and(inArray(users.orgId, [e.orgId]), eq(users.isActive, true)));
        await notifyUsers(
          tx,
          recipients.map((r) => r.id),
          {
            kind: 'programme.report_due',
            title: `规划实施进展报送提醒：${period.key}`,
            body: `《${p.title}》${period.key} 进展请于 ${dueDateOf(period, p.reportDueDays)} 前报送（${e.name}：${e.numbers.slice(0, 10).join('、')}${e.numbers.length > 10 ? ' 等' : ''}，共 ${e.numbers.length} 项）。`,
            entity: 'programme',
            entityId: p.id,
          },
        );
        sent++;
      }
    }
    return sent;
  });
}
