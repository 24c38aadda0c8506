import { createHash } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/http/errors.ts';
import type { BbbChecksumAlgorithm, VideoPerson, VideoRoom, VideoSettings } from './video.ts';
import {
  bbbChecksum,
  bbbEncode,
  bbbQuery,
  bbbUrl,
  createVideoProviders,
  sanitizeRoomId,
} from './video.ts';

// ---------------------------------------------------------------------------------------------
// Independent helpers (node:crypto and byte-level encoding, not the code under test)

const HEX_LENGTH: Record<number, BbbChecksumAlgorithm> = {
  40: 'sha1',
  64: 'sha256',
  96: 'sha384',
  128: 'sha512',
};

function hash(algorithm: string, data: string): string {
  return createHash(algorithm).update(data, 'utf8').digest('hex');
}

/** BBB's GetChecksum (string variant): remove the checksum parameter from the query string as received. */
function withoutChecksum(query: string, checksum: string): string {
  return query
    .replace(`&checksum=${checksum}`, '')
    .replace(`checksum=${checksum}&`, '')
    .replace(`checksum=${checksum}`, '');
}

/** Apache URLEncodedUtils.format (UTF-8): alphanumerics and `-_.*` kept, space as `+`, rest %XX. */
function apacheFormat(params: URLSearchParams): string {
  const enc = (s: string) =>
    [...Buffer.from(s, 'utf8')]
      .map((b) => {
        const c = String.fromCharCode(b);
        if (/[A-Za-z0-9\-_.*]/.test(c)) return c;
        if (c === ' ') return '+';
        return `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
      })
      .join('');
  return [...params].map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
}

/** Recomputes the checksum of a signed BBB URL over its own query string, like the server. */
function verifiesAgainst(url: string, secret: string): boolean {
  const parsed = new URL(url);
  const call = parsed.pathname.split('/').pop()!;
  const query = parsed.search.slice(1);
  const checksum = parsed.searchParams.get('checksum') ?? '';
  const algorithm = HEX_LENGTH[checksum.length];
  if (!algorithm) return false;
  return hash(algorithm, call + withoutChecksum(query, checksum) + secret) === checksum;
}

// ---------------------------------------------------------------------------------------------
// Checksum test vectors

describe('bbbChecksum', () => {
  // Official vector: docs.bigbluebutton.org/development/api, "API Security Model" > "Usage"
  // (github.com/bigbluebutton/bigbluebutton, docs/docs/development/api.md).
  const DOC_QUERY = 'name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444';
  const DOC_SECRET = '639259d4-9dd8-4b25-bf01-95f9567eaf4b';
  const DOC_SHA1 = '1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17';

  it('matches the SHA-1 example of the official API docs', () => {
    expect(bbbChecksum('create', DOC_QUERY, DOC_SECRET, 'sha1')).toBe(DOC_SHA1);
    expect(bbbChecksum('create', DOC_QUERY, DOC_SECRET)).toBe(DOC_SHA1);
  });

  it('builds the documented URL from plain parameters (space encoded as +, as in the docs)', () => {
    const url = bbbUrl(
      { bbb: { url: 'https://bbb.example.org/bigbluebutton/', secret: DOC_SECRET, algorithm: 'sha1' } },
      'create',
      { name: 'Test Meeting', meetingID: 'abc123', attendeePW: '111222', moderatorPW: '333444' },
    );
    expect(url).toBe(`https://bbb.example.org/bigbluebutton/api/create?${DOC_QUERY}&checksum=${DOC_SHA1}`);
  });

  // The official docs give no SHA-256 example. Cross-check with the one from a third-party guide:
  // bbbserver.com/bigbluebutton-api-guide/security/checksum-authentication (SHA-1 and SHA-256).
  it('matches the SHA-1 and SHA-256 example of the bbbserver.com API guide', () => {
    const query =
      'name=Demo&meetingID=replace-with-meeting-id&attendeePW=replace-with-password&moderatorPW=replace-with-password';
    expect(bbbChecksum('create', query, 'replace-with-secret', 'sha1')).toBe(
      '7030bd96ede6a7ac41da848fe3bfc562e52a5914',
    );
    expect(bbbChecksum('create', query, 'replace-with-secret', 'sha256')).toBe(
      '7e5a0a48f1542462e56ca034dc83d741bff1deb5feab0cd9ef74fa6e009fe1fd',
    );
  });

  it('supports sha384 and sha512 (BBB 2.5+), recognisable by length as the server does', () => {
    const data = 'getRecordingsmeetingID=tp-1secret';
    expect(bbbChecksum('getRecordings', 'meetingID=tp-1', 'secret', 'sha384')).toBe(hash('sha384', data));
    expect(bbbChecksum('getRecordings', 'meetingID=tp-1', 'secret', 'sha512')).toHaveLength(128);
  });
});

