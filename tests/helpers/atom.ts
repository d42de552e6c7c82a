// An Atom 1.0 check for the tests: a strict XML 1.0 parser with namespaces (saxes) reads the
// feed into a small tree, then the rules of RFC 4287 that a reader relies on are checked one by
// one — the elements a feed and each entry MUST have, exactly once where the RFC says so, dates
// in RFC 3339, ids that are absolute IRIs and unique, an alternate link where there is no content.
import { SaxesParser } from 'saxes';

export const ATOM_NS = 'http://www.w3.org/2005/Atom';

export interface XmlElement {
  name: string;
  ns: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true });
  const root: XmlElement = { name: '#document', ns: '', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  let failure: Error | null = null;
  parser.on('error', (error) => (failure ??= error));
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const [name, attribute] of Object.entries(tag.attributes)) attributes[name] = typeof attribute === 'string' ? attribute : attribute.value;
    const element: XmlElement = { name: tag.local ?? tag.name, ns: tag.uri ?? '', attributes, children: [], text: '' };
    stack.at(-1)!.children.push(element);
    stack.push(element);
  });
  parser.on('text', (text) => (stack.at(-1)!.text += text));
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  if (failure) throw failure;
  return root.children[0]!;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function atom(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.ns === ATOM_NS && c.name === name);
}

/** The problems found; an empty list is a valid feed. */
export function atomProblems(xml: string): string[] {
  const problems: string[] = [];
  let feed: XmlElement;
  try {
    feed = parseXml(xml);
  } catch (error) {
    return [`not well-formed XML: ${(error as Error).message}`];
  }
  if (feed.name !== 'feed' || feed.ns !== ATOM_NS) return [`root is {${feed.ns}}${feed.name}, not an Atom feed`];
  const exactlyOne = (parent: XmlElement, name: string, where: string) => {
    const found = atom(parent, name);
    if (found.length !== 1) problems.push(`${where}: ${found.length} <${name}>, exactly one needed`);
    return found[0];
  };
  const checkDate = (element: XmlElement | undefined, where: string) => {
    if (element && (!RFC3339.test(element.text) || Number.isNaN(Date.parse(element.text)))) problems.push(`${where}: <${element.name}> ${element.text} is not an RFC 3339 date`);
  };
  const checkIri = (element: XmlElement | undefined, where: string) => {
    if (!element) return;
    try {
      new URL(element.text);
    } catch {
      problems.push(`${where}: <id> ${element.text} is not an absolute IRI`);
    }
  };
  const checkText = (element: XmlElement | undefined, where: string) => {
    if (element && !['text', 'html', 'xhtml', undefined].includes(element.attributes.type)) problems.push(`${where}: <${element.name}> has type ${element.attributes.type}`);
    if (element && element.text.trim() === '') problems.push(`${where}: <${element.name}> is empty`);
  };
  const checkAuthors = (parent: XmlElement, where: string) => {
    for (const author of atom(parent, 'author')) if (atom(author, 'name').length !== 1) problems.push(`${where}: an <author> without exactly one <name>`);
  };
  const checkLinks = (parent: XmlElement, where: string) => {
    for (const link of atom(parent, 'link')) {
      if (!link.attributes.href) problems.push(`${where}: a <link> without href`);
    }
    const alternates = atom(parent, 'link').filter((l) => (l.attributes.rel ?? 'alternate') === 'alternate');
    const keys = alternates.map((l) => `${l.attributes.type ?? ''}|${l.attributes.hreflang ?? ''}`);
    if (new Set(keys).size !== keys.length) problems.push(`${where}: two alternate links of the same type and language`);
    return alternates;
  };

  checkIri(exactlyOne(feed, 'id', 'feed'), 'feed');
  checkText(exactlyOne(feed, 'title', 'feed'), 'feed');
  checkDate(exactlyOne(feed, 'updated', 'feed'), 'feed');
  checkAuthors(feed, 'feed');
  checkLinks(feed, 'feed');
  if (!atom(feed, 'link').some((l) => l.attributes.rel === 'self')) problems.push('feed: no link rel="self"');
  const feedHasAuthor = atom(feed, 'author').length > 0;

  const ids = new Set<string>();
  atom(feed, 'entry').forEach((entry, i) => {
    const where = `entry ${i + 1}`;
    const id = exactlyOne(entry, 'id', where);
    checkIri(id, where);
    if (id && ids.has(id.text)) problems.push(`${where}: id ${id.text} used twice`);
    if (id) ids.add(id.text);
    checkText(exactlyOne(entry, 'title', where), where);
    checkDate(exactlyOne(entry, 'updated', where), where);
    const published = atom(entry, 'published');
    if (published.length > 1) problems.push(`${where}: more than one <published>`);
    checkDate(published[0], where);
    checkAuthors(entry, where);
    if (!feedHasAuthor && atom(entry, 'author').length === 0) problems.push(`${where}: no author, and the feed has none`);
    const alternates = checkLinks(entry, where);
    if (atom(entry, 'content').length === 0 && alternates.length === 0) problems.push(`${where}: neither <content> nor an alternate link`);
    const summaries = atom(entry, 'summary');
    if (summaries.length > 1) problems.push(`${where}: more than one <summary>`);
    checkText(summaries[0], where);
  });
  return problems;
}

/** The entries as plain values, for assertions. */
export function atomEntries(xml: string): { id: string; title: string; updated: string; link: string; summary: string; category: string | null }[] {
  const feed = parseXml(xml);
  return atom(feed, 'entry').map((entry) => ({
    id: atom(entry, 'id')[0]?.text ?? '',
    title: atom(entry, 'title')[0]?.text ?? '',
    updated: atom(entry, 'updated')[0]?.text ?? '',
    link: atom(entry, 'link').find((l) => (l.attributes.rel ?? 'alternate') === 'alternate')?.attributes.href ?? '',
    summary: atom(entry, 'summary')[0]?.text ?? '',
    category: atom(entry, 'category')[0]?.attributes.term ?? null,
  }));
}
