// @vitest-environment node
// Every template this project ships (dist/sgtm, the copies embedded in dist/gtm/server-container.json, the gallery
// packages in dist/gallery) keeps the limits Google's template guides state. What the guides say, and where:
// - "Description is just what it sounds like - a brief (200 characters or less) description": *Create a custom
//   variable*, https://developers.google.com/tag-platform/tag-manager/templates/create-a-custom-variable (the tag
//   quick start, https://developers.google.com/tag-platform/tag-manager/templates, says the same of tags).
// - Name: "Organization Name Template Name", "Use Title Case", avoid "Official" unless authorised; icon: "PNG, JPEG,
//   or GIF", "square, at least 48px by 48px": *Template style guide*,
//   https://developers.google.com/tag-platform/tag-manager/templates/style.
// - The same pages state no length or character limit for template names, field names (the keys of `data`),
//   field labels or help texts, so none is checked for them here: a limit we guessed would be a rule Google never
//   wrote. What GTM itself refuses in an import (entity names with `:` `,` `;`) is checked in check-container.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { parseTpl } from 'gtm-template-runner';
import { describe, expect, it } from 'vitest';
import type { GtmExport } from '../../src/formats/gtm-export';
import { TEMPLATE_DESCRIPTION_MAX } from './check-container';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const built = readdirSync(new URL('../../dist/sgtm/', import.meta.url)).filter((name) => name.endsWith('.tpl'));
const builtWeb = readdirSync(new URL('../../dist/web/', import.meta.url)).filter((name) => name.endsWith('.tpl'));
const server = JSON.parse(read('dist/gtm/server-container.json')) as GtmExport;
const webTemplates = JSON.parse(read('dist/gtm/web-container-templates.json')) as GtmExport;

const shipped: { where: string; text: string }[] = [
  ...built.map((name) => ({ where: `dist/sgtm/${name}`, text: read(`dist/sgtm/${name}`) })),
  ...(server.containerVersion.customTemplate ?? []).map((t) => ({
    where: `server-container.json template "${t.name}"`,
    text: t.templateData,
  })),
  ...[...built, ...builtWeb].map((name) => {
    const where = `dist/gallery/${name.replace(/\.tpl$/, '')}/template.tpl`;
    return { where, text: read(where) };
  }),
  ...builtWeb.map((name) => ({ where: `dist/web/${name}`, text: read(`dist/web/${name}`) })),
  ...(webTemplates.containerVersion.customTemplate ?? []).map((t) => ({
    where: `web-container-templates.json template "${t.name}"`,
    text: t.templateData,
  })),
];

/** Width and height of a PNG, from its IHDR chunk; undefined for anything that is not a PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!bytes.subarray(0, 8).equals(signature)) return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The limits of one template's ___INFO___, as lines naming what breaks them. */
function templateLimitProblems(text: string): string[] {
  const info = parseTpl(text).info as {
    displayName?: string;
    description?: string;
    brand?: { thumbnail?: string };
  };
  const problems: string[] = [];
  const name = info.displayName ?? '';
  const description = info.description ?? '';
  if (description.length > TEMPLATE_DESCRIPTION_MAX)
    problems.push(`description of ${description.length} characters (at most ${TEMPLATE_DESCRIPTION_MAX})`);
  if (!name.startsWith('Rokt ')) problems.push(`name "${name}" does not start with the organisation name`);
  const notTitleCase = name.split(' ').filter((word) => !/^[A-Z0-9]/.test(word));
  if (notTitleCase.length > 0) problems.push(`name "${name}" is not in Title Case (${notTitleCase.join(', ')})`);
  if (/\bofficial\b/i.test(name)) problems.push(`name "${name}" says Official`);
  const thumbnail = info.brand?.thumbnail;
  if (thumbnail !== undefined) {
    const match = /^data:image\/(png|jpeg|gif);base64,(.+)$/.exec(thumbnail);
    if (!match) problems.push('icon is not a PNG, JPEG or GIF data URI');
    else if (match[1] === 'png') {
      const size = pngSize(Buffer.from(match[2], 'base64'));
      if (!size) problems.push('icon says PNG but is not one');
      else if (size.width !== size.height || size.width < 48)
        problems.push(`icon is ${size.width}×${size.height}, not square and at least 48×48`);
    }
  }
  return problems;
}

describe('every shipped template keeps the limits of Google’s template guides', () => {
  it('ships the built, embedded and gallery copies of every template', () => {
    expect(shipped).toHaveLength(built.length * 3 + builtWeb.length * 3);
  });

  for (const { where, text } of shipped) {
    it(where, () => {
      expect(templateLimitProblems(text)).toEqual([]);
    });
  }

  it('finds a long description, a name that is not Title Case, "Official" and a small icon', () => {
    const [first] = shipped.filter((t) => t.where.startsWith('dist/gallery/'));
    const info = parseTpl(first.text).info as { displayName: string; description: string };
    const tinyPng = Buffer.alloc(24);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(tinyPng);
    tinyPng.writeUInt32BE(16, 16);
    tinyPng.writeUInt32BE(16, 20);
    const broken = first.text
      .replace(`"${info.description}"`, `"${'x'.repeat(TEMPLATE_DESCRIPTION_MAX + 1)}"`)
      .replace(`"displayName": "${info.displayName}"`, '"displayName": "Rokt official variable"')
      .replace(/data:image\/png;base64,[A-Za-z0-9+/=]+/, `data:image/png;base64,${tinyPng.toString('base64')}`);
    expect(templateLimitProblems(broken)).toEqual([
      `description of ${TEMPLATE_DESCRIPTION_MAX + 1} characters (at most ${TEMPLATE_DESCRIPTION_MAX})`,
      'name "Rokt official variable" is not in Title Case (official, variable)',
      'name "Rokt official variable" says Official',
      'icon is 16×16, not square and at least 48×48',
    ]);
  });
});
