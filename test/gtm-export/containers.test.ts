// @vitest-environment node
// The import files and gallery packages as `npm run build` writes them (npm test builds first).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { GtmExport } from '../../src/gtm-export/format';
import { BUILT_IN_TRIGGERS, NAME_PREFIX } from '../../src/gtm-export/format';
import { COMMUNITY_NOTICE } from '../../src/gtm-export/gallery';
import {
  GA4_CLEANED_URLS,
  GA4_EXCLUDED_PARAMS,
  GA4_TAG_TYPE,
  PLACEHOLDERS,
  SERVER_NAMES,
  TEMPLATE_FILES,
} from '../../src/gtm-export/server-container';
import { decodeParameters } from '../../src/gtm-export/template-fields';
import { WEB_NAMES } from '../../src/gtm-export/web-container';
import { parseTpl } from '../../src/sandbox/index';
import { containerProblems } from './check-container';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const web = JSON.parse(read('dist/gtm/web-container.json')) as GtmExport;
const server = JSON.parse(read('dist/gtm/server-container.json')) as GtmExport;
const builtTemplates = readdirSync(new URL('../../dist/sgtm/', import.meta.url)).filter((name) =>
  name.endsWith('.tpl'),
);
const copy = (file: GtmExport): GtmExport => structuredClone(file);

describe('the structural check', () => {
  it('finds a duplicate id, a dangling reference, a missing trigger, an unknown field and a bad select value', () => {
    const broken = copy(server);
    const version = broken.containerVersion;
    version.variable[1].variableId = version.variable[0].variableId;
    version.tag[0].firingTriggerId = ['999'];
    version.tag[0].parameter.push({ type: 'TEMPLATE', key: 'noSuchField', value: '{{Nowhere}}' });
    const mode = version.tag[0].parameter.find((p) => p.key === 'apiMode')!;
    mode.value = 'carrierPigeon';
    expect(containerProblems(broken)).toEqual(
      expect.arrayContaining([
        `variableId ${version.variable[0].variableId} is used twice`,
        `tag "${SERVER_NAMES.eventApiTag}" fires on missing trigger 999`,
        `tag "${SERVER_NAMES.eventApiTag}" refers to {{Nowhere}}, which is not in the file`,
        `"${SERVER_NAMES.eventApiTag}" sets "noSuchField", which its template does not have`,
        expect.stringContaining('apiMode = "carrierPigeon" is not one of'),
      ]),
    );
  });

  it('finds {{ and non-ES5 code in a Custom HTML tag, and a constant that fails a field pattern', () => {
    const brokenWeb = copy(web);
    brokenWeb.containerVersion.tag[0].parameter[0].value = '<script>let x = {{Page URL}};</script>';
    expect(containerProblems(brokenWeb)).toEqual([
      expect.stringContaining('contains {{'),
      expect.stringContaining('does not parse as ES5'),
    ]);
    const brokenServer = copy(server);
    const publicKey = brokenServer.containerVersion.variable.find((v) => v.name === SERVER_NAMES.publicKey)!;
    publicKey.parameter[0].value = 'pk-123';
    expect(containerProblems(brokenServer)).toEqual([expect.stringContaining('publicKey = "pk-123" fails')]);
  });

  it('finds a transformation that refers to a missing variable or shares an id', () => {
    const broken = copy(server);
    const [first, second] = broken.containerVersion.transformation!;
    second.transformationId = first.transformationId;
    second.parameter.push({ type: 'TEMPLATE', key: 'x', value: '{{Gone}}' });
    expect(containerProblems(broken)).toEqual([
      `transformationId ${first.transformationId} is used twice`,
      `transformation "${second.name}" refers to {{Gone}}, which is not in the file`,
    ]);
  });
});

