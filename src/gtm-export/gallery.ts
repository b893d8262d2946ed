/**
 * Gallery-ready packages, one per built template: the files the Community Template Gallery reads from the root of a
 * template's own repository (`template.tpl`, `metadata.yaml`, an Apache-2.0 `LICENSE`; Google's example repository
 * and stape-io/md5-hash-variable show the layout), plus a thumbnail and a short README. The packaged template's
 * brand and description say that it is community-made, not Rokt's; the rest of the `.tpl` is the built file.
 */
import { thumbnailPng } from './thumbnail.js';

/** One file of a package: its name inside the package directory and its contents. */
export interface PackageFile {
  name: string;
  contents: string | Buffer;
}

/** Said by every packaged template and its README. */
export const COMMUNITY_NOTICE = 'Community template, not made, reviewed or endorsed by Rokt.';

export interface GalleryInput {
  /** The template's file name without `.tpl` (also the package directory name). */
  file: string;
  text: string;
  packageVersion: string;
  /** Where the docs live (the npm page shows the README). */
  homepage: string;
  /** The Apache-2.0 licence text. */
  license: string;
}

const INFO = /(___INFO___\r?\n\r?\n)([\s\S]*?)(\r?\n\r?\n\r?\n___)/;

/** The `.tpl` text with the gallery brand (community name and thumbnail) and the notice leading the description. */
function galleryTemplate(text: string, thumbnailDataUri: string): string {
  const match = INFO.exec(text);
  if (!match) throw new Error('gtm-export: the template has no ___INFO___ section');
  const info = JSON.parse(match[2]) as { displayName?: string; description?: string; brand?: Record<string, string> };
  const description = info.description ?? '';
  info.description = description.includes(COMMUNITY_NOTICE) ? description : `${COMMUNITY_NOTICE} ${description}`;
  info.brand = { ...info.brand, displayName: 'rokt-sgtm-bridge (community)', thumbnail: thumbnailDataUri };
  return text.replace(
    INFO,
    (_all, head: string, _body: string, tail: string) => `${head}${JSON.stringify(info, null, 2)}${tail}`,
  );
}

function metadataYaml(input: GalleryInput): string {
  return `homepage: "${input.homepage}"
documentation: "${input.homepage}"
versions:
  # Newest first. Each sha is the commit of the gallery repository that holds that version of template.tpl:
  # replace the zeros after the first commit (docs/gallery.md).
  - sha: "0000000000000000000000000000000000000000"
    changeNotes: First release, from rokt-sgtm-bridge ${input.packageVersion}.
`;
}

function readme(input: GalleryInput, displayName: string, web: boolean): string {
  const install = web
    ? 'in a web container, *Templates → New → ⋮ → Import* and choose `template.tpl`.'
    : `in a server container, *Templates → New → ⋮ → Import* and choose \`template.tpl\`, or import the whole
  server container file \`dist/gtm/server-container.json\` of the npm package.`;
  return `# ${displayName} (${web ? 'web' : 'sGTM'} template)

${COMMUNITY_NOTICE} It is part of [rokt-sgtm-bridge](${input.homepage}), an open-source toolkit that carries the
Rokt click ID and a hashed email from the landing page through server-side Google Tag Manager to Rokt.

- Install: ${install}
- Fields, permissions and behaviour: the project's \`docs/templates.md\`.
- Licence: Apache-2.0 (this template package); the npm package is MIT.
`;
}

/** The files of one package. */
export function galleryPackage(input: GalleryInput): PackageFile[] {
  const png = thumbnailPng();
  const template = galleryTemplate(input.text, `data:image/png;base64,${png.toString('base64')}`);
  const displayName = /"displayName":\s*"([^"]+)"/.exec(template)?.[1] ?? input.file;
  return [
    { name: 'template.tpl', contents: template },
    { name: 'metadata.yaml', contents: metadataYaml(input) },
    { name: 'LICENSE', contents: input.license },
    { name: 'thumbnail.png', contents: png },
    { name: 'README.md', contents: readme(input, displayName, /___SANDBOXED_JS_FOR_WEB_TEMPLATE___/.test(template)) },
  ];
}
