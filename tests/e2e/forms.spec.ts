/**
 * Issue 11 item 3 end to end: forms checked in the renderer with the host's schemas, in Russian.
 * Required fields are marked, errors stand under their fields (aria-invalid + aria-describedby),
 * the first invalid field takes the focus, an unavailable button says why, a created ticket takes
 * the focus; and no English word reaches the Russian screen (helpers/russianText.ts).
 */
import { expect, open, openContract, test } from './helpers/tickets';
import { englishOnPage } from './helpers/russianText';

test('R-CLAIM: required fields marked; empty, future-dated and e-mail-less claims are stopped in the renderer, in Russian, the first bad field focused', async ({
  page,
  host,
}) => {
  await open(page, host);
  await openContract(page, 'Д-000001');
  await page.keyboard.press('Alt+5');
  await page.getByTestId('claim-new').click();
  const form = page.getByTestId('claim-form');
  for (const name of ['holderName', 'contractNo', 'phone', 'incident', 'incidentFrom', 'receivedOn']) {
    await expect(form.getByTestId(`required-${name}`)).toBeVisible();
  }
  await expect(form.getByTestId('claim-holder')).toHaveAttribute('aria-required', 'true');

  await form.getByTestId('claim-holder').fill('');
  await form.getByTestId('claim-received').fill('25.11.2026'); // the console's today is 24.11.2026
  await form.getByTestId('claim-address').fill('');
  await form.getByTestId('claim-save').click();

  await expect(form.getByTestId('issue-holderName')).toHaveText('Обязательное поле');
  await expect(form.getByTestId('issue-incident')).toHaveText('Обязательное поле');
  await expect(form.getByTestId('issue-answerAddress')).toHaveText('Обязательное поле');
  await expect(form.getByTestId('issue-receivedOn')).toHaveText('Дата ещё не наступила (сегодня 24.11.2026)');
  const holder = form.getByTestId('claim-holder');
  await expect(holder).toBeFocused();
  await expect(holder).toHaveAttribute('aria-invalid', 'true');
  const described = (await holder.getAttribute('aria-describedby')) ?? '';
  await expect(page.locator(`[id="${described}"]`)).toHaveText('Обязательное поле');
  expect(await englishOnPage(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/forms-claim-errors.png' });

  // A phone typed as the e-mail address; the period ending before it starts.
  await holder.fill('Иванов Иван Петрович');
  await form.getByTestId('claim-incident').fill('Не было интернета');
  await form.getByTestId('claim-address').fill('8 903 969-14-45');
  await form.getByTestId('claim-received').fill('24.11.2026');
  await form.getByTestId('claim-period').check();
  await form.getByTestId('claim-incident-from').fill('20.11.2026');
  await form.getByTestId('claim-incident-to').fill('19.11.2026');
  await form.getByTestId('claim-save').click();
  await expect(form.getByTestId('issue-answerAddress')).toHaveText('Это не адрес электронной почты. Пример: ivanov@mail.ru');
  await expect(form.getByTestId('issue-incidentTo')).toHaveText('Дата окончания раньше даты начала');
  await expect(form.getByTestId('issue-holderName')).toHaveCount(0);
  await expect(form.getByTestId('claim-incident-to')).toBeFocused(); // the first field still wrong, in the form's order
  expect(await englishOnPage(page)).toEqual([]);

  await form.getByTestId('claim-incident-to').fill('21.11.2026');
  await form.getByTestId('claim-address').fill('ivanov@mail.ru');
  await form.getByTestId('claim-save').click();
  await expect(page.getByTestId('claim-saved')).toBeVisible();
});

test('R-TKT-TYPES: «Создать заявку» says why it is unavailable; the duplicate warning takes the focus; the created ticket takes the focus', async ({
  page,
  host,
}) => {
  await open(page, host);
  await openContract(page, 'Д-000001');
  await page.getByTestId('contract-tickets').getByTestId('context-new-ticket').click();
  const form = page.getByTestId('ticket-new-form');
  await expect(form.getByTestId('required-subject')).toBeVisible();
  await expect(form.getByTestId('new-save')).toBeDisabled();
  await expect(form.getByTestId('new-save-reason')).toHaveText('Заполните: Тема');
  await expect(form.getByTestId('new-save')).toHaveAccessibleDescription('Заполните: Тема');
  expect(await englishOnPage(page)).toEqual([]);
  await form.getByTestId('new-subject').fill('Нет интернета');
  await expect(form.getByTestId('new-save-reason')).toHaveCount(0);
  await form.getByTestId('new-subject').press('Enter');
  const detail = page.getByTestId('ticket-detail');
  await expect(detail.getByTestId('ticket-title')).toBeFocused();

  // A second ticket for the same contract: the duplicate warning comes into view with the focus.
  await page.getByTestId('tab-identification').click();
  await page.getByTestId('contract-tickets').getByTestId('context-new-ticket').click();
  await page.getByTestId('new-subject').fill('Снова нет интернета');
  await page.getByTestId('new-subject').press('Enter');
  const warning = page.getByTestId('dup-warning');
  await expect(warning).toBeFocused();
  await expect(warning).toBeInViewport();
  expect(await englishOnPage(page)).toEqual([]);
  await warning.getByTestId('dup-follow-up').first().click();
  await expect(page.getByTestId('ticket-title')).toBeFocused();
});

test('R-VIS-FORM: the visit form marks address, responsible person and phone required and checks them with the host schema before booking', async ({
  page,
  host,
}) => {
  await open(page, host);
  await page.keyboard.press('Alt+5');
  await page.getByTestId('ticket-new').click();
  const ticketForm = page.getByTestId('ticket-new-form');
  await ticketForm.getByTestId('new-contract').fill('Д-000002');
  await ticketForm.getByTestId('new-subject').fill('Не работает Wi-Fi');
  await ticketForm.getByTestId('new-save').click();
  await expect(page.getByTestId('ticket-detail').getByTestId('ticket-subject')).toHaveText('Не работает Wi-Fi');
  await page.getByTestId('ticket-detail').getByTestId('ticket-book-visit').click();
  const form = page.getByTestId('visit-request').getByTestId('visit-form');
  await expect(form).toBeVisible();
  const controls = { address: 'visit-address', responsible: 'visit-responsible', phone: 'visit-form-phone' } as const;
  for (const [name, testId] of Object.entries(controls)) {
    await expect(form.getByTestId(`required-${name}`)).toBeVisible();
    await expect(form.getByTestId(testId)).toHaveAttribute('aria-required', 'true');
  }
  await expect(form.getByTestId('visit-intercom')).not.toHaveAttribute('aria-required', 'true');

  await form.getByTestId('visit-address').fill('');
  await form.getByTestId('visit-responsible').fill('   ');
  await form.getByTestId('visit-form-phone').fill('');
  await form.getByTestId('visit-confirm').click();
  await expect(form.getByTestId('issue-address')).toHaveText('Обязательное поле');
  await expect(form.getByTestId('issue-responsible')).toBeVisible();
  await expect(form.getByTestId('issue-phone')).toBeVisible();
  const address = form.getByTestId('visit-address');
  await expect(address).toBeFocused();
  await expect(address).toHaveAttribute('aria-invalid', 'true');
  const described = (await address.getAttribute('aria-describedby')) ?? '';
  await expect(page.locator(`[id="${described}"]`)).toHaveText('Обязательное поле');
  await expect(page.getByTestId('visit-booked')).toHaveCount(0);
  expect(await englishOnPage(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/forms-visit-required.png' });

  // Filled in, the same form books: the check stops only what the host would refuse.
  await address.fill('Москва, ул. Лесная, д. 5, кв. 12');
  await expect(form.getByTestId('issue-address')).toHaveCount(0);
  await form.getByTestId('visit-responsible').fill('Петрова Анна');
  await form.getByTestId('visit-form-phone').fill('+7 916 123-45-67');
  await form.getByTestId('visit-confirm').click();
  await expect(page.getByTestId('visit-booked')).toBeVisible();
});

test('R-TKT-TYPES: the ticket form checks the phone with the host schema before saving: the error under the field in Russian, the field focused; fixed, it saves', async ({
  page,
  host,
}) => {
  await open(page, host);
  await page.keyboard.press('Alt+5');
  await page.getByTestId('ticket-new').click();
  const form = page.getByTestId('ticket-new-form');
  await form.getByTestId('new-contract').fill('Д-000002');
  await form.getByTestId('new-phone').fill('12345');
  await form.getByTestId('new-serial').fill('1234 5'); // R-ID-SERIAL: the mutator's own 12-digit check, run here first
  await form.getByTestId('new-subject').fill('Нет интернета');
  await form.getByTestId('new-subject').press('Enter');

  const phone = form.getByTestId('new-phone');
  await expect(form.getByTestId('issue-phone')).toHaveText('Это не номер телефона. Пример: +7 903 969-14-45 или 8 (903) 969-14-45');
  await expect(phone).toBeFocused();
  await expect(phone).toHaveAttribute('aria-invalid', 'true');
  const described = (await phone.getAttribute('aria-describedby')) ?? '';
  await expect(page.locator(`[id="${described}"]`)).toHaveText(/Это не номер телефона/);
  await expect(form.getByTestId('issue-serial')).toHaveText('В серийном номере 12 цифр, введено 5');
  await expect(page.getByTestId('ticket-detail')).toHaveCount(0);
  expect(await englishOnPage(page)).toEqual([]);

  // Corrected, the message goes as the operator types, and the same form saves.
  await phone.fill('8 903 969-14-45');
  await expect(form.getByTestId('issue-phone')).toHaveCount(0);
  await form.getByTestId('new-serial').fill('');
  await expect(form.getByTestId('issue-serial')).toHaveCount(0);
  await form.getByTestId('new-save').click();
  await expect(page.getByTestId('ticket-detail').getByTestId('ticket-subject')).toHaveText('Нет интернета');
});

test('R-ID-CONTRACT: verification marks both names required, says which one is empty under it and focuses it; filled, it verifies', async ({ page, host }) => {
  await open(page, host);
  await openContract(page, 'Д-000001');
  const form = page.getByTestId('verify-form');
  for (const name of ['contractNo', 'surname']) await expect(form.getByTestId(`required-${name}`)).toBeVisible();
  await expect(form.getByTestId('verify-surname')).toHaveAttribute('aria-required', 'true');

  await form.getByTestId('verify-contract').fill('Д-000001');
  await form.getByTestId('verify-contract').press('Enter');
  const surname = form.getByTestId('verify-surname');
  await expect(form.getByTestId('issue-surname')).toHaveText('Обязательное поле');
  await expect(form.getByTestId('issue-contractNo')).toHaveCount(0);
  await expect(surname).toBeFocused();
  await expect(surname).toHaveAttribute('aria-invalid', 'true');
  // Stopped in the form: nothing was asked, so no «не подтверждён».
  await expect(page.getByTestId('verify-result')).toHaveCount(0);
  expect(await englishOnPage(page)).toEqual([]);

  await surname.fill('Иванов');
  await expect(form.getByTestId('issue-surname')).toHaveCount(0);
  await surname.press('Enter');
  await expect(page.getByTestId('verify-result')).toHaveAttribute('data-verified', 'true');
});

test('desk profile: required fields marked; an empty name, a duration not in mm:ss and zero hours are stopped in the form, in Russian, the first focused; fixed, it saves', async ({
  page,
  host,
}) => {
  await open(page, host);
  await page.getByTestId('tab-settings').click();
  const form = page.getByTestId('profile-form');
  for (const name of ['name', 'callLimit.warnAtSec', 'callLimit.limitSec', 'balance.staleAfterHours', 'moneyRedirect.label']) {
    await expect(form.getByTestId(`required-${name}`)).toBeVisible();
  }
  await expect(form.getByTestId('profile-name')).toHaveAttribute('aria-required', 'true');
  await expect(form.getByTestId('profile-debt-days')).not.toHaveAttribute('aria-required', 'true');
  const name = await form.getByTestId('profile-name').inputValue();

  await form.getByTestId('profile-name').fill('');
  await form.getByTestId('profile-call-warn').fill('13 минут');
  await form.getByTestId('profile-stale-hours').fill('0');
  await form.getByTestId('profile-save').click();
  await expect(form.getByTestId('issue-name')).toHaveText('Обязательное поле');
  await expect(form.getByTestId('issue-callLimit.warnAtSec')).toContainText('мм:сс');
  await expect(form.getByTestId('issue-balance.staleAfterHours')).toHaveText('Значение должно быть больше 0');
  await expect(form.getByTestId('profile-issues')).toBeVisible();
  const nameInput = form.getByTestId('profile-name');
  await expect(nameInput).toBeFocused();
  await expect(nameInput).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByTestId('profile-call-warn')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByTestId('profile-call-warn')).toHaveValue('13 минут'); // what was typed stays
  await expect(page.getByTestId('profile-saved')).toHaveCount(0);
  expect(await englishOnPage(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/forms-profile-errors.png', fullPage: true });

  await nameInput.fill(name);
  await form.getByTestId('profile-call-warn').fill('12:30');
  await form.getByTestId('profile-stale-hours').fill('6');
  await form.getByTestId('profile-save').click();
  await expect(page.getByTestId('profile-saved')).toBeVisible();
  await expect(form.getByTestId('profile-issues')).toHaveCount(0);
  await expect(form.getByTestId('profile-call-warn')).toHaveValue('12:30');
});
