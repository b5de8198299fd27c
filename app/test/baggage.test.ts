import { describe, expect, it } from 'vitest';
import { baggageEntry } from '../src/utils/baggage.js';

// The one baggage entry the app reads (harness.journey): found among others, decoded,
// and ignored when malformed rather than recorded half-read.
describe('baggageEntry', () => {
  it('finds the key among other members and properties, percent-decoded', () => {
    expect(baggageEntry('a=1, harness.journey=add%20task;p=x,b=2', 'harness.journey')).toBe('add task');
    expect(baggageEntry(['a=1', 'harness.journey=rename-user'], 'harness.journey')).toBe('rename-user');
  });

  it('answers nothing when the key is absent, empty, too long, not decodable or holds control characters', () => {
    for (const header of [undefined, '', 'harness.journeys=x', 'harness.journey=', `harness.journey=${'x'.repeat(129)}`, 'harness.journey=%E0%A4%A', 'harness.journey=a%0Ab']) {
      expect(baggageEntry(header, 'harness.journey'), String(header)).toBeUndefined();
    }
  });
});
