import { expect, importDirectory, openConsole, search, test } from './helpers/console';
import { HEADER, scenarioRows, toCsv, TOTAL_ROWS } from './helpers/directoryCsv';

const MONEY = /1\s234,56\s₽/; // formatRub uses no-break spaces

test('import, identify by phone, verify, balance verdicts, shared phone, money question', async ({ page, host, cspErrors, writeCsv }) => {
  await openConsole(page, host);
  await expect(page.getByTestId('topbar-directory')).toHaveText(/Справочник пуст/);

  await importDirectory(page, writeCsv('directory.csv', toCsv(scenarioRows())));
  await expect(page.getByTestId('import-result')).toHaveAttribute('data-outcome', 'done');
  await expect(page.getByTestId('import-result')).toContainText(`${TOTAL_ROWS} договоров`);
  await expect(page.getByTestId('topbar-directory')).toHaveText(new RegExp(`Справочник: ${TOTAL_ROWS} договоров`));
  await expect(page.getByTestId('directory-contracts')).toHaveText(String(TOTAL_ROWS));

  // R-ID-PHONE: the caller's number in another spelling finds the contract.
  await search(page, '8 (903) 969-14-45');
  const rows = page.getByTestId('search-result');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Иванов Иван Петрович');
  await expect(rows.first()).toContainText('+7 903 969-14-45');
  await rows.first().click();

  const card = page.getByTestId('caller-card');
  await expect(card).toBeVisible();
  await expect(card.getByTestId('card-contract-no')).toHaveText('Д-000001');
  await expect(card.getByTestId('card-holder')).toHaveText('Иванов Иван Петрович');
  await expect(card.getByTestId('card-devices')).toHaveText('123456789012');

  // R-ID-CONTRACT: contract number + surname (any case), Enter in a field checks.
  await page.getByTestId('verify-contract').fill('Д-000001');
  await page.getByTestId('verify-surname').fill('иванов');
  await page.getByTestId('verify-surname').press('Enter');
  await expect(page.getByTestId('verify-result')).toHaveText(/Договор подтверждён/);
  await expect(page.getByTestId('verify-result')).toHaveAttribute('data-verified', 'true');

  // R-BAL-POSITIVE: balance with its date, green verdict with words, not colour alone.
  await expect(page.getByTestId('balance')).toHaveText(MONEY);
  await expect(page.getByTestId('balance')).toHaveText(/на \d{2}\.\d{2}\.\d{4} \d{2}:\d{2} МСК/);
  const verdict = page.getByTestId('eligibility-verdict');
  await expect(verdict).toHaveAttribute('data-level', 'ok');
  await expect(verdict).toContainText('Поддержка оказывается');
  await expect(verdict).toContainText('✔');
  await page.screenshot({ path: 'test-results/identification-verified.png', fullPage: true });

  await page.getByTestId('verify-surname').fill('Петров');
  await page.getByTestId('verify-contract').press('Enter');
  await expect(page.getByTestId('verify-result')).toHaveText(/Не подтверждён: фамилия не совпадает с владельцем договора/);
  await expect(page.getByTestId('verify-result')).toHaveAttribute('data-verified', 'false');

  await page.getByTestId('verify-contract').fill('Д-999999');
  await page.getByTestId('verify-surname').press('Enter');
  await expect(page.getByTestId('verify-result')).toHaveText(/Не подтверждён: договор не найден/);

  // Several contracts on one phone are all listed, with the hint.
  await search(page, '8 (495) 123-45-67');
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('shared-phone')).toHaveText(/на этом номере 2 договора/);
  await expect(rows.filter({ hasText: 'Фёдорова Анна Сергеевна' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'Фёдоров Пётр Ильич' })).toHaveCount(1);

  // A new contract resets the verification.
  await rows.filter({ hasText: 'Фёдорова' }).click();
  await expect(page.getByTestId('card-contract-no')).toHaveText('Д-000002');
  await expect(page.getByTestId('verify-result')).toHaveCount(0);
  await expect(page.getByTestId('verify-contract')).toHaveValue('');

  // Negative balance: red verdict, with the reason in words; Enter opens the first result.
  await search(page, 'Сидоров');
  await expect(rows).toHaveCount(1);
  await page.getByTestId('search-input').press('Enter');
  await expect(page.getByTestId('card-contract-no')).toHaveText('Д-000004');
  await expect(verdict).toHaveAttribute('data-level', 'block');
  await expect(verdict).toContainText('Отрицательный баланс — поддержка не оказывается');
  await expect(page.getByTestId('balance')).toHaveText(/−3\s500,00\s₽/);

  // R-BAL-SCOPE: the money question is redirected, with a required reason, and recorded.
  await page.getByTestId('money-question').click();
  await page.getByTestId('money-submit').click();
  await expect(page.getByText('Укажите суть вопроса')).toBeVisible();
  await page.getByTestId('money-reason').fill('Просит проверить, прошёл ли платёж');
  await page.getByTestId('money-submit').click();
  await expect(page.getByTestId('money-result')).toContainText('Переадресовано:');
  await expect(page.getByTestId('money-result')).toContainText(/Записано \d{2}\.\d{2}\.\d{4} \d{2}:\d{2} МСК/);
  await expect(page.getByText('Просит проверить, прошёл ли платёж')).toHaveCount(1);

  // 1280×800 without horizontal scrolling.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  await page.screenshot({ path: 'test-results/identification.png', fullPage: true });
  expect(cspErrors).toEqual([]);
});

