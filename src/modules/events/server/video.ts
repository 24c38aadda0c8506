import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { SignJWT } from 'jose';
import { AppError } from '../../../platform/http/errors.ts';

/**
 * Video rooms for events: Jitsi Meet (optionally with token auth), BigBlueButton, or a plain link.
 *
 * BigBlueButton: every API call carries `checksum = hex(hash(callName + queryString + secret))`
 * (docs.bigbluebutton.org, "API Security Model"). The server hashes the query string as it
 * receives it; some versions first re-serialise it with Apache's `URLEncodedUtils.format`
 * (form encoding). `bbbEncode` therefore produces exactly that form — `encodeURIComponent`, plus
 * `!'()~` percent-encoded and spaces as `+` — so both server variants see the same bytes we hashed.
 * Joining uses `role=MODERATOR|VIEWER` (BBB 2.4+), so no meeting passwords are needed.
 *
 * Jitsi: with an app id and secret, the room URL carries `?jwt=` signed HS256 as the
 * jitsi-meet-tokens Prosody plugin expects (lib-jitsi-meet doc/tokens.md): `iss` = app id (the
 * plugin's default accepted issuer), `aud` (default: the app id), `sub` (tenant or `*`), `room`,
 * `exp`, `nbf` and `context.user` with `moderator` (read by token_affiliation-style plugins).
 */

export type VideoProviderKind = 'jitsi' | 'bbb' | 'link';
export type BbbChecksumAlgorithm = 'sha1' | 'sha256' | 'sha384' | 'sha512';

export interface JitsiSettings {
  /** e.g. `https://meet.example.org` or, with a tenant, `https://meet.example.org/tenant`. */
  baseUrl: string;
  /** App id and secret both empty: no token, plain room URL. */
  appId: string;
  secret: string;
  /** The `aud` claim; defaults to the app id. */
  audience?: string;
}

export interface BbbSettings {
  /** e.g. `https://bbb.example.org/bigbluebutton/` (with or without `api/`). */
  url: string;
  secret: string;
  algorithm: BbbChecksumAlgorithm;
}

export interface VideoSettings {
  jitsi: JitsiSettings;
  bbb: BbbSettings;
}

export interface VideoRoom {
  kind: VideoProviderKind;
  /** Stable per event and date (the service derives an unguessable one); sanitised again before use. */
  roomId: string;
  title: string;
  /** Only for `link`. */
  url?: string;
  startsAt: Date;
  endsAt: Date;
}

export interface VideoPerson {
  id: string;
  name: string;
  email?: string;
  moderator: boolean;
}

export interface VideoRecording {
  id: string;
  name: string;
  /** ISO 8601. */
  startedAt: string;
  endedAt: string;
  playbackUrl: string;
  durationMinutes?: number;
}

export interface VideoProviders {
  joinUrl(room: VideoRoom, person: VideoPerson): Promise<string>;
  recordings(room: VideoRoom): Promise<VideoRecording[]>;
  configured(kind: VideoProviderKind): boolean;
}

export interface VideoProviderOptions {
  fetch?: typeof fetch;
  now?: () => Date;
  /** Per BBB request; default 5 s. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;
/** A Jitsi token stays valid this long after the event's end. */
const JWT_GRACE_AFTER_END_MS = 3 * 60 * 60 * 1000;
/** …but never expires sooner than this after it was issued. */
const JWT_MIN_LIFETIME_MS = 15 * 60 * 1000;
/** `nbf` lies this far before issuing, for clock skew between us and Prosody. */
const JWT_CLOCK_SKEW_MS = 60 * 1000;
const MAX_XML_CHARS = 5_000_000;

const HASH_ALGORITHMS: readonly BbbChecksumAlgorithm[] = ['sha1', 'sha256', 'sha384', 'sha512'];

// ---------------------------------------------------------------------------------------------
// Room ids

/** Lower-case letters, digits and single dashes: valid as a Jitsi room, a BBB meetingID and in URLs. */
export function sanitizeRoomId(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 128)
    .replace(/-+$/, '');
}

