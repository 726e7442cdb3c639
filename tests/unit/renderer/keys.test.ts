import { describe, expect, it } from 'vitest';
import { globalShortcut, moveHighlight, rowToOpen, searchFieldKey, targetKind, type KeyInput, keyInput } from '../../../src-renderer/lib/keys';

const key = (k: Partial<KeyInput> & { key: string }): KeyInput => ({ ctrlKey: false, metaKey: false, altKey: false, target: 'other', ...k });

describe('global shortcuts', () => {
  it('/ , Ctrl+K and F2 focus the search', () => {
    expect(globalShortcut(key({ key: '/' }))).toEqual({ type: 'focus-search' });
    expect(globalShortcut(key({ key: 'k', ctrlKey: true }))).toEqual({ type: 'focus-search' });
    expect(globalShortcut(key({ key: 'k', metaKey: true }))).toEqual({ type: 'focus-search' });
    expect(globalShortcut(key({ key: 'F2' }))).toEqual({ type: 'focus-search' });
  });
  it('Ctrl+K and F2 work from inside a field, / and ? do not (they are typed)', () => {
    expect(globalShortcut(key({ key: 'k', ctrlKey: true, target: 'text' }))).toEqual({ type: 'focus-search' });
    expect(globalShortcut(key({ key: 'F2', target: 'text' }))).toEqual({ type: 'focus-search' });
    expect(globalShortcut(key({ key: '/', target: 'text' }))).toBeNull();
    expect(globalShortcut(key({ key: '?', target: 'text' }))).toBeNull();
  });
  it('Russian layout: Ctrl+Л is Ctrl+K, the / key (typing ".") focuses the search', () => {
    expect(globalShortcut(key({ key: 'л', ctrlKey: true }))).toEqual({ type: 'focus-search' });
    expect(globalShortcut(key({ key: '.', code: 'Slash' }))).toEqual({ type: 'focus-search' });
    expect(globalShortcut(key({ key: '.', code: 'Period' }))).toBeNull();
  });
  it('? opens the shortcut sheet, also when the browser reports it on the Slash key', () => {
    expect(globalShortcut(key({ key: '?' }))).toEqual({ type: 'shortcuts' });
    expect(globalShortcut(key({ key: '?', code: 'Slash', shiftKey: true }))).toEqual({ type: 'shortcuts' });
    expect(globalShortcut(key({ key: '?', code: 'Slash' }))).toEqual({ type: 'shortcuts' });
  });
  it('Alt+1..3 switch tabs; other keys do nothing', () => {
    expect(globalShortcut(key({ key: '2', altKey: true }))).toEqual({ type: 'tab', index: 1 });
    expect(globalShortcut(key({ key: '4', altKey: true }))).toBeNull();
    expect(globalShortcut(key({ key: 'a' }))).toBeNull();
    expect(globalShortcut(key({ key: '/', ctrlKey: true }))).toBeNull();
  });
});

describe('search field keys', () => {
  it('maps arrows, Enter and Escape', () => {
    expect(searchFieldKey('ArrowDown')).toEqual({ type: 'move', delta: 1 });
    expect(searchFieldKey('ArrowUp')).toEqual({ type: 'move', delta: -1 });
    expect(searchFieldKey('Enter')).toEqual({ type: 'open' });
    expect(searchFieldKey('Escape')).toEqual({ type: 'clear' });
    expect(searchFieldKey('a')).toBeNull();
  });
  it('moves the highlight within the list', () => {
    expect(moveHighlight(-1, 1, 3)).toBe(0);
    expect(moveHighlight(-1, -1, 3)).toBe(2);
    expect(moveHighlight(0, 1, 3)).toBe(1);
    expect(moveHighlight(2, 1, 3)).toBe(2);
    expect(moveHighlight(1, -10, 3)).toBe(0);
    expect(moveHighlight(0, 1, 0)).toBe(-1);
  });
  it('Enter opens the highlighted row, else the first', () => {
    expect(rowToOpen(-1, 3)).toBe(0);
    expect(rowToOpen(2, 3)).toBe(2);
    expect(rowToOpen(5, 3)).toBe(0);
    expect(rowToOpen(-1, 0)).toBeNull();
  });
});

describe('what counts as a text field', () => {
  it('inputs that take text, textareas, selects and contenteditable do; buttons and checkboxes do not', () => {
    expect(targetKind({ tagName: 'INPUT', type: 'search' })).toBe('text');
    expect(targetKind({ tagName: 'INPUT' })).toBe('text');
    expect(targetKind({ tagName: 'TEXTAREA' })).toBe('text');
    expect(targetKind({ tagName: 'SELECT' })).toBe('text');
    expect(targetKind({ tagName: 'DIV', isContentEditable: true })).toBe('text');
    expect(targetKind({ tagName: 'INPUT', type: 'checkbox' })).toBe('other');
    expect(targetKind({ tagName: 'BUTTON' })).toBe('other');
    expect(targetKind(null)).toBe('other');
  });
});

describe('keyInput', () => {
  it('copies the key and modifiers of a DOM event and treats a missing target as not a text field', () => {
    const k = keyInput({ key: 'Enter', code: 'Enter', shiftKey: false, ctrlKey: true, metaKey: false, altKey: false, target: null });
    expect(k).toEqual({ key: 'Enter', code: 'Enter', shiftKey: false, ctrlKey: true, metaKey: false, altKey: false, target: 'other' });
  });
});