test('search messages: an 11-digit serial, nothing found', async ({ page, host, writeCsv }) => {
  await openConsole(page, host);
  await importDirectory(page, writeCsv('directory.csv', toCsv(scenarioRows())));
  await search(page, '1234 5678 901');
  await expect(page.getByTestId('search-message')).toHaveText(/Серийный номер должен содержать 12 цифр, введено 11/);
  await search(page, '1234 5678 9012');
  await expect(page.getByTestId('search-result')).toHaveCount(1);
  await expect(page.getByTestId('search-result').first()).toContainText('Д-000001');
  await search(page, 'Несуществующий');
  await expect(page.getByTestId('search-message')).toHaveText(/ничего не найдено.*Проверьте написание/);
});

test('a CSV with a bad row is refused with its line and field; the previous directory stays', async ({ page, host, writeCsv }) => {
  await openConsole(page, host);
  const good = writeCsv('directory.csv', toCsv(scenarioRows()));
  await importDirectory(page, good);
  await expect(page.getByTestId('import-result')).toHaveAttribute('data-outcome', 'done');
  await search(page, 'Д-000001');
  await page.getByTestId('search-input').press('Enter');
  await expect(page.getByTestId('card-contract-no')).toHaveText('Д-000001');
  await page.getByTestId('tab-directory').click();

  const bad = [HEADER, 'Д-900001;Новиков Новый Новович;+7 903 000-00-01;;100;;;Базовый;;', 'Д-900002;Плохов Плохой;не телефон;;100;;;Базовый;;'].join('\n');
  await page.getByTestId('import-file').setInputFiles(writeCsv('bad.csv', `${bad}\n`));
  await page.getByTestId('import-submit').click();
  const result = page.getByTestId('import-result');
  await expect(result).toHaveAttribute('data-outcome', 'failed', { timeout: 30_000 });
  await expect(result).toContainText('строка 3');
  await expect(result).toContainText('Телефоны');
  await expect(result).toContainText('Прежний справочник сохранён');
  await expect(page.getByTestId('directory-contracts')).toHaveText(String(TOTAL_ROWS));
  await page.screenshot({ path: 'test-results/directory-import-failed.png', fullPage: true });

  await search(page, 'Иванов');
  await expect(page.getByTestId('search-result')).toHaveCount(1);
  await search(page, 'Новиков Новый');
  await expect(page.getByTestId('search-message')).toBeVisible();

  // A successful re-import replaces the contract ids; the open card follows its contract number.
  await importDirectory(page, good);
  await expect(page.getByTestId('import-result')).toHaveAttribute('data-outcome', 'done');
  await page.getByTestId('tab-identification').click();
  await expect(page.getByTestId('caller-card')).toBeVisible();
  await expect(page.getByTestId('card-contract-no')).toHaveText('Д-000001');
});

