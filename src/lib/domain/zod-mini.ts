import { en } from 'zod/locales';
import * as z from 'zod/mini';

/**
 * The zod every browser-side schema is written with: zod/mini, whose functions tree-shake (about
 * a third of classic zod's size in the bundle). Classic zod sets English issue messages when it is
 * imported and mini does not, so they are set here: an issue reads the same in the browser, on
 * the server and in tests. Server-only code and the lazily loaded policy may use classic zod;
 * both accept each other's schemas inside their own (`z.object({ a: miniSchema })`).
 */
z.config(en());

export { z };
