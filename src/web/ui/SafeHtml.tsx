/**
 * HTML that the server rendered from Markdown and sanitized (sanitize-html allowlist) at write time.
 * The only place the SPA inserts HTML: never pass anything else.
 */
export function SafeHtml({ html, className }: { html: string; className?: string }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: server-sanitized `bodyHtml` fields only
  return <div className={`prose ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