describe('dist/gtm/web-container.json', () => {
  const version = web.containerVersion;
  const byName = (name: string) => version.tag.find((t) => t.name === name)!;

  it('keeps every structural rule', () => {
    expect(version.container.usageContext).toEqual(['WEB']);
    expect(containerProblems(web)).toEqual([]);
  });

  it('carries the bundle exactly as dist/gtm-custom-html.html, fired on Initialization – All Pages', () => {
    const tag = byName(WEB_NAMES.customHtml);
    expect(tag.type).toBe('html');
    expect(decodeParameters(tag.parameter).html).toBe(read('dist/gtm-custom-html.html'));
    expect(tag.firingTriggerId).toEqual([BUILT_IN_TRIGGERS.initialization]);
  });

  it('defaults the rtid Data Layer variable to the RoktTransactionId cookie and puts both into Event Settings', () => {
    const variable = (name: string) => decodeParameters(version.variable.find((v) => v.name === name)!.parameter);
    expect(variable(WEB_NAMES.cookie).name).toBe('RoktTransactionId');
    expect(variable(WEB_NAMES.rtid)).toMatchObject({
      name: 'rtid',
      setDefaultValue: true,
      defaultValue: `{{${WEB_NAMES.cookie}}}`,
    });
    expect(variable(WEB_NAMES.emailSha256)).toMatchObject({ name: 'emailsha256', setDefaultValue: false });
    expect(variable(WEB_NAMES.eventSettings).eventSettingsTable).toEqual([
      { parameter: 'rtid', parameterValue: `{{${WEB_NAMES.rtid}}}` },
      { parameter: 'emailsha256', parameterValue: `{{${WEB_NAMES.emailSha256}}}` },
    ]);
  });

  it('has a paused example GA4 event tag on the conversion trigger, and everything in one prefixed folder', () => {
    const example = byName(WEB_NAMES.exampleTag);
    expect(example).toMatchObject({ type: 'gaawe', paused: true });
    const trigger = version.trigger.find((t) => t.triggerId === example.firingTriggerId[0])!;
    expect(trigger.customEventFilter?.[0].parameter.map((p) => p.value)).toEqual(['{{_event}}', '^(purchase)$']);
    for (const entity of [...version.tag, ...version.trigger, ...version.variable, ...version.folder]) {
      expect(entity.name.startsWith(NAME_PREFIX)).toBe(true);
    }
  });
});