function roomName(room: VideoRoom): string {
  const name = sanitizeRoomId(room.roomId);
  if (name.length < 2) throw new AppError('validation_failed', 'The video room has no usable id.');
  return name;
}

// ---------------------------------------------------------------------------------------------
// BigBlueButton URLs and checksums

/** Control characters are not allowed in BBB string parameters (API Data Types). */
function stripControl(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return value.replace(/[\u0000-\u001f\u007f]/g, '');
}

/** Percent-encodes like `encodeURIComponent`, but form-style: `!'()~` encoded, space as `+`. */
export function bbbEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** The query string exactly as it is sent and hashed (parameter order kept). */
export function bbbQuery(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([key, value]) => `${bbbEncode(key)}=${bbbEncode(stripControl(value))}`)
    .join('&');
}

/** `hex(hash(callName + query + secret))`, the BigBlueButton API checksum. */
export function bbbChecksum(
  callName: string,
  query: string,
  secret: string,
  algorithm: BbbChecksumAlgorithm = 'sha1',
): string {
  if (!HASH_ALGORITHMS.includes(algorithm)) {
    throw new AppError(
      'unavailable',
      'BigBlueButton is configured with an unknown checksum algorithm.',
      null,
      {
        status: 503,
      },
    );
  }
  return createHash(algorithm).update(`${callName}${query}${secret}`, 'utf8').digest('hex');
}

function httpUrl(value: string | undefined): URL | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/** `https://host/bigbluebutton/api`, from the URL with or without `api`; null when unusable. */
function bbbApiBase(url: string): string | null {
  const parsed = httpUrl(url);
  if (!parsed) return null;
  let path = parsed.pathname.replace(/\/+$/, '');
  if (!path.endsWith('/api')) path = `${path}/api`;
  return `${parsed.origin}${path}`;
}

function bbbSettingsOf(settings: BbbSettings | Pick<VideoSettings, 'bbb'>): BbbSettings {
  return 'bbb' in settings ? settings.bbb : settings;
}

function bbbConfigured(bbb: BbbSettings): boolean {
  return bbbApiBase(bbb.url) !== null && bbb.secret.length > 0 && HASH_ALGORITHMS.includes(bbb.algorithm);
}

function notConfigured(provider: string): AppError {
  return new AppError('unavailable', `${provider} is not configured on this server.`, null, { status: 503 });
}

/** The full signed API URL: `<base>/api/<callName>?<query>&checksum=<hex>`. */
export function bbbUrl(
  settings: BbbSettings | Pick<VideoSettings, 'bbb'>,
  callName: string,
  params: Record<string, string>,
): string {
  const bbb = bbbSettingsOf(settings);
  const base = bbbApiBase(bbb.url);
  if (!base || !bbbConfigured(bbb)) throw notConfigured('BigBlueButton');
  if (!/^[A-Za-z]+$/.test(callName)) throw new AppError('validation_failed', 'Unknown BigBlueButton call.');
  const query = bbbQuery(params);
  const checksum = bbbChecksum(callName, query, bbb.secret, bbb.algorithm);
  return `${base}/${callName}?${query}${query ? '&' : ''}checksum=${checksum}`;
}

/** BBB wants 2–64 characters (UTF-16 units, as Java counts) for a meeting name. */
function meetingName(title: string): string {
  let name = '';
  for (const ch of stripControl(title).trim()) {
    if (name.length + ch.length > 64) break;
    name += ch;
  }
  name = name.trim();
  return name.length >= 2 ? name : `Event ${name}`.trim();
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// ---------------------------------------------------------------------------------------------
// BigBlueButton responses

const xmlParser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (_name, jpath) =>
    typeof jpath === 'string' &&
    (jpath === 'response.recordings.recording' || jpath === 'response.recordings.recording.playback.format'),
});

