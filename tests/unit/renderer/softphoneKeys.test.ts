import { describe, expect, it } from 'vitest';
import { globalShortcut, type KeyInput } from '../../../src-renderer/lib/keys';
import { ariaKeys, CALL_SHORTCUTS, callShortcut } from '../../../src-renderer/features/calls/keys';

const key = (k: Partial<KeyInput> & { key: string }): KeyInput => ({ ctrlKey: false, metaKey: false, altKey: false, target: 'other', ...k });
const ctrlShift = (code: string, key: string, target: KeyInput['target'] = 'other') => ({
  key,
  code,
  ctrlKey: true,
  shiftKey: true,
  metaKey: false,
  altKey: false,
  target,
});

describe('softphone keys', () => {
  it('Ctrl+Enter answers, also from inside a field; plain Enter does not', () => {
    expect(callShortcut(key({ key: 'Enter', code: 'Enter', ctrlKey: true }))).toEqual({ type: 'answer' });
    expect(callShortcut(key({ key: 'Enter', code: 'NumpadEnter', ctrlKey: true, target: 'text' }))).toEqual({ type: 'answer' });
    expect(callShortcut(key({ key: 'Enter', code: 'Enter' }))).toBeNull();
    expect(callShortcut(key({ key: 'Enter', code: 'Enter', ctrlKey: true, shiftKey: true }))).toBeNull();
  });
  it('Ctrl+Shift+letter by physical key: the same on the Russian layout', () => {
    expect(callShortcut(ctrlShift('KeyE', 'E'))).toEqual({ type: 'hangup' });
    expect(callShortcut(ctrlShift('KeyE', 'У'))).toEqual({ type: 'hangup' });
    expect(callShortcut(ctrlShift('KeyH', 'Р', 'text'))).toEqual({ type: 'hold' });
    expect(callShortcut(ctrlShift('KeyM', 'M'))).toEqual({ type: 'mute' });
    expect(callShortcut(ctrlShift('KeyD', 'D'))).toEqual({ type: 'dtmf' });
    expect(callShortcut(ctrlShift('KeyF', 'F'))).toEqual({ type: 'transfer' });
    expect(callShortcut(ctrlShift('KeyL', 'L'))).toEqual({ type: 'swap' });
    expect(callShortcut(ctrlShift('KeyO', 'O'))).toEqual({ type: 'dial' });
    expect(callShortcut(ctrlShift('KeyS', 'S'))).toEqual({ type: 'agent' });
    expect(callShortcut(ctrlShift('KeyQ', 'Q'))).toBeNull();
  });
  it('R-CALL-15: Ctrl+Shift+B offers the technician visit', () => {
    expect(callShortcut(ctrlShift('KeyB', 'B'))).toEqual({ type: 'visit' });
  });
  it('Ctrl+letter without Shift is left to the field and the browser (Ctrl+E, Ctrl+H)', () => {
    expect(callShortcut(key({ key: 'e', code: 'KeyE', ctrlKey: true }))).toBeNull();
    expect(callShortcut(key({ key: 'h', code: 'KeyH', ctrlKey: true }))).toBeNull();
  });
  it('R-ID-PHONE: 1–9 pick a candidate outside fields; inside a field they are typed', () => {
    expect(callShortcut(key({ key: '1' }))).toEqual({ type: 'candidate', index: 0 });
    expect(callShortcut(key({ key: '9' }))).toEqual({ type: 'candidate', index: 8 });
    expect(callShortcut(key({ key: '0' }))).toBeNull();
    expect(callShortcut(key({ key: '2', target: 'text' }))).toBeNull();
    expect(callShortcut(key({ key: '2', ctrlKey: true }))).toBeNull();
  });
  it('Alt+4 opens the call log tab (Alt+1..3 stay with the console)', () => {
    expect(callShortcut(key({ key: '4', code: 'Digit4', altKey: true }))).toEqual({ type: 'calls-tab' });
    expect(callShortcut(key({ key: '2', altKey: true }))).toBeNull();
  });
  it('no softphone key is also a console key', () => {
    const samples: KeyInput[] = [
      key({ key: 'Enter', code: 'Enter', ctrlKey: true }),
      ...['KeyE', 'KeyH', 'KeyM', 'KeyD', 'KeyF', 'KeyL', 'KeyO', 'KeyB', 'KeyS'].map((c) => ctrlShift(c, c.slice(3))),
      key({ key: '4', code: 'Digit4', altKey: true }),
      ...['1', '5', '9'].map((d) => key({ key: d })),
    ];
    for (const s of samples) {
      expect(callShortcut(s), JSON.stringify(s)).not.toBeNull();
      expect(globalShortcut(s), JSON.stringify(s)).toBeNull();
    }
  });
  it('the sheet lists every action once, with distinct keys', () => {
    const labels = CALL_SHORTCUTS.map((s) => s.label);
    expect(new Set(labels).size).toBe(labels.length);
    const combos = CALL_SHORTCUTS.flatMap((s) => s.keys).filter((k) => k.includes('+'));
    expect(new Set(combos).size).toBe(combos.length);
    expect(ariaKeys('Ctrl+Shift+E')).toBe('Control+Shift+E');
  });
});
