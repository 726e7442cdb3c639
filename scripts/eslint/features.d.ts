// Types of features.js for the tests that import it (tests/integration/lint/featureDeps.test.ts).
import type { ESLint } from 'eslint';

/** feature → the features it may import. */
export type FeatureDeps = Readonly<Record<string, readonly string[]>>;
export declare class FeatureMapError extends Error {}
export declare function checkFeatureMap(deps: FeatureDeps): void;
export declare const featuresPlugin: ESLint.Plugin;
