// The page every view sits in: Vietnamese, a phone-sized viewport, our own stylesheet, no
// inline script (the Content-Security-Policy forbids it).
import { html, type SafeHtml } from '../html.ts';

export interface PageOptions {
  title: string;
  body: SafeHtml;
  styles?: string[];
  scripts?: string[];
  bodyClass?: string;
}

export function page({ title, body, styles = ['/assets/base.css'], scripts = [], bodyClass }: PageOptions): string {
  return html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${title}</title>
${styles.map((href) => html`<link rel="stylesheet" href="${href}">`)}
${scripts.map((src) => html`<script src="${src}" defer></script>`)}
</head>
<body${bodyClass ? html` class="${bodyClass}"` : ''}>
${body}
</body>
</html>
`.value;
}
