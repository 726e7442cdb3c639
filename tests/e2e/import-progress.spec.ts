import { expect, importDirectory, openConsole, test } from './helpers/console';
import { HEADER, scenarioRows, toCsv } from './helpers/directoryCsv';

/** A directory big enough that the import takes a few seconds (progress, cancel). */
function bigCsv(rows: number): string {
  const lines: string[] = [HEADER];
  for (let i = 0; i < rows; i++) {
    const n = String(i).padStart(7, '0');
    lines.push(
      `Б-${n};Абонентов${i % 997} Абонент Абонентович;+7 916 ${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5, 7)};г. Москва, ул. Большая, д. ${i % 300};${i % 9000},50;21.11.2026 14:02;;Стандарт;действует;`,
    );
  }
  return `${lines.join('\n')}\n`;
}

test('a long import shows rows, rate and time left, and can be cancelled; the directory stays', async ({ page, host, writeCsv }) => {
  test.setTimeout(120_000);
  await openConsole(page, host);
  await importDirectory(page, writeCsv('directory.csv', toCsv(scenarioRows())));
  const before = await page.getByTestId('directory-contracts').textContent();

  await page.getByTestId('import-file').setInputFiles(writeCsv('big.csv', bigCsv(400_000)));
  await page.getByTestId('import-submit').click();
  const progress = page.getByTestId('import-progress');
  await expect(progress).toBeVisible({ timeout: 30_000 });
  await expect(progress).toContainText(/Строк: [1-9]/);
  await expect(progress).toContainText(/[1-9][\d\s]* строк\/с/);
  await expect(progress).toContainText(/осталось \d+:\d\d/);
  await page.screenshot({ path: 'test-results/import-progress.png', fullPage: true });
  await page.getByTestId('import-cancel').click();
  const result = page.getByTestId('import-result');
  await expect(result).toHaveAttribute('data-outcome', 'cancelled', { timeout: 30_000 });
  await expect(result).toContainText('Прежний справочник сохранён');
  await expect(page.getByTestId('directory-contracts')).toHaveText(before ?? '');
  await expect(page.getByTestId('topbar-directory')).not.toContainText('идёт импорт');
});