type XmlNode = Record<string, unknown>;

function obj(value: unknown): XmlNode {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as XmlNode) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function list(value: unknown): XmlNode[] {
  return Array.isArray(value) ? value.map(obj) : value && typeof value === 'object' ? [obj(value)] : [];
}

function isoFromMillis(value: unknown): string {
  const ms = Number(text(value));
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : '';
}

function parseRecording(node: XmlNode): VideoRecording | null {
  const formats = list(obj(node.playback).format).map((f) => ({
    type: text(f.type),
    url: text(f.url),
    length: Number(text(f.length)),
  }));
  const usable = formats.filter((f) => httpUrl(f.url));
  const format = usable.find((f) => f.type === 'presentation') ?? usable[0];
  const id = text(node.recordID);
  if (!format || !id) return null;
  const recording: VideoRecording = {
    id,
    name: text(node.name) || text(obj(node.metadata).meetingName),
    startedAt: isoFromMillis(node.startTime),
    endedAt: isoFromMillis(node.endTime),
    playbackUrl: format.url,
  };
  if (Number.isFinite(format.length) && format.length > 0) recording.durationMinutes = format.length;
  return recording;
}

// ---------------------------------------------------------------------------------------------
// Jitsi

function jitsiMode(jitsi: JitsiSettings): 'plain' | 'jwt' | null {
  if (!httpUrl(jitsi.baseUrl)) return null;
  const hasId = jitsi.appId.trim().length > 0;
  const hasSecret = jitsi.secret.length > 0;
  if (hasId && hasSecret) return 'jwt';
  return !hasId && !hasSecret ? 'plain' : null;
}

function jitsiBase(jitsi: JitsiSettings): { base: string; tenant: string | null } {
  const url = httpUrl(jitsi.baseUrl)!;
  const path = url.pathname.replace(/\/+$/, '');
  const tenant = path.split('/').filter(Boolean)[0]?.toLowerCase() ?? null;
  return { base: `${url.origin}${path}`, tenant };
}

// ---------------------------------------------------------------------------------------------

