// The package version, defined from package.json by the build (scripts/build.mjs); a run from unbundled
// sources has none.
declare const __VERSION__: string | undefined;
export const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
