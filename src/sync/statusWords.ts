// Where a report stands with the agency, in words (DOMAIN.md's status words),
// and its marks. A translator is passed in, so that a bilingual receipt says
// it in both of its languages.
import type { ReferralDepartment, ReportStatus } from '../contract/reportStatus';
import type { Params } from '../i18n/language';
import type { MessageKey } from '../i18n/zh-CN';
import type { StatusMark } from './statusTimers';

export type Translate = (key: MessageKey, params?: Params) => string;

/** "已受理", or "已移送（民政部门）" for a referred report. */
export function agencyStatusWords(t: Translate, { status, referredTo }: { status: ReportStatus; referredTo?: ReferralDepartment }): string {
  if (status === 'referred') {
    return referredTo ? t('agencyStatus.referredTo', { department: t(`agencyStatus.department.${referredTo}`) }) : t('agencyStatus.referred');
  }
  return t(`agencyStatus.${status}`);
}

/** "3 天未答复", "3 个月未办结". */
export const markWords = (t: Translate, mark: StatusMark): string => t(mark === 'noReply' ? 'statusMark.noReply' : 'statusMark.noResult');

/** Whose the note is: the agency's, by the name it signed with. */
export const noteCaption = (t: Translate, { agency }: { agency?: string }): string =>
  agency ? t('agencyStatus.noteFrom', { agency }) : t('agencyStatus.noteFromAgency');