export function createVideoProviders(
  settings: VideoSettings,
  opts: VideoProviderOptions = {},
): VideoProviders {
  const doFetch = opts.fetch ?? fetch;
  const now = opts.now ?? (() => new Date());
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function bbbCall(callName: string, params: Record<string, string>): Promise<XmlNode> {
    const url = bbbUrl(settings.bbb, callName, params);
    let body: string;
    try {
      const res = await doFetch(url, {
        method: 'GET',
        headers: { accept: 'application/xml, text/xml' },
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) {
        await res.body?.cancel().catch(() => {});
        throw new AppError(
          'unavailable',
          `The BigBlueButton server answered with HTTP ${res.status}.`,
          { provider: 'bbb', call: callName, httpStatus: res.status },
          { status: 502 },
        );
      }
      body = await res.text();
    } catch (err) {
      if (err instanceof AppError) throw err;
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      throw new AppError(
        'unavailable',
        timedOut
          ? 'The BigBlueButton server did not answer in time.'
          : 'The BigBlueButton server could not be reached.',
        { provider: 'bbb', call: callName },
        { status: 503 },
      );
    }
    let response: XmlNode;
    try {
      if (body.length > MAX_XML_CHARS) throw new Error('too large');
      response = obj(obj(xmlParser.parse(body)).response);
    } catch {
      response = {};
    }
    const returncode = text(response.returncode);
    if (returncode === 'SUCCESS') return response;
    if (returncode === 'FAILED') {
      const key = text(response.messageKey);
      const messageKey = /^[A-Za-z0-9_.-]{1,64}$/.test(key) ? key : null;
      throw new AppError(
        'unavailable',
        `The BigBlueButton server refused the ${callName} request${messageKey ? ` (${messageKey})` : ''}.`,
        { provider: 'bbb', call: callName, messageKey },
        { status: 502 },
      );
    }
    throw new AppError(
      'unavailable',
      'The BigBlueButton server sent an answer that is not a BigBlueButton API response.',
      { provider: 'bbb', call: callName },
      { status: 502 },
    );
  }

  async function bbbJoin(room: VideoRoom, person: VideoPerson): Promise<string> {
    if (!bbbConfigured(settings.bbb)) throw notConfigured('BigBlueButton');
    const meetingID = roomName(room);
    const name = meetingName(room.title);
    // `create` is idempotent: it creates the meeting or answers SUCCESS (duplicateWarning) for a running one.
    const created = await bbbCall('create', {
      name,
      meetingID,
      record: 'true',
      welcome: `Welcome to <b>${escapeHtml(name)}</b>!`,
    });
    const params: Record<string, string> = {
      fullName: stripControl(person.name).trim() || 'Participant',
      meetingID,
      role: person.moderator ? 'MODERATOR' : 'VIEWER',
      userID: person.id,
      redirect: 'true',
    };
    // Ties the link to this instance of the meeting, so it cannot be reused for a later one.
    const createTime = text(created.createTime);
    if (/^\d+$/.test(createTime)) params.createTime = createTime;
    return bbbUrl(settings.bbb, 'join', params);
  }

  async function jitsiJoin(room: VideoRoom, person: VideoPerson): Promise<string> {
    const jitsi = settings.jitsi;
    const mode = jitsiMode(jitsi);
    if (!mode) throw notConfigured('Jitsi');
    const name = roomName(room);
    const { base, tenant } = jitsiBase(jitsi);
    const url = `${base}/${name}`;
    if (mode === 'plain') return url;

    const issuedAt = now().getTime();
    const exp = Math.max(room.endsAt.getTime() + JWT_GRACE_AFTER_END_MS, issuedAt + JWT_MIN_LIFETIME_MS);
    const user: Record<string, string | boolean> = {
      id: person.id,
      name: person.name,
      moderator: person.moderator,
    };
    if (person.email) user.email = person.email;
    const appId = jitsi.appId.trim();
    const token = await new SignJWT({ room: name, context: { user } })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(appId)
      .setAudience(jitsi.audience?.trim() || appId)
      .setSubject(tenant ?? '*')
      .setIssuedAt(Math.floor(issuedAt / 1000))
      .setNotBefore(Math.floor((issuedAt - JWT_CLOCK_SKEW_MS) / 1000))
      .setExpirationTime(Math.floor(exp / 1000))
      .sign(new TextEncoder().encode(jitsi.secret));
    return `${url}?jwt=${token}`;
  }

  function linkUrl(room: VideoRoom): string {
    const url = httpUrl(room.url);
    if (!url) throw new AppError('validation_failed', 'The video link must be an http(s) URL.');
    return url.href;
  }

  return {
    async joinUrl(room, person) {
      switch (room.kind) {
        case 'jitsi':
          return jitsiJoin(room, person);
        case 'bbb':
          return bbbJoin(room, person);
        case 'link':
          return linkUrl(room);
        default:
          throw new AppError('validation_failed', 'Unknown video provider.');
      }
    },

    async recordings(room) {
      if (room.kind !== 'bbb') return [];
      if (!bbbConfigured(settings.bbb)) throw notConfigured('BigBlueButton');
      const response = await bbbCall('getRecordings', { meetingID: roomName(room) });
      return list(obj(response.recordings).recording)
        .map(parseRecording)
        .filter((r): r is VideoRecording => r !== null);
    },

    configured(kind) {
      switch (kind) {
        case 'jitsi':
          return jitsiMode(settings.jitsi) !== null;
        case 'bbb':
          return bbbConfigured(settings.bbb);
        case 'link':
          return true;
        default:
          return false;
      }
    },
  };
}