describe('bbbQuery encoding', () => {
  it('round-trips and is stable under the server re-serialising it (Apache URLEncodedUtils)', () => {
    const params = {
      fullName: "Zoë O'Brien (Gast) & Co ~ 100%* + more!",
      meetingID: 'tp-abc',
      welcome: '<b>Hallo</b> = "Welt"\u0007',
    };
    const query = bbbQuery(params);
    expect(query).toMatch(/^[A-Za-z0-9\-_.*%+=&]+$/);
    const parsed = new URLSearchParams(query);
    expect(parsed.get('fullName')).toBe(params.fullName);
    expect(parsed.get('welcome')).toBe('<b>Hallo</b> = "Welt"'); // control character dropped
    expect(apacheFormat(parsed)).toBe(query);
    expect(bbbEncode('a b')).toBe('a+b');
  });
});

describe('room ids', () => {
  it('are made safe for Jitsi and BBB', () => {
    expect(sanitizeRoomId('--A,B  c--')).toBe('a-b-c');
    expect(sanitizeRoomId('tp-Ev_42/Ä-20270112T1900')).toBe('tp-ev-42-20270112t1900');
  });
});

// ---------------------------------------------------------------------------------------------
// Fake BigBlueButton server

const BBB_SECRET = 'fake-bbb-secret-8cd8ef52e8e101574e400365b55e11a6';
const ROOM_ID = 'tp-evt1-20270112t1900';
const CREATE_TIME = '1799780400000';

const FAILED_CHECKSUM =
  '<response><returncode>FAILED</returncode><messageKey>checksumError</messageKey><message>Checksums do not match</message></response>';

const CREATE_OK = `<response>
  <returncode>SUCCESS</returncode>
  <meetingID>${ROOM_ID}</meetingID>
  <internalMeetingID>640ab2bae07bedc4c163f679a746f7ab7fb5d1fa-${CREATE_TIME}</internalMeetingID>
  <parentMeetingID>bbb-none</parentMeetingID>
  <createTime>${CREATE_TIME}</createTime>
  <voiceBridge>70757</voiceBridge>
  <dialNumber>613-555-1234</dialNumber>
  <createDate>Tue Jan 12 19:00:00 UTC 2027</createDate>
  <hasUserJoined>false</hasUserJoined>
  <duration>0</duration>
  <hasBeenForciblyEnded>false</hasBeenForciblyEnded>
  <messageKey>duplicateWarning</messageKey>
  <message>This conference was already in existence and may currently be in progress.</message>
</response>`;

