// Loaded with `node --import` by the command line and its worker threads: TypeScript through
// tsx, and the TensorFlow.js resolution fix (registered last, so it sees failures first).
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
register('./tfjs-extensions.mjs', import.meta.url);
