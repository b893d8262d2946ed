/**
 * GTM STAND-IN for the Custom HTML install path, not Google's code. gtm.js cannot load offline; this does the one
 * thing of it that matters here: it injects a Custom HTML tag's text into the page the way gtm.js does, copying each
 * `<script>` into a new script element (scripts set through innerHTML never run) and giving it the nonce of the
 * script that loaded GTM, which is how GTM tags work under a nonce-based Content-Security-Policy.
 *
 * Serialised with `toString()` into the page, so it must not refer to anything outside itself.
 */
export function gtmInjectCustomHtml(html: string, nonce: string): void {
  const template = document.createElement('template');
  template.innerHTML = html;
  template.content.querySelectorAll('script').forEach((original) => {
    const script = document.createElement('script');
    for (const attribute of Array.from(original.attributes)) script.setAttribute(attribute.name, attribute.value);
    if (nonce) script.nonce = nonce;
    script.text = original.text;
    document.head.appendChild(script);
  });
}
