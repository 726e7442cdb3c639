/**
 * R-PAID-SCOPE on the operator's screen: on the restaurant desk (seed 000) «Вопрос вне тарифа» on
 * the caller card shows the desk's script (paid work, by e-mail to its address) and records the
 * outcome in the contract's history; the internet provider's desk has no such rule and no button.
 */
import { expect, open, openContract, test } from './helpers/tickets';

test('R-PAID-SCOPE: «Вопрос вне тарифа» shows the script with the desk address and records the outcome; absent on a desk without the rule', async ({
  page,
  host,
}) => {
  test.setTimeout(60_000);
  await open(page, host);

  // The internet provider (the demo's active desk): no paid-scope rule, no button.
  await openContract(page, 'Д-000001');
  await expect(page.getByTestId('money-question')).toBeVisible();
  await expect(page.getByTestId('paid-open')).toHaveCount(0);

  // The restaurant desk (000): out-of-tariff requests by e-mail.
  await page.getByTestId('tab-settings').click();
  await page.getByTestId('profile-restaurant-integrator').check();
  await expect(page.getByTestId('topbar-profile')).toContainText('Интегратор ПО для ресторанов');
  await openContract(page, 'Д-000001');

  const paid = page.getByTestId('paid-scope');
  await paid.getByTestId('paid-open').click();
  await expect(paid.getByTestId('paid-script')).toContainText('платно');
  await expect(paid.getByTestId('paid-script')).toContainText('help@multi-support.ru');
  // Nothing is recorded without saying what was asked.
  await expect(paid.getByTestId('paid-submit')).toBeDisabled();
  await paid.getByTestId('paid-topic-access-rights').check();
  await paid.getByTestId('paid-submit').click();
  await expect(paid.getByTestId('paid-result')).toContainText('направлен письмом — help@multi-support.ru');

  // The record stays with the contract (the host's redirect history), after a reload too.
  const history = page.getByTestId('money-history');
  await expect(history).toContainText('Вопрос вне тарифа (права доступа): платная работа');
  await page.reload();
  await openContract(page, 'Д-000001');
  await expect(page.getByTestId('money-history')).toContainText('Вопрос вне тарифа (права доступа)');
});
