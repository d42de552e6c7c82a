// Strings of the office module, Chinese first. Merged into the one dictionary by ../i18n.ts.
import type { Message } from './types.ts';

export const zh = {
  'office.tab.label': '本次征求意见',
  'office.tab.overview': '概况',
  'office.tab.structure': '正文',
  'office.tab.settings': '设置',
  'office.tab.roster': '单位名单',
  'office.tab.comments': '意见审阅',
  'office.tab.units': '单位反馈',
  'office.tab.report': '报告',
  'office.tab.results': '结果',
  'office.list.title': '征求意见',
} satisfies Record<string, Message>;

export const en: Record<keyof typeof zh, Message> = {
  'office.tab.label': 'This consultation',
  'office.tab.overview': 'Overview',
  'office.tab.structure': 'Text',
  'office.tab.settings': 'Settings',
  'office.tab.roster': 'Units',
  'office.tab.comments': 'Review',
  'office.tab.units': 'Unit feedback',
  'office.tab.report': 'Report',
  'office.tab.results': 'Results',
  'office.list.title': 'Consultations',
};
