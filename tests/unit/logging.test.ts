// LOG_FORMAT: the same request as one JSON object a line, or as one short line for a person; lines
// gathered in one turn of the event loop are written together.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { newRequestId } from '../../src/http/request-log.ts';
import { createNodeLog } from '../../src/platform/node/logging.ts';

const entry = { time: '2026-11-21T02:00:00.000Z', requestId: 'R-7K3M-9QXA-2B4C', method: 'GET', route: '/consultations/:slug', status: 200, durationMs: 3.2 };
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the process log', () => {
  it('writes JSON lines, requests and events alike, in one write per turn', async () => {
    const writes: string[] = [];
    const log = createNodeLog('json', (text) => writes.push(text));
    log.request(entry);
    log.event('外发邮件 / outgoing mail: files');
    expect(writes).toEqual([]);
    await tick();
    expect(writes).toHaveLength(1);
    const [request, event] = writes[0]!.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(request).toEqual({ type: 'request', ...entry });
    expect(event).toMatchObject({ type: 'event', message: '外发邮件 / outgoing mail: files' });
  });

  it('writes short lines for a person with LOG_FORMAT=pretty', async () => {
    const writes: string[] = [];
    const log = createNodeLog('pretty', (text) => writes.push(text));
    log.request(entry);
    log.request({ ...entry, route: null, status: 404 });
    log.flush();
    expect(writes.join('')).toBe(
      '2026-11-21T02:00:00.000Z R-7K3M-9QXA-2B4C GET    /consultations/:slug 200 3.2 ms\n2026-11-21T02:00:00.000Z R-7K3M-9QXA-2B4C GET    (no route) 404 3.2 ms\n',
    );
  });

  it('is chosen once, in the configuration', () => {
    expect(parseConfig({}).logFormat).toBe('json');
    expect(parseConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(() => parseConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
    expect(parseConfig({}).retentionDays).toBe(365);
    expect(parseConfig({}).shutdownTimeoutSeconds).toBe(8);
  });

  it('gives request ids that differ and read aloud unambiguously', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newRequestId()));
    expect(ids.size).toBe(10_000);
    for (const id of [...ids].slice(0, 100)) expect(id).toMatch(/^R(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  });
});
