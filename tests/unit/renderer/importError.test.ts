import { describe, expect, it } from 'vitest';
import { csvFieldLabel, importErrorDetail } from '../../../src-renderer/lib/importError';

describe('import error text', () => {
  it('drops the "line N, field" prefix the panel states itself', () => {
    expect(importErrorDetail('line 3, field "phones": "не телефон" is not a valid phone number')).toBe('"не телефон" is not a valid phone number');
    expect(importErrorDetail('line 7: the record has 3 fields, the header has 10')).toBe('the record has 3 fields, the header has 10');
    expect(importErrorDetail('the file is empty')).toBe('the file is empty');
  });
  it('names the column as the file header does', () => {
    expect(csvFieldLabel('phones', 'ru')).toBe('Телефоны');
    expect(csvFieldLabel('balance_at', 'en')).toBe('Дата баланса / balance_at');
    expect(csvFieldLabel('something', 'ru')).toBe('something');
  });
});
