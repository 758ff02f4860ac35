// The CSV's columns: a heading in Chinese for each field of the report, in
// the form's order, and each value as the agency reads it (codes named in
// words, times as written). Fixed here, not taken from the form's wording, so
// that an agency's spreadsheets keep working when the form's questions change.
import type { Report } from '../src/contract/schema';
import { zhCN } from '../src/i18n/zh-CN';

const messages = zhCN as Record<string, string>;
/** A code in words, e.g. unitType "school" → 中小学校; a code without words is shown as it is. */
const named = (prefix: string, code: string | undefined) => (code ? (messages[`${prefix}.${code}`] ?? code) : '');
const yesNo = (value: string | undefined) => (value ? (messages[`common.${value}`] ?? value) : '');
const flag = (value: boolean | undefined) => (value === undefined ? '' : value ? '是' : '否');
const text = (value: string | number | undefined) => (value === undefined ? '' : String(value));

/** Columns of the report itself; the export puts the envelope's (reference, times, hash) before them. */
export const REPORT_COLUMNS: readonly [string, (report: Report) => string][] = [
  ['报告人姓名', (r) => r.reporter.name],
  ['报告单位', (r) => r.reporter.unitName],
  ['单位类型', (r) => named('unitType', r.reporter.unitType)],
  ['职务', (r) => text(r.reporter.position)],
  ['报告人电话', (r) => r.reporter.phone],
  ['知悉方式', (r) => named('howKnown', r.reporter.howKnown)],
  ['请求身份保密', (r) => flag(r.reporter.confidential)],
  ['儿童姓名', (r) => text(r.child.name)],
  ['儿童外貌描述', (r) => text(r.child.description)],
  ['性别', (r) => named('sex', r.child.sex)],
  ['出生日期', (r) => text(r.child.dateOfBirth)],
  ['大约年龄', (r) => text(r.child.ageYears)],
  ['儿童现在何处', (r) => r.child.whereNow],
  ['住址', (r) => text(r.child.address)],
  ['学校', (r) => text(r.child.school)],
  ['班级', (r) => text(r.child.className)],
  ['监护人', (r) => text(r.child.guardians)],
  ['照料情况', (r) => named('careStatus', r.child.careStatus)],
  ['残疾情况', (r) => text(r.child.disability)],
  ['语言需求', (r) => text(r.child.languageNeeds)],
  ['应当报告的情形', (r) => r.incident.circumstances.map((code) => named('circumstance', code)).join('；')],
  ['发现时间', (r) => r.incident.discoveredAt],
  ['发生时间', (r) => text(r.incident.occurredAt)],
  ['发生地点', (r) => text(r.incident.occurredPlace)],
  ['经过', (r) => r.incident.narrative],
  ['儿童原话', (r) => text(r.incident.childWords)],
  ['伤情', (r) => text(r.incident.injuries)],
  ['是否处于紧急危险', (r) => yesNo(r.incident.immediateDanger)],
  ['是否知道嫌疑人', (r) => yesNo(r.suspect.known)],
  ['嫌疑人姓名', (r) => text(r.suspect.name)],
  ['嫌疑人与儿童关系', (r) => text(r.suspect.relationship)],
  ['嫌疑人能否接触儿童', (r) => yesNo(r.suspect.hasAccess)],
  ['已报警', (r) => flag(r.actions.policeNotified)],
  ['报警时间', (r) => text(r.actions.policeNotifiedAt)],
  ['派出所', (r) => text(r.actions.policeStation)],
  ['接警编号', (r) => text(r.actions.policeIncidentNumber)],
  ['已告知的其他部门', (r) => r.actions.otherAgencies.map((code) => named('agency', code)).join('；')],
  ['其他部门说明', (r) => text(r.actions.otherAgenciesNote)],
  ['是否告知监护人', (r) => yesNo(r.actions.guardianInformed)],
  ['未告知监护人的原因', (r) => text(r.actions.guardianNotInformedReason)],
  ['就医情况', (r) => text(r.actions.medicalCare)],
  ['善意报告声明', (r) => flag(r.declaration.goodFaith)],
  ['时区偏移（分钟）', (r) => String(r.utcOffsetMinutes)],
];
