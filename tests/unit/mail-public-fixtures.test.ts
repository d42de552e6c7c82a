// Robustness over the test messages of three public mail parsers (postal-mime, mailparser,
// php-imap; provenance in tests/fixtures/mail/public/PROVENANCE.md): bounces, abuse reports,
// calendar invitations, MIME torture, broken charsets and encodings, nested and embedded
// messages. None is a department's reply; each must be decoded and understood without throwing,
// with an outcome an officer can act on, whether it is filed under a consultation or not.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readMessage } from '../../src/mail/read.ts';
import { understandMessage } from '../../src/mail/understand.ts';
import { CHANGJIANG_ID, intakeContext } from '../helpers/intake.ts';

// The messages are copies of other projects' files, brought in by a developer and never
// committed (the workplace keeps fetched material out of the repository): where they are
// absent the test says so and is skipped.
const folder = fileURLToPath(new URL('../fixtures/mail/public/', import.meta.url));
const present = existsSync(`${folder}postal-mime`);
if (!present) console.warn(`[mail-public-fixtures] skipped: ${folder} holds no copies of the public fixtures (see PROVENANCE.md for where they come from)`);
const files = readdirSync(folder, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((dir) => readdirSync(`${folder}${dir.name}`).filter((file) => file.endsWith('.eml')).map((file) => `${dir.name}/${file}`))
  .sort();

const OUTCOMES = ['comments', 'no-comments', 'spam', 'unassigned', 'needs-attention'];

describe.skipIf(!present)('public mail-parser fixtures', () => {
  it('are all there', () => {
    expect(files.length).toBe(73);
  });

  it.each(files)('%s is read and understood', async (file) => {
    const raw = readFileSync(`${folder}${file}`);
    const message = await readMessage(raw);
    expect(typeof message.text).toBe('string');
    for (const context of [intakeContext({ recipients: message.to }), intakeContext({ forcedConsultationId: CHANGJIANG_ID })]) {
      const u = understandMessage(message, context);
      expect(OUTCOMES).toContain(u.outcome);
      // Never the catch-all: an exception inside understanding would say so here.
      expect(u.reason ?? '').not.toContain('自动识别出错');
      expect(Array.isArray(u.nonOpinions) && Array.isArray(u.unitNames) && typeof u.noObjectionOnRest === 'boolean').toBe(true);
      for (const comment of u.comments) expect(comment.text.trim()).not.toBe('');
    }
  });
});