describe('dist/gtm/server-container.json', () => {
  const version = server.containerVersion;
  const tag = (name: string) => version.tag.find((t) => t.name === name);

  it('keeps every structural rule', () => {
    expect(version.container.usageContext).toEqual(['SERVER']);
    expect(containerProblems(server)).toEqual([]);
  });

  it('embeds every built template byte for byte', () => {
    expect(version.customTemplate?.map((t) => t.templateData).sort()).toEqual(
      builtTemplates.map((name) => read(`dist/sgtm/${name}`)).sort(),
    );
  });

  it('imports the Event API tag with Dry run on and the credentials from Constants holding placeholders', () => {
    const data = decodeParameters(tag(SERVER_NAMES.eventApiTag)!.parameter);
    expect(data.dryRun).toBe(true);
    const constant = (name: string) => decodeParameters(version.variable.find((v) => v.name === name)!.parameter).value;
    expect(data.accountId).toBe(`{{${SERVER_NAMES.accountId}}}`);
    expect(constant(SERVER_NAMES.accountId)).toBe(PLACEHOLDERS.accountId);
    expect(constant(SERVER_NAMES.publicKey)).toMatch(/^rpub-REPLACE/);
    expect(constant(SERVER_NAMES.secretKey)).toMatch(/^rsec-REPLACE/);
  });

  it('has one Rokt Identifier variable per output the template offers', () => {
    const identifier = version.customTemplate!.find(
      (t) => parseTpl(t.templateData).info.displayName === 'Rokt Identifier',
    )!;
    const outputs = (
      parseTpl(identifier.templateData).parameters as { name: string; selectItems?: { value: string }[] }[]
    )
      .find((p) => p.name === 'output')!
      .selectItems!.map((item) => item.value);
    const variables = version.variable.filter(
      (v) => v.type === `cvt_${identifier.containerId}_${identifier.templateId}`,
    );
    expect(variables.map((v) => decodeParameters(v.parameter).output)).toEqual(outputs);
  });

  it('fires the tag on GA4-client hits whose event name is a conversion', () => {
    const trigger = version.trigger.find((t) => t.triggerId === tag(SERVER_NAMES.eventApiTag)!.firingTriggerId[0])!;
    expect(trigger.type).toBe('ALWAYS');
    expect(trigger.filter?.map((c) => [c.type, ...c.parameter.map((p) => p.value)])).toEqual([
      ['EQUALS', '{{Client Name}}', 'GA4'],
      ['MATCH_REGEX', '{{Event Name}}', '^(purchase)$'],
    ]);
  });

  it('adds the Rokt ID Keeper on every GA4 event when that template is built', () => {
    const keeper = tag(SERVER_NAMES.keeperTag);
    if (!builtTemplates.includes(`${TEMPLATE_FILES.keeper}.tpl`)) {
      expect(keeper).toBeUndefined();
      return;
    }
    const trigger = version.trigger.find((t) => t.triggerId === keeper!.firingTriggerId[0])!;
    expect(trigger.filter?.map((c) => [c.type, ...c.parameter.map((p) => p.value)])).toEqual([
      ['EQUALS', '{{Client Name}}', 'GA4'],
    ]);
  });

  it('keeps GA4 clean: Transformations scoped to every GA4 tag drop the identifiers and clean the page URLs', () => {
    const transformations = version.transformation ?? [];
    expect(transformations.map((t) => [t.name, t.type])).toEqual([
      [SERVER_NAMES.ga4Exclusion, 'tf_exclude_params'],
      [SERVER_NAMES.ga4PageUrls, 'tf_augment_event'],
    ]);
    for (const transformation of transformations) {
      const data = decodeParameters(transformation.parameter);
      expect(data.affectedTagTypes).toEqual([{ tagType: GA4_TAG_TYPE, tagTypeExceptions: [] }]);
      expect([data.matchingConditionsEnabled, data.allTagsExcept, data.affectedTags]).toEqual([false, false, []]);
    }
    const [exclusion, urls] = transformations.map((t) => decodeParameters(t.parameter));
    expect(exclusion.excludedParamsTable).toEqual(GA4_EXCLUDED_PARAMS.map((param) => ({ excludedParams: param })));
    // Each URL comes from the Rokt Identifier variable of the matching output.
    const outputOf = (reference: string) =>
      decodeParameters(version.variable.find((v) => `{{${v.name}}}` === reference)!.parameter).output;
    const rows = urls.augmentEventTable as { paramName: string; paramValue: string }[];
    expect(rows.map((row) => [row.paramName, outputOf(row.paramValue)])).toEqual(Object.entries(GA4_CLEANED_URLS));
  });
});

describe('dist/gallery', () => {
  for (const name of builtTemplates) {
    const dir = `dist/gallery/${name.replace(/\.tpl$/, '')}`;
    it(`${dir} is a gallery repository: template, metadata, Apache-2.0 licence, thumbnail, README`, () => {
      for (const file of ['template.tpl', 'metadata.yaml', 'LICENSE', 'thumbnail.png', 'README.md']) {
        expect(existsSync(new URL(`../../${dir}/${file}`, import.meta.url))).toBe(true);
      }
      expect(read(`${dir}/LICENSE`)).toMatch(/^\s*Apache License\s+Version 2\.0/);
      const metadata = parseYaml(read(`${dir}/metadata.yaml`)) as Record<string, unknown>;
      expect(metadata).toMatchObject({ homepage: expect.any(String), documentation: expect.any(String) });
      expect(metadata.versions).toEqual([
        { sha: expect.stringMatching(/^[0-9a-f]{40}$/), changeNotes: expect.any(String) },
      ]);
    });

    it(`${dir}/template.tpl says it is community-made and differs from the build only in its brand and description`, () => {
      const packaged = parseTpl(read(`${dir}/template.tpl`));
      const built = parseTpl(read(`dist/sgtm/${name}`));
      expect(packaged.info.description).toContain(COMMUNITY_NOTICE);
      const png = readFileSync(new URL(`../../${dir}/thumbnail.png`, import.meta.url));
      expect((packaged.info.brand as Record<string, string>).thumbnail).toBe(
        `data:image/png;base64,${png.toString('base64')}`,
      );
      expect({ ...packaged.sections, INFO: '' }).toEqual({ ...built.sections, INFO: '' });
      expect({ ...packaged.info, description: '', brand: '' }).toEqual({ ...built.info, description: '', brand: '' });
    });
  }
});
