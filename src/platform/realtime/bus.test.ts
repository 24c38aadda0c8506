import { describe, expect, it } from 'vitest';
import type { Actor } from '../http/types.ts';
import { type BusEvent, createMemoryBus, decodeMessage, encodeMessage, MAX_PAYLOAD_BYTES } from './bus.ts';
import { channelPolicies, isChannel, userChannel } from './channels.ts';

const actor: Actor = {
  id: 'u1',
  email: 'a@example.org',
  name: 'A',
  role: 'member',
  locale: 'de',
  sessionId: 's',
};

describe('memory bus', () => {
  it('delivers to every subscriber of the channel once, after a JSON round trip', async () => {
    const bus = createMemoryBus();
    const a: BusEvent[] = [];
    const b: BusEvent[] = [];
    const other: BusEvent[] = [];
    bus.subscribe('space:1', (e) => a.push(e));
    bus.subscribe('space:1', (e) => b.push(e));
    bus.subscribe('space:2', (e) => other.push(e));
    await bus.publish('space:1', { type: 'post.created', data: { id: 'p1', at: new Date(0) } });
    expect(a).toEqual([{ type: 'post.created', data: { id: 'p1', at: '1970-01-01T00:00:00.000Z' } }]);
    expect(b).toHaveLength(1);
    expect(other).toHaveLength(0);
    await bus.close();
  });

  it('unsubscribes one subscription even when the same handler is subscribed twice', async () => {
    const bus = createMemoryBus();
    const got: BusEvent[] = [];
    const handler = (e: BusEvent) => got.push(e);
    const off = bus.subscribe('space:1', handler);
    bus.subscribe('space:1', handler);
    off();
    off();
    await bus.publish('space:1', { type: 'x', data: null });
    expect(got).toHaveLength(1);
  });

  it('keeps delivering when one subscriber throws', async () => {
    const bus = createMemoryBus();
    const got: string[] = [];
    bus.subscribe('space:1', () => {
      throw new Error('boom');
    });
    bus.subscribe('space:1', (e) => got.push(e.type));
    await bus.publish('space:1', { type: 'x', data: null });
    expect(got).toEqual(['x']);
  });

  it('refuses bad channels, bad events and oversized payloads', async () => {
    const bus = createMemoryBus();
    await expect(bus.publish('Space 1', { type: 'x', data: null })).rejects.toThrow(/channel/);
    expect(() => bus.subscribe('', () => {})).toThrow(/channel/);
    await expect(bus.publish('space:1', { type: '', data: null })).rejects.toThrow(/type/);
    await expect(
      bus.publish('space:1', { type: 'x', data: 'ü'.repeat(MAX_PAYLOAD_BYTES / 2) }),
    ).rejects.toThrow(/bytes; the limit is 7000/);
    await bus.close();
    await expect(bus.publish('space:1', { type: 'x', data: null })).rejects.toThrow(/closed/);
  });
});

describe('wire format', () => {
  it('round-trips and rejects what is not ours', () => {
    const text = encodeMessage('space:1', { type: 'x', data: [1] }, 'node-a');
    expect(decodeMessage(text)).toEqual({
      channel: 'space:1',
      event: { type: 'x', data: [1] },
      origin: 'node-a',
    });
    expect(decodeMessage('{nope')).toBeNull();
    expect(decodeMessage('{"channel":"BAD CHANNEL","event":{"type":"x"}}')).toBeNull();
    expect(decodeMessage('{"channel":"a","event":{}}')).toBeNull();
    expect(decodeMessage('null')).toBeNull();
  });
});

describe('channels', () => {
  it('validates names', () => {
    expect(isChannel('space:0190f2c4-7b1e-7cc0-9a3b-1d2e3f4a5b6c')).toBe(true);
    expect(isChannel('a'.repeat(121))).toBe(false);
    expect(isChannel('Space:1')).toBe(false);
    expect(isChannel('space/1')).toBe(false);
    expect(isChannel(42)).toBe(false);
    expect(userChannel('ABC')).toBe('user:abc');
  });

  it('dispatches policies by kind and refuses unknown kinds', async () => {
    const authorize = channelPolicies({ space: async (_a, id) => id === 'open' });
    expect(await authorize(actor, 'space:open')).toBe(true);
    expect(await authorize(actor, 'space:closed')).toBe(false);
    expect(await authorize(actor, 'event:open')).toBe(false);
    expect(await authorize(actor, 'toString:x')).toBe(false);
    expect(await authorize(actor, ':open')).toBe(false);
    expect(await authorize(actor, 'space')).toBe(false);
  });
});
