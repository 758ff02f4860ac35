// Walks the minimal urgent report (a child in danger now; the teacher has
// called 110) from the unlocked home screen to the confirmation, and counts
// what it costs: taps beyond typing, questions shown, screens, and how many of
// the taps needed a scroll first. It drives whatever form is built, answering
// each question only when it is on screen, so the same walk measures any flow.
import type { Locator, Page } from '@playwright/test';

export interface UrgentPathFigures {
  /** Taps on buttons, links, radios, checkboxes and options; not the tap into a text field to type. */
  taps: number;
  /** Of those, how many were out of sight (below the fold or under a bar) until the user scrolled. */
  tapsNeedingScroll: number;
  /** Of those, the buttons (start, next, back, submit): the ones that must always be in reach. */
  buttonsNeedingScroll: number;
  /** Native date-time pickers the user had to work through. */
  datePickers: number;
  /** Text fields typed into. */
  typed: number;
  /** Text fields out of sight until the user scrolled. */
  typedNeedingScroll: number;
  /** Questions (form fields) shown along the way, each counted once. */
  questionsShown: number;
  /** Distinct screens of the form, the review included. */
  screens: number;
  /** What was tapped, in order, with "(scroll)" where a scroll came first. */
  log: string[];
}

/** Whether the user can see and tap the element without scrolling: in the viewport and not under anything. */
async function inReach(target: Locator): Promise<boolean> {
  return target.evaluate((element) => {
    const box = element.getBoundingClientRect();
    if (box.height === 0 || box.top < 0 || box.bottom > window.innerHeight) return false;
    // Radios and checkboxes are often styled under their label: test the label's point.
    const probe = element.closest('label') ?? element;
    const probeBox = probe.getBoundingClientRect();
    const x = Math.min(probeBox.left + 12, window.innerWidth - 1);
    const y = probeBox.top + Math.min(probeBox.height / 2, 20);
    const hit = document.elementFromPoint(x, y);
    return hit !== null && (probe.contains(hit) || hit.contains(probe));
  });
}

export async function walkUrgentPath(page: Page): Promise<UrgentPathFigures> {
  const figures: UrgentPathFigures = {
    taps: 0,
    tapsNeedingScroll: 0,
    buttonsNeedingScroll: 0,
    datePickers: 0,
    typed: 0,
    typedNeedingScroll: 0,
    questionsShown: 0,
    screens: 0,
    log: [],
  };
  const questions = new Set<string>();
  const screens = new Set<string>();

  const tap = async (target: Locator, what: string) => {
    const reachable = await inReach(target);
    figures.taps += 1;
    if (!reachable) figures.tapsNeedingScroll += 1;
    if (!reachable && (await target.getAttribute('type')) !== 'checkbox' && (await target.getAttribute('type')) !== 'radio') {
      figures.buttonsNeedingScroll += 1;
    }
    figures.log.push(reachable ? what : `${what} (scroll)`);
    await target.click();
  };
  const type = async (target: Locator, value: string) => {
    if (!(await inReach(target))) figures.typedNeedingScroll += 1;
    figures.typed += 1;
    await target.fill(value);
  };
  const visible = async (target: Locator) => (await target.count()) > 0 && (await target.first().isVisible());
  const noteQuestions = async () => {
    const ids = await page.locator('.field').evaluateAll((fields) =>
      fields
        .filter((field) => field.checkVisibility())
        .map((field) => field.querySelector('[id^="field-"]')?.id ?? field.querySelector('legend, label')?.textContent ?? ''),
    );
    for (const id of ids) questions.add(id);
  };

  await tap(page.getByRole('button', { name: '开始新报告' }), 'start');
  for (let screen = 0; screen < 12; screen++) {
    await page.waitForURL(/\/report\/[0-9a-f-]+\/step-\d/);
    await page.locator('.step').first().waitFor();
    screens.add(new URL(page.url()).pathname);

    // What the urgent report answers, wherever the form asks it; done top to bottom, as a person would.
    const answers: { target: Locator; needed: () => Promise<boolean>; answer: () => Promise<void> }[] = [];
    const typeInto = (label: RegExp, value: string) => {
      const target = page.getByLabel(label);
      answers.push({ target, needed: async () => (await target.inputValue()) === '', answer: () => type(target, value) });
    };
    const tick = (target: Locator, what: string) =>
      answers.push({ target, needed: async () => !(await target.isChecked()), answer: () => tap(target, what) });
    typeInto(/^儿童姓名/, '小明');
    typeInto(/^儿童现在在哪里/, '学校医务室，班主任陪着');
    tick(page.getByRole('group', { name: /紧急危险/ }).getByRole('radio', { name: '是', exact: true }), 'danger: yes');
    tick(page.getByRole('checkbox', { name: /身体存在多处损伤/ }), 'circumstance 4');
    tick(page.getByRole('checkbox', { name: /已经报警/ }), 'police called');
    tick(page.getByRole('checkbox', { name: /我出于善意报告/ }), 'declaration');
    typeInto(/^经过/, '课间发现孩子手臂和背上多处淤青，孩子说是继父打的，不敢回家。');
    const discoveredAt = page.getByLabel(/^发现时间/);
    answers.push({
      target: discoveredAt,
      needed: async () => (await discoveredAt.inputValue()) === '',
      answer: async () => {
        figures.datePickers += 1;
        figures.log.push('discovery time: native picker');
        await discoveredAt.fill(new Date(Date.now() - new Date().getTimezoneOffset() * 60_000 - 3_600_000).toISOString().slice(0, 16));
      },
    });
    const onScreen: { top: number; answer: () => Promise<void> }[] = [];
    for (const { target, needed, answer } of answers) {
      if (!(await visible(target)) || !(await needed())) continue;
      const top = await target.first().evaluate((element) => element.getBoundingClientRect().top + window.scrollY);
      onScreen.push({ top, answer });
    }
    for (const { answer } of onScreen.sort((a, b) => a.top - b.top)) await answer();
    // An old form's danger notice had to be dismissed before going on.
    const noticeContinue = page.locator('.danger-notice').getByRole('button', { name: /继续/ });
    if (await visible(noticeContinue)) await tap(noticeContinue, 'danger notice: continue');

    await noteQuestions();
    const submit = page.getByRole('button', { name: '提交报告' });
    if (await visible(submit)) {
      await tap(submit, 'submit');
      await page.getByRole('heading', { name: '报告已提交' }).waitFor();
      break;
    }
    await tap(page.getByRole('button', { name: '下一步' }), 'next');
  }
  figures.questionsShown = questions.size;
  figures.screens = screens.size;
  return figures;
}
