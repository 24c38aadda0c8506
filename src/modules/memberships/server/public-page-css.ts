/**
 * The stylesheet of the public community page, served at `/join/page.css` with a long cache.
 * The brand colour is not in here: the page sets `--brand` and `--on-brand` (black or white, whichever
 * contrasts more) inline, so one cached file serves every community. Brand is only ever a surface with
 * `--on-brand` on it, or a decoration; text on white stays near-black. System fonts only.
 */
export const PUBLIC_PAGE_CSS = `*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1a1a1a;background:#f6f6f3;overflow-wrap:break-word;hyphens:auto}
img{max-width:100%;height:auto}
a{color:inherit;text-underline-offset:.15em}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}
.site-header :focus-visible{outline-color:currentColor}
.sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip-path:inset(50%);white-space:nowrap;border:0}
.skip{position:absolute;left:.5rem;top:-4rem;z-index:1;padding:.5rem 1rem;background:#fff;color:#1a1a1a;border-radius:.375rem}
.skip:focus{top:.5rem}
.wrap{max-width:68rem;margin:0 auto;padding:0 1rem}
.site-header{background:var(--brand);color:var(--on-brand)}
.site-header .wrap{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem 1rem;min-height:4rem;padding-block:.5rem}
.community{display:flex;align-items:center;gap:.75rem;min-width:0;font-weight:700;font-size:1.125rem;line-height:1.25}
.community>span{min-width:0;overflow-wrap:anywhere}
.community img{height:2.5rem;width:auto;max-width:8rem;object-fit:contain;background:#fff;border-radius:.375rem;padding:.125rem}
.account{flex:none;font-weight:600;padding:.5rem 0}
.hero{padding:2.5rem 0 1rem}
h1{font-size:clamp(1.5rem,.9rem + 2.9vw,2.75rem);line-height:1.15;margin:0 0 1rem}
h2{font-size:1.375rem;line-height:1.25;margin:1.5rem 0 .75rem}
h3{font-size:1.25rem;line-height:1.3;margin:0 0 .5rem}
.pitch{max-width:42rem;font-size:1.125rem}
.pitch img{border-radius:.5rem}
.pitch h2{font-size:1.25rem}
.pitch h3{font-size:1.125rem}
.pitch blockquote{margin:1rem 0;padding-left:1rem;border-left:.25rem solid #c9c9c2}
.notice{margin:0 0 1.25rem;padding:.75rem 1rem;background:#fff;border:1px solid #c9c9c2;border-left:.375rem solid var(--brand);border-radius:.5rem;max-width:42rem}
.tiers{list-style:none;margin:0;padding:0;display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(min(100%,17rem),1fr))}
.tier{display:flex;flex-direction:column;padding:1.25rem;background:#fff;border:1px solid #d3d3cc;border-top:.375rem solid var(--brand);border-radius:.75rem}
.tier>p{margin:0 0 .75rem}
.badge{align-self:flex-start;padding:0 .625rem;border:1px solid #6b6b6b;border-radius:999px;font-size:.875rem;font-weight:600}
.includes{list-style:none;margin:0 0 .75rem;padding:0}
.includes li{position:relative;margin:.25rem 0;padding-left:1.5rem}
.includes li::before{content:"";position:absolute;left:.3rem;top:.3em;width:.4rem;height:.75rem;border:solid currentColor;border-width:0 .15rem .15rem 0;transform:rotate(45deg)}
.trial{font-weight:600}
.prices{list-style:none;margin:auto 0 0;padding:0}
.price{margin-top:1rem;padding-top:1rem;border-top:1px solid #e1e1db}
.price p{margin:0}
.price .offer{display:inline-block;margin:0 0 .5rem;padding:.125rem .5rem;background:var(--brand);color:var(--on-brand);border-radius:.25rem;font-size:.875rem;font-weight:700}
.price .offer-out{background:none;color:#4a4a4a;border:1px solid #6b6b6b}
.amount strong{font-size:1.75rem;line-height:1.2}
.small{font-size:.875rem;color:#4a4a4a}
.button,button{display:block;width:100%;margin-top:.75rem;padding:.75rem 1rem;background:var(--brand);color:var(--on-brand);border:1px solid rgb(0 0 0/.3);border-radius:.5rem;font:inherit;font-weight:700;line-height:1.3;text-align:center;text-decoration:none;cursor:pointer}
.button:hover,button:hover{text-decoration:underline;text-decoration-thickness:2px}
.button.inline{display:inline-block;width:auto}
.tiers-section>.small{margin:1rem 0 0}
.interest{margin:2rem 0;padding:1.25rem;max-width:40rem;background:#fff;border:1px solid #d3d3cc;border-radius:.75rem}
.interest h2{margin-top:0}
.flash{margin:0 0 1rem;padding:.75rem 1rem;background:#edf5ee;border-left:.375rem solid #1d6b34;border-radius:.25rem}
.flash-error{background:#fbeeed;border-left-color:#b3261e}
main>.flash{margin-top:1.5rem}
.field{margin:0 0 1rem}
label{display:block;margin-bottom:.25rem;font-weight:600}
input[type=email],input[type=text]{width:100%;padding:.625rem .75rem;font:inherit;color:inherit;background:#fff;border:1px solid #6b6b6b;border-radius:.375rem}
input[aria-invalid=true]{border:2px solid #b3261e}
.field-error{margin:0 0 .25rem;color:#b3261e;font-weight:600}
.check{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem;align-items:start}
.check input{width:1.5rem;height:1.5rem;margin:0;accent-color:#1a1a1a}
.check input[aria-invalid=true]:not(:focus-visible){outline:2px solid #b3261e;outline-offset:1px}
.check label{margin:0;font-weight:400}
.check .field-error{grid-column:1/-1}
.check .hint{grid-column:2}
.hint{margin:0;font-size:.875rem;color:#4a4a4a}
.result{padding:2.5rem 1rem;max-width:42rem}
.site-footer{margin-top:3rem;padding:1.5rem 0;border-top:1px solid #d3d3cc;font-size:.875rem;color:#4a4a4a}
.site-footer ul{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;margin:0 0 .5rem;padding:0;list-style:none}
.site-footer p{margin:0}
@media (forced-colors:active){.button,button,.offer{border:2px solid ButtonText}}
`;
