export {
  findMentionHandles,
  MAX_MARKDOWN_LENGTH,
  type MentionTarget,
  type RenderedMarkdown,
  type RenderMarkdownOptions,
  renderMarkdown,
} from './markdown.ts';
export {
  createLinkPreviewer,
  type LinkPreview,
  type LinkPreviewer,
  type LinkPreviewerOptions,
} from './link-preview.ts';
export { type HostResolver, isPublicAddress } from './network-guard.ts';
export { EXTERNAL_LINK_REL, escapeText, isAllowedHref, isAllowedImageSrc, sanitizeHtml } from './sanitize.ts';
export { XSS_CORPUS, XSS_GLOBAL, type XssVector } from './xss-corpus.ts';
