/**
 * The UI strings' types, declared once from the Russian resources (the default language):
 * `t('…')` accepts only keys that exist, so a misspelt or removed key fails typecheck instead of
 * showing the key path to the operator. English must have exactly the same key tree (checked
 * below, both ways). Type-only apart from `hasKey`.
 */
import type { ParseKeys } from 'i18next';
import type { ru } from './ru';
import type { en } from './en';

declare module 'i18next' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- module augmentation merges only with an interface
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof ru };
    returnNull: false;
    // Without it a `defaultValue` lets any string through as a key, which is how unknown codes
    // used to reach t(): a code from data goes through `hasKey` instead.
    strictKeyChecks: true;
  }
}

/** Every key `t()` accepts (a plural group by its base name, `topbar.directory`). */
export type I18nKey = ParseKeys<'translation'>;

/**
 * The translate function as pure helpers take it (lib/, features/*.ts): keys checked, options
 * loose, so unit tests can pass a plain function over an i18next instance.
 */
export type Translate = (key: I18nKey, options?: Record<string, unknown>) => string;

/**
 * Whether a code that arrives as data (a desk's wrap-up code, a status in a history entry) has a
 * label in `group` (a subtree of `ru`, e.g. `ru.wrapUpCode`). Narrowing the code makes
 * `t(\`wrapUpCode.${code}\`)` typecheck; an unknown code is shown as is, never as a key path.
 */
export function hasKey<G extends object>(group: G, code: string | number): code is Extract<keyof G, string | number> {
  return Object.hasOwn(group, code);
}

type PluralBase<K extends string> = K extends `${infer B}_zero`
  ? B
  : K extends `${infer B}_one`
    ? B
    : K extends `${infer B}_two`
      ? B
      : K extends `${infer B}_few`
        ? B
        : K extends `${infer B}_many`
          ? B
          : K extends `${infer B}_other`
            ? B
            : never;

/**
 * The key paths of a resource tree, a plural group (`x_one`, `x_few`, …) counted as one key
 * `x_PLURAL`: languages differ in their plural forms (Russian has few/many), not in their keys.
 */
export type KeyPaths<T> = {
  [K in keyof T & string]: T[K] extends string ? ([PluralBase<K>] extends [never] ? K : `${PluralBase<K>}_PLURAL`) : `${K}.${KeyPaths<T[K]>}`;
}[keyof T & string];

/** The keys `Has` has and `Lacks` lacks. */
export type MissingKeys<Has, Lacks> = Exclude<KeyPaths<Has>, KeyPaths<Lacks>>;

/** Fails typecheck naming the keys ("Type '"app.title"' does not satisfy the constraint 'never'"). */
type NoKeys<Missing extends never> = Missing;

/**
 * English has every Russian key and no other: a key added to one language only fails typecheck.
 * @public (a compile-time check, used by nothing at run time)
 */
export type EnglishMatchesRussian = [NoKeys<MissingKeys<typeof ru, typeof en>>, NoKeys<MissingKeys<typeof en, typeof ru>>];