test('the import detects a windows-1251 export by default and says which encoding it read', async ({ page, host }) => {
  await openConsole(page, host);
  await page.getByTestId('tab-directory').click();
  await expect(page.getByTestId('import-encoding')).toHaveValue('auto');
  // windows-1251: А..я are 0xC0..0xFF, as Russian Excel and 1C save it.
  const text = `${HEADER}\r\nД-000001;Фомин Фрол;+7 903 969-14-45;;100;;;Базовый;;\r\n`;
  const cp1251 = Buffer.from([...text].map((ch) => (ch.charCodeAt(0) >= 0x410 ? 0xc0 + ch.charCodeAt(0) - 0x410 : ch.charCodeAt(0))));
  await page.getByTestId('import-file').setInputFiles({ name: 'billing.csv', mimeType: 'text/csv', buffer: cp1251 });
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('import-result')).toHaveAttribute('data-outcome', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('import-encoding-used')).toHaveText('Кодировка файла: Windows-1251');
  await search(page, 'Фомин');
  await expect(page.getByTestId('search-result').first()).toContainText('Фомин Фрол');
});

test('English can be chosen in the top bar and is remembered by the host', async ({ page, host }) => {
  await openConsole(page, host);
  await expect(page.getByTestId('tab-identification')).toHaveText('Идентификация');
  await page.getByTestId('locale-switch').selectOption('en');
  await expect(page.getByTestId('tab-identification')).toHaveText('Identification');
  await expect(page.getByTestId('tab-directory')).toHaveText('Directory');
  await expect(page.getByTestId('tab-settings')).toHaveText('Settings');
  await expect(page.getByTestId('search-input')).toHaveAttribute('placeholder', 'Phone, contract number, surname or serial number');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('clock')).toContainText('MSK');
  await page.screenshot({ path: 'test-results/identification-en.png', fullPage: true });

  // Reload: the token comes from sessionStorage, the language from the host (app:info).
  await page.reload();
  await expect(page.getByTestId('tab-identification')).toHaveText('Identification');
  await page.getByTestId('locale-switch').selectOption('ru');
  await expect(page.getByTestId('tab-identification')).toHaveText('Идентификация');
});

test('keyboard: / and Ctrl+K focus the search, arrows + Enter open, Esc clears, ? shows the keys', async ({ page, host, writeCsv }) => {
  await openConsole(page, host);
  await importDirectory(page, writeCsv('directory.csv', toCsv(scenarioRows())));

  // From another tab, Ctrl+K comes back to the search.
  await page.getByTestId('tab-directory').click();
  await page.keyboard.press('Control+k');
  const input = page.getByTestId('search-input');
  await expect(input).toBeFocused();

  await page.locator('body').click({ position: { x: 640, y: 780 } });
  await expect(input).not.toBeFocused();
  await page.keyboard.press('/');
  await expect(input).toBeFocused();
  await expect(input).toHaveValue(''); // the "/" itself is not typed into the field

  await page.keyboard.type('8 (495) 123-45-67');
  const rows = page.getByTestId('search-result');
  await expect(rows).toHaveCount(2);
  const second = await rows.nth(1).getAttribute('data-contract-no');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('card-contract-no')).toHaveText(second ?? '');

  await page.keyboard.press('Escape');
  await expect(input).toHaveValue('');
  await expect(rows).toHaveCount(0);

  // Enter right after typing (before the type-ahead fired) opens the first match.
  await input.fill('Сидоров');
  await input.press('Enter');
  await expect(page.getByTestId('card-contract-no')).toHaveText('Д-000004');

  await page.locator('body').click({ position: { x: 640, y: 780 } });
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcut-sheet')).toBeVisible();
  await expect(page.getByTestId('shortcut-sheet')).toContainText('Ctrl+K');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcut-sheet')).toBeHidden();

  await page.keyboard.press('F2');
  await expect(input).toBeFocused();
});
