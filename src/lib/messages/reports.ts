// Strings of the reports module, Chinese first. Merged into the one dictionary by ../i18n.ts.
import type { Message } from './types.ts';

export const zh = {} satisfies Record<string, Message>;

export const en: Record<keyof typeof zh, Message> = {};
