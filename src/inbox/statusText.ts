// A status in words: "已移送（民政部门）".
import type { ReferralDepartment, ReportStatus } from '../contract/reportStatus';
import type { InboxText } from './inboxText';

export function statusText(ti: InboxText, status: ReportStatus, referredTo?: ReferralDepartment): string {
  const words = ti(`inbox.status.${status}`);
  return referredTo ? ti('inbox.status.referredTo', { status: words, department: ti(`inbox.department.${referredTo}`) }) : words;
}
