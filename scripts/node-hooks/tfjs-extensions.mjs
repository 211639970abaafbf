// A Node module-resolution hook for TensorFlow.js's ESM files, whose relative imports leave out
// ".js" (bundlers add it; Node's ESM resolver does not). Only specifiers imported from inside
// @tensorflow packages that fail to resolve are retried with ".js" — nothing else changes.
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const fromTfjs = context.parentURL?.includes('/node_modules/@tensorflow/');
    const retriable = error?.code === 'ERR_UNSUPPORTED_DIR_IMPORT' || error?.code === 'ERR_MODULE_NOT_FOUND';
    if (fromTfjs && retriable && specifier.startsWith('.') && !specifier.endsWith('.js')) {
      return nextResolve(`${specifier}.js`, context);
    }
    throw error;
  }
}