// Shaped like the getRecordings example response of the official API docs.
const RECORDINGS = `<response>
   <returncode>SUCCESS</returncode>
   <recordings>
      <recording>
         <recordID>ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124</recordID>
         <meetingID>${ROOM_ID}</meetingID>
         <internalMeetingID>ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124</internalMeetingID>
         <name>Fred&apos;s Room &amp; Co</name>
         <isBreakout>false</isBreakout>
         <published>true</published>
         <state>published</state>
         <startTime>1530718721124</startTime>
         <endTime>1530718810456</endTime>
         <participants>3</participants>
         <metadata>
            <isBreakout>false</isBreakout>
            <meetingName>Fred's Room</meetingName>
            <meetingId>${ROOM_ID}</meetingId>
         </metadata>
         <playback>
            <format>
               <type>podcast</type>
               <url>https://demo.bigbluebutton.org/podcast/ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124/audio.ogg</url>
               <processingTime>0</processingTime>
               <length>0</length>
            </format>
            <format>
               <type>presentation</type>
               <url>https://demo.bigbluebutton.org/playback/presentation/2.0/playback.html?meetingId=ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124</url>
               <processingTime>7177</processingTime>
               <length>33</length>
               <preview>
                  <images>
                     <image alt="Welcome to" height="136" width="176">https://demo.bigbluebutton.org/presentation/x/thumbnails/thumb-1.png</image>
                  </images>
               </preview>
            </format>
         </playback>
      </recording>
      <recording>
         <recordID>ffbfc4cc24428694e8b53a4e144f414052431693-1530278898111</recordID>
         <meetingID>${ROOM_ID}</meetingID>
         <internalMeetingID>ffbfc4cc24428694e8b53a4e144f414052431693-1530278898111</internalMeetingID>
         <name>Fred's Room</name>
         <isBreakout>false</isBreakout>
         <published>true</published>
         <state>published</state>
         <startTime>1530278898111</startTime>
         <endTime>1530281194326</endTime>
         <participants>7</participants>
         <metadata>
            <meetingName>Fred's Room</meetingName>
         </metadata>
         <playback>
            <format>
               <type>video</type>
               <url>https://demo.bigbluebutton.org/playback/video/ffbfc4cc24428694e8b53a4e144f414052431693-1530278898111/</url>
               <processingTime>139458</processingTime>
               <length>38</length>
            </format>
         </playback>
      </recording>
   </recordings>
</response>`;

const NO_RECORDINGS =
  '<response><returncode>SUCCESS</returncode><recordings></recordings><messageKey>noRecordings</messageKey><message>There are no recordings for the meeting(s).</message></response>';

interface Hit {
  call: string;
  params: URLSearchParams;
}

let server: http.Server;
let origin: string;
const hits: Hit[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const raw = req.url ?? '/';
    if (raw.startsWith('/hang/')) return; // never answers
    if (raw.startsWith('/broken/')) {
      res.writeHead(500, { 'content-type': 'text/html' });
      return res.end('<html>Internal error</html>');
    }
    const xml = (body: string) => {
      res.writeHead(200, { 'content-type': 'text/xml;charset=utf-8' });
      res.end(body);
    };
    const [path = '', query = ''] = raw.split('?', 2);
    const call = /\/bigbluebutton\/api\/([A-Za-z]+)$/.exec(path)?.[1];
    if (!call) {
      res.writeHead(404);
      return res.end();
    }
    // Checks the checksum like BBB: over the query string as received, without the checksum param;
    // the algorithm follows from the hex length.
    const checksum = new URLSearchParams(query).get('checksum') ?? '';
    const algorithm = HEX_LENGTH[checksum.length];
    const stripped = withoutChecksum(query, checksum);
    if (!algorithm || hash(algorithm, call + stripped + BBB_SECRET) !== checksum.toLowerCase()) {
      return xml(FAILED_CHECKSUM);
    }
    // The re-serialising server variant must see the same string.
    const params = new URLSearchParams(stripped);
    if (apacheFormat(params) !== stripped) return xml(FAILED_CHECKSUM);
    hits.push({ call, params });
    if (call === 'create') {
      if (params.get('meetingID') === 'tp-refused')
        return xml(
          '<response><returncode>FAILED</returncode><messageKey>maxConcurrent</messageKey><message>The maximum number of concurrent meetings has been reached.</message></response>',
        );
      return xml(CREATE_OK);
    }
    if (call === 'getRecordings')
      return xml(params.get('meetingID') === ROOM_ID ? RECORDINGS : NO_RECORDINGS);
    if (call === 'join') {
      if (params.get('createTime') !== CREATE_TIME) {
        return xml(
          '<response><returncode>FAILED</returncode><messageKey>mismatchCreateTimeParam</messageKey><message>x</message></response>',
        );
      }
      res.writeHead(302, { location: 'https://bbb.example.org/html5client/join?sessionToken=abc' });
      return res.end();
    }
    return xml(
      '<response><returncode>FAILED</returncode><messageKey>unsupportedRequest</messageKey></response>',
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.close();
  await once(server, 'close');
});

