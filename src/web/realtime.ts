/**
 * The app's one WebSocket to `/api/ws`. Loaded only by pages that show live data (never part of the
 * first bundle). It connects while a member is signed in and someone listens, re-subscribes every
 * channel after a reconnect (with exponential backoff) and then refetches what is on screen, since
 * events may have been missed while it was away.
 */
import type { Me } from './api.ts';
import { keys, queryClient } from './session.ts';

export interface RealtimeEvent {
  type: string;
  data: unknown;
}
type Handler = (event: RealtimeEvent) => void;
type ServerFrame =
  | { type: 'subscribed' | 'unsubscribed'; channel: string }
  | { type: 'event'; channel: string; event: RealtimeEvent }
  | { type: 'error'; code: string; message: string; channel?: string };

const MAX_DELAY_MS = 30_000;
/** The server's close code when the session behind the socket has ended (platform/realtime/ws.ts). */
const SESSION_ENDED = 4401;
const handlers = new Map<string, Set<Handler>>();
let socket: WebSocket | null = null;
let userId: string | null = null;
let attempt = 0;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let connectedOnce = false;

function send(frame: { type: 'subscribe' | 'unsubscribe'; channel: string }): void {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
}

function connect(): void {
  if (!userId || socket || handlers.size === 0) return;
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`;
  const ws = new WebSocket(url);
  socket = ws;
  ws.onopen = () => {
    attempt = 0;
    for (const channel of handlers.keys()) send({ type: 'subscribe', channel });
    // After a gap, anything could have changed: refetch the queries that are on screen.
    if (connectedOnce) void queryClient.invalidateQueries({ refetchType: 'active' });
    connectedOnce = true;
  };
  ws.onmessage = (msg) => {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(String(msg.data)) as ServerFrame;
    } catch {
      return;
    }
    if (frame.type !== 'event') return;
    if (frame.event.type === 'access.changed' && frame.channel.startsWith('user:')) {
      // A membership, role or session changed: what this member may see may have changed too.
      void queryClient.invalidateQueries({ queryKey: keys.me });
      void queryClient.invalidateQueries({ refetchType: 'active' });
    }
    for (const h of handlers.get(frame.channel) ?? []) {
      try {
        h(frame.event);
      } catch {
        // One listener's bug must not silence the others.
      }
    }
  };
  ws.onclose = (evt) => {
    if (socket === ws) socket = null;
    if (evt.code === SESSION_ENDED) {
      // Signed out elsewhere (or the session was revoked): the app learns it from /api/me and
      // follow() stops here, instead of knocking with a dead cookie.
      void queryClient.invalidateQueries({ queryKey: keys.me });
      return;
    }
    scheduleReconnect();
  };
}

function scheduleReconnect(): void {
  if (retryTimer || !userId || handlers.size === 0) return;
  const base = Math.min(MAX_DELAY_MS, 500 * 2 ** attempt);
  attempt++;
  retryTimer = setTimeout(
    () => {
      retryTimer = null;
      connect();
    },
    base / 2 + Math.random() * (base / 2),
  );
}

function disconnect(): void {
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  const ws = socket;
  socket = null;
  connectedOnce = false;
  attempt = 0;
  if (ws) {
    ws.onclose = null;
    ws.close(1000);
  }
}

/** Follows the signed-in member: connect on login, drop the socket on logout or account switch. */
function follow(me: Me | null | undefined): void {
  const next = me?.id ?? null;
  if (next === userId) return;
  disconnect();
  userId = next;
  connect();
}

follow(queryClient.getQueryData<Me | null>(keys.me));
queryClient.getQueryCache().subscribe((e) => {
  if (e.type === 'updated' && e.query.queryKey.length === 1 && e.query.queryKey[0] === keys.me[0]) {
    follow(e.query.state.data as Me | null | undefined);
  }
});
if (typeof window !== 'undefined') {
  // Back online: try now instead of waiting out the backoff.
  window.addEventListener('online', () => {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    attempt = 0;
    connect();
  });
}

/** Listens on a channel (e.g. `space:<id>`) until the returned function is called. */
export function subscribe(channel: string, handler: Handler): () => void {
  let set = handlers.get(channel);
  if (!set) {
    set = new Set();
    handlers.set(channel, set);
    send({ type: 'subscribe', channel });
  }
  set.add(handler);
  connect();
  return () => {
    const current = handlers.get(channel);
    if (!current) return;
    current.delete(handler);
    if (current.size === 0) {
      handlers.delete(channel);
      send({ type: 'unsubscribe', channel });
    }
  };
}