beforeEach(() => {
  hits.length = 0;
});

const NOW = new Date('2027-01-12T18:50:00Z');
const room = (over: Partial<VideoRoom> = {}): VideoRoom => ({
  kind: 'bbb',
  roomId: ROOM_ID,
  title: 'Stammtisch & Co',
  startsAt: new Date('2027-01-12T19:00:00Z'),
  endsAt: new Date('2027-01-12T21:00:00Z'),
  ...over,
});
const host: VideoPerson = { id: 'u-host', name: 'Hanna Host', email: 'hanna@example.org', moderator: true };
const guest: VideoPerson = { id: 'u-guest', name: "Zoë O'Brien (Gast)", moderator: false };

function settings(
  over: { jitsi?: Partial<VideoSettings['jitsi']>; bbb?: Partial<VideoSettings['bbb']> } = {},
) {
  return {
    jitsi: { baseUrl: 'https://meet.example.org', appId: '', secret: '', ...over.jitsi },
    bbb: { url: `${origin}/bigbluebutton/`, secret: BBB_SECRET, algorithm: 'sha256' as const, ...over.bbb },
  } satisfies VideoSettings;
}

async function appError(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('BigBlueButton provider', () => {
  it('creates the meeting, then returns a signed join URL for a moderator', async () => {
    const video = createVideoProviders(settings(), { now: () => NOW });
    const url = await video.joinUrl(room(), host);

    expect(hits.map((h) => h.call)).toEqual(['create']);
    const create = hits[0]!.params;
    expect(create.get('meetingID')).toBe(ROOM_ID);
    expect(create.get('name')).toBe('Stammtisch & Co');
    expect(create.get('record')).toBe('true');
    expect(create.get('welcome')).toContain('Stammtisch &#38; Co');

    const parsed = new URL(url);
    expect(`${parsed.origin}${parsed.pathname}`).toBe(`${origin}/bigbluebutton/api/join`);
    expect(parsed.searchParams.get('fullName')).toBe('Hanna Host');
    expect(parsed.searchParams.get('meetingID')).toBe(ROOM_ID);
    expect(parsed.searchParams.get('role')).toBe('MODERATOR');
    expect(parsed.searchParams.get('userID')).toBe('u-host');
    expect(parsed.searchParams.get('redirect')).toBe('true');
    expect(parsed.searchParams.get('createTime')).toBe(CREATE_TIME);
    expect(parsed.searchParams.get('checksum')).toHaveLength(64); // sha256
    expect(verifiesAgainst(url, BBB_SECRET)).toBe(true);
    expect(url).not.toContain(BBB_SECRET);

    // The fake server accepts the join URL as it is.
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(302);
  });

  it('gives viewers the VIEWER role; the checksum covers the encoded name', async () => {
    const video = createVideoProviders(
      settings({ bbb: { algorithm: 'sha1', url: `${origin}/bigbluebutton/api` } }),
    );
    const url = await video.joinUrl(room(), guest);
    const parsed = new URL(url);
    expect(parsed.searchParams.get('role')).toBe('VIEWER');
    expect(parsed.searchParams.get('fullName')).toBe("Zoë O'Brien (Gast)");
    expect(parsed.search).toContain('fullName=Zo%C3%AB+O%27Brien+%28Gast%29&');
    expect(parsed.searchParams.get('checksum')).toHaveLength(40);
    expect(verifiesAgainst(url, BBB_SECRET)).toBe(true);

    // Tampering with the role breaks the checksum.
    const forged = url.replace('role=VIEWER', 'role=MODERATOR');
    expect(verifiesAgainst(forged, BBB_SECRET)).toBe(false);
    expect(await (await fetch(forged, { redirect: 'manual' })).text()).toContain('checksumError');
  });

  it('parses recordings, preferring the presentation playback', async () => {
    const video = createVideoProviders(settings());
    const recordings = await video.recordings(room());
    expect(hits.map((h) => [h.call, h.params.get('meetingID')])).toEqual([['getRecordings', ROOM_ID]]);
    expect(recordings).toEqual([
      {
        id: 'ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124',
        name: "Fred's Room & Co",
        startedAt: new Date(1530718721124).toISOString(),
        endedAt: new Date(1530718810456).toISOString(),
        playbackUrl:
          'https://demo.bigbluebutton.org/playback/presentation/2.0/playback.html?meetingId=ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124',
        durationMinutes: 33,
      },
      {
        id: 'ffbfc4cc24428694e8b53a4e144f414052431693-1530278898111',
        name: "Fred's Room",
        startedAt: new Date(1530278898111).toISOString(),
        endedAt: new Date(1530281194326).toISOString(),
        playbackUrl:
          'https://demo.bigbluebutton.org/playback/video/ffbfc4cc24428694e8b53a4e144f414052431693-1530278898111/',
        durationMinutes: 38,
      },
    ]);
  });

  it('returns no recordings for a meeting without any', async () => {
    const video = createVideoProviders(settings());
    expect(await video.recordings(room({ roomId: 'tp-other' }))).toEqual([]);
  });

  it('turns a FAILED answer (wrong secret) into an AppError without leaking the secret', async () => {
    const wrong = 'wrong-secret-do-not-leak';
    const video = createVideoProviders(settings({ bbb: { secret: wrong } }));
    for (const promise of [video.joinUrl(room(), host), video.recordings(room())]) {
      const err = await appError(promise);
      expect(err.code).toBe('unavailable');
      expect(err.status).toBe(502);
      expect(err.message).toContain('checksumError');
      expect(JSON.stringify({ m: err.message, d: err.details })).not.toContain(wrong);
      expect(err.details).toMatchObject({ provider: 'bbb', messageKey: 'checksumError' });
    }
    expect(hits).toEqual([]);
  });

  it('turns other FAILED answers into an AppError too', async () => {
    const video = createVideoProviders(settings());
    const err = await appError(video.joinUrl(room({ roomId: 'tp-refused' }), host));
    expect(err.code).toBe('unavailable');
    expect(err.details).toMatchObject({ call: 'create', messageKey: 'maxConcurrent' });
  });

  it('reports an unreachable, slow or broken server as unavailable', async () => {
    const closed = http.createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const deadPort = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');

    const unreachable = createVideoProviders(
      settings({ bbb: { url: `http://127.0.0.1:${deadPort}/bigbluebutton/` } }),
    );
    const e1 = await appError(unreachable.joinUrl(room(), host));
    expect([e1.code, e1.status]).toEqual(['unavailable', 503]);
    expect(e1.message).toBe('The BigBlueButton server could not be reached.');

    const slow = createVideoProviders(settings({ bbb: { url: `${origin}/hang/bigbluebutton/` } }), {
      timeoutMs: 200,
    });
    const e2 = await appError(slow.recordings(room()));
    expect([e2.code, e2.status]).toEqual(['unavailable', 503]);
    expect(e2.message).toBe('The BigBlueButton server did not answer in time.');

    const broken = createVideoProviders(settings({ bbb: { url: `${origin}/broken/bigbluebutton/` } }));
    const e3 = await appError(broken.recordings(room()));
    expect([e3.code, e3.status]).toEqual(['unavailable', 502]);
  });

  it('refuses to run without url and secret', async () => {
    const video = createVideoProviders(settings({ bbb: { secret: '' } }));
    expect(video.configured('bbb')).toBe(false);
    const err = await appError(video.joinUrl(room(), host));
    expect([err.code, err.status]).toEqual(['unavailable', 503]);
    expect(createVideoProviders(settings({ bbb: { url: 'ftp://bbb.example.org/' } })).configured('bbb')).toBe(
      false,
    );
    expect(createVideoProviders(settings()).configured('bbb')).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Jitsi

describe('Jitsi provider', () => {
  const SECRET = 'jitsi-app-secret-0123456789abcdef';
  const key = new TextEncoder().encode(SECRET);
  const jitsiRoom = room({ kind: 'jitsi' });

  it('returns the plain room URL without app id and secret', async () => {
    const video = createVideoProviders(settings({ jitsi: { baseUrl: 'https://meet.example.org/' } }));
    expect(video.configured('jitsi')).toBe(true);
    expect(await video.joinUrl(jitsiRoom, host)).toBe(`https://meet.example.org/${ROOM_ID}`);
    expect(await video.recordings(jitsiRoom)).toEqual([]);
  });

  it('signs an HS256 token with the moderator flag, room, aud/iss and an exp after the end', async () => {
    const video = createVideoProviders(settings({ jitsi: { appId: 'treffpunkt', secret: SECRET } }), {
      now: () => NOW,
    });
    for (const person of [host, guest]) {
      const url = new URL(await video.joinUrl(jitsiRoom, person));
      expect(`${url.origin}${url.pathname}`).toBe(`https://meet.example.org/${ROOM_ID}`);
      const token = url.searchParams.get('jwt')!;
      const { payload, protectedHeader } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        issuer: 'treffpunkt',
        audience: 'treffpunkt',
        currentDate: NOW,
      });
      expect(protectedHeader).toMatchObject({ alg: 'HS256', typ: 'JWT' });
      expect(payload.room).toBe(ROOM_ID);
      expect(payload.sub).toBe('*');
      expect(payload.exp! * 1000).toBeGreaterThan(jitsiRoom.endsAt.getTime());
      expect(payload.exp! * 1000).toBeLessThanOrEqual(jitsiRoom.endsAt.getTime() + 6 * 3600_000);
      expect(payload.nbf! * 1000).toBeLessThanOrEqual(NOW.getTime());
      expect(payload.nbf! * 1000).toBeGreaterThan(NOW.getTime() - 10 * 60_000);
      const user = (payload.context as { user: Record<string, unknown> }).user;
      expect(user).toMatchObject({ id: person.id, name: person.name, moderator: person.moderator });
      expect(user.email).toBe(person.email);
      expect(token).not.toContain(SECRET);
    }
    await expect(
      jwtVerify(
        new URL(await video.joinUrl(jitsiRoom, host)).searchParams.get('jwt')!,
        new TextEncoder().encode('other-secret'),
        { currentDate: NOW },
      ),
    ).rejects.toThrow();
  });

  it('uses the tenant as sub and honours an explicit audience', async () => {
    const video = createVideoProviders(
      settings({
        jitsi: {
          baseUrl: 'https://meet.example.org/Verein/',
          appId: 'tp',
          secret: SECRET,
          audience: 'jitsi',
        },
      }),
      { now: () => NOW },
    );
    const url = new URL(await video.joinUrl(jitsiRoom, guest));
    expect(url.pathname).toBe(`/Verein/${ROOM_ID}`);
    const claims = decodeJwt(url.searchParams.get('jwt')!);
    expect(claims).toMatchObject({ sub: 'verein', aud: 'jitsi', iss: 'tp' });
  });

  it('is misconfigured with only one of app id and secret', async () => {
    const video = createVideoProviders(settings({ jitsi: { appId: 'tp', secret: '' } }));
    expect(video.configured('jitsi')).toBe(false);
    const err = await appError(video.joinUrl(jitsiRoom, host));
    expect(err.code).toBe('unavailable');
  });
});

// ---------------------------------------------------------------------------------------------
// Plain links

describe('link provider', () => {
  const video = createVideoProviders(settings());

  it('returns the given http(s) URL', async () => {
    const url = 'https://zoom.example.com/j/123456789?pwd=abc';
    expect(video.configured('link')).toBe(true);
    expect(await video.joinUrl(room({ kind: 'link', url }), guest)).toBe(url);
    expect(await video.recordings(room({ kind: 'link', url }))).toEqual([]);
  });

  it('rejects javascript: and other non-http URLs', async () => {
    for (const url of [
      'javascript:alert(1)',
      ' JavaScript:alert(document.cookie)',
      'data:text/html,x',
      'not a url',
      '',
    ]) {
      const err = await appError(video.joinUrl(room({ kind: 'link', url }), guest));
      expect([err.code, err.status]).toEqual(['validation_failed', 400]);
    }
  });
});
