// @vitest-environment node
// The import files and gallery packages as `npm run build` writes them (npm test builds first).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parseTpl } from 'gtm-template-runner';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { GtmExport } from '../../src/formats/gtm-export';
import { BUILT_IN_TRIGGERS, isInstallerOwned, NAME_PREFIX } from '../../src/formats/gtm-export';
import { decodeParameters } from '../../src/formats/template-fields';
import { COMMUNITY_NOTICE } from '../../src/gtm-export/gallery';
import {
  GA4_CLEANED_URLS,
  GA4_EXCLUDED_PARAMS,
  GA4_TAG_TYPE,
  PLACEHOLDERS,
  SERVER_NAMES,
  TEMPLATE_FILES,
} from '../../src/gtm-export/server-container';
import { WEB_NAMES } from '../../src/gtm-export/web-container';
import { WEB_TEMPLATE_FILES, WEB_TEMPLATES_NAMES } from '../../src/gtm-export/web-templates-container';
import { containerProblems, TEMPLATE_DESCRIPTION_MAX } from './check-container';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const web = JSON.parse(read('dist/gtm/web-container.json')) as GtmExport;
const server = JSON.parse(read('dist/gtm/server-container.json')) as GtmExport;
const webTemplates = JSON.parse(read('dist/gtm/web-container-templates.json')) as GtmExport;
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
    const apiKey = brokenServer.containerVersion.variable.find((v) => v.name === SERVER_NAMES.apiKey)!;
    apiKey.parameter[0].value = 'two words';
    expect(containerProblems(brokenServer)).toEqual([expect.stringContaining('apiKey = "two words" fails')]);
    // A field the tag's API leaves disabled is not judged: the Event API key pair, on the Event and Audience API.
    const publicKey = brokenServer.containerVersion.variable.find((v) => v.name === SERVER_NAMES.publicKey)!;
    publicKey.parameter[0].value = 'pk-123';
    expect(containerProblems(brokenServer)).toHaveLength(1);
    const pod = brokenServer.containerVersion.variable.find((v) => v.name === SERVER_NAMES.pod)!;
    pod.parameter[0].value = 'us9';
    expect(containerProblems(brokenServer)).toEqual([
      expect.stringContaining('pod = "{{Rokt – Pod}}" is not one of'),
      expect.stringContaining('apiKey = "two words" fails'),
    ]);
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

/** One file per rule, each breaking only that rule; the check must name it. */
describe('the structural check refuses a file that breaks one rule', () => {
  const cases: { rule: string; file: () => GtmExport; problem: string | RegExp }[] = [
    ...[':', ',', ';'].map((character) => ({
      rule: `no ${character} in a name`,
      file: () => {
        const broken = copy(web);
        broken.containerVersion.variable[0].name += `${character} x`;
        return broken;
      },
      problem: /holds one of : , ;$/,
    })),
    {
      rule: 'one id sequence across kinds',
      file: () => {
        const broken = copy(server);
        const version = broken.containerVersion;
        version.folder[0].folderId = version.tag[0].tagId;
        for (const entity of [...version.tag, ...version.trigger, ...version.variable])
          if (entity.parentFolderId) entity.parentFolderId = version.folder[0].folderId;
        return broken;
      },
      problem: /^id \d+ is both a tagId and a folderId$/,
    },
    {
      rule: 'a transformation added later takes an id of the same sequence',
      file: () => {
        const broken = copy(server);
        const version = broken.containerVersion;
        const { accountId, containerId } = version;
        version.transformation = [
          {
            accountId,
            containerId,
            transformationId: version.variable[0].variableId,
            name: `${NAME_PREFIX}GA4 hygiene`,
            type: 'tf_exclude_params',
            parameter: [],
          },
        ];
        return broken;
      },
      problem: /^id \d+ is both a variableId and a transformationId$/,
    },
    {
      rule: 'real account and container ids',
      file: () => {
        const broken = copy(web);
        broken.containerVersion.tag[0].accountId = '0';
        return broken;
      },
      problem: /^tag ".*" has account\/container id 0\/\d+, not a real one$/,
    },
    {
      rule: 'the same ids on every entity, so cvt_<containerId>_<templateId> matches its template',
      file: () => {
        const broken = copy(server);
        for (const template of broken.containerVersion.customTemplate ?? []) template.containerId = '200000009';
        return broken;
      },
      problem: /^template ".*" has other account\/container ids than the container version$/,
    },
    {
      rule: 'a features block',
      file: () => {
        const broken = copy(web);
        delete (broken.containerVersion.container as Partial<GtmExport['containerVersion']['container']>).features;
        return broken;
      },
      problem: 'container.features is missing',
    },
    {
      rule: 'supportTemplates with custom templates',
      file: () => {
        const broken = copy(server);
        broken.containerVersion.container.features.supportTemplates = false;
        return broken;
      },
      problem: 'the file has custom templates, but container.features.supportTemplates is not true',
    },
    {
      rule: 'supportClients in a server container',
      file: () => {
        const broken = copy(server);
        broken.containerVersion.container.features.supportClients = false;
        return broken;
      },
      problem: 'a server container, but container.features.supportClients is not true',
    },
    {
      rule: 'one customEventFilter entry on a Custom Event trigger',
      file: () => {
        const broken = copy(web);
        const trigger = broken.containerVersion.trigger.find((t) => t.type === 'CUSTOM_EVENT')!;
        trigger.customEventFilter = [...(trigger.customEventFilter ?? []), ...(trigger.customEventFilter ?? [])];
        return broken;
      },
      problem: /^Custom Event trigger ".*" has 2 customEventFilter entries, not 1$/,
    },
    {
      rule: 'no formatValue on the Event Settings variable',
      file: () => {
        const broken = copy(web);
        const settings = broken.containerVersion.variable.find((v) => v.type === 'gtes')!;
        settings.formatValue = {};
        return broken;
      },
      problem: /^variable ".*" \(gtes\) has formatValue/,
    },
    {
      rule: 'template descriptions of 200 characters or less',
      file: () => {
        const broken = copy(server);
        const template = broken.containerVersion.customTemplate![0];
        template.templateData = template.templateData.replace(
          /"description": "([^"]*)"/,
          (_all, description: string) => `"description": "${description.padEnd(TEMPLATE_DESCRIPTION_MAX + 1, '.')}"`,
        );
        return broken;
      },
      problem: `template "${server.containerVersion.customTemplate![0].name}" has a ${TEMPLATE_DESCRIPTION_MAX + 1}-character description (at most ${TEMPLATE_DESCRIPTION_MAX})`,
    },
  ];
  for (const { rule, file, problem } of cases) {
    it(rule, () => {
      const problems = containerProblems(file());
      expect(problems).toContainEqual(typeof problem === 'string' ? problem : expect.stringMatching(problem));
    });
  }
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

  it('gives the rtid Data Layer variable no default (an old cookie must not ride as ep.rtid) and puts both into Event Settings', () => {
    const variable = (name: string) => decodeParameters(version.variable.find((v) => v.name === name)!.parameter);
    expect(variable(WEB_NAMES.rtid)).toMatchObject({ name: 'rtid', setDefaultValue: false });
    expect(variable(WEB_NAMES.rtid).defaultValue).toBeUndefined();
    expect(version.variable.filter((v) => v.type === 'k')).toEqual([]);
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

  it('marks every Constant holding a placeholder as installer-owned, so the upgrade docs can name them', () => {
    const constants = version.variable.filter((v) => v.type === 'c');
    const placeholders = new Set<string>(Object.values(PLACEHOLDERS));
    const holdsPlaceholder = constants.filter((v) => placeholders.has(String(decodeParameters(v.parameter).value)));
    expect(holdsPlaceholder.length).toBeGreaterThan(0);
    for (const variable of holdsPlaceholder) expect(isInstallerOwned(variable), variable.name).toBe(true);
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

const builtWebTemplates = readdirSync(new URL('../../dist/web/', import.meta.url)).filter((name) =>
  name.endsWith('.tpl'),
);

describe('dist/gtm/web-container-templates.json (no Custom HTML)', () => {
  const version = webTemplates.containerVersion;
  const tagNamed = (name: string) => version.tag.find((t) => t.name === name)!;
  const typeOf = (file: string) => {
    const template = version.customTemplate?.find((t) => t.templateData === read(`dist/web/${file}.tpl`));
    return template && `cvt_${version.containerId}_${template.templateId}`;
  };

  it('passes the structural check and has no Custom HTML tag', () => {
    expect(containerProblems(webTemplates)).toEqual([]);
    expect(version.tag.filter((t) => t.type === 'html')).toEqual([]);
  });

  it('embeds both web templates byte for byte', () => {
    expect(typeOf(WEB_TEMPLATE_FILES.capture)).toBeDefined();
    expect(typeOf(WEB_TEMPLATE_FILES.identifier)).toBeDefined();
  });

  it('fires the Capture tag on Initialization – All Pages, with the template defaults', () => {
    const capture = tagNamed(WEB_TEMPLATES_NAMES.captureTag);
    expect(capture.type).toBe(typeOf(WEB_TEMPLATE_FILES.capture));
    expect(capture.firingTriggerId).toEqual([BUILT_IN_TRIGGERS.initialization]);
    expect(decodeParameters(capture.parameter)).toMatchObject({ consent: 'adStorage', cookieDomain: 'auto' });
  });

  it('puts the Web Identifier variables in the rtid and emailsha256 rows of the Event Settings variable', () => {
    const settings = version.variable.find((v) => v.name === WEB_TEMPLATES_NAMES.eventSettings)!;
    const rows = settings.parameter[0].list!.map((row) => row.map!.map((p) => p.value));
    expect(rows).toEqual([
      ['rtid', `{{${WEB_TEMPLATES_NAMES.rtid}}}`],
      ['emailsha256', `{{${WEB_TEMPLATES_NAMES.emailSha256}}}`],
    ]);
    for (const [name, output] of [
      [WEB_TEMPLATES_NAMES.rtid, 'roktId'],
      [WEB_TEMPLATES_NAMES.emailSha256, 'emailSha256'],
    ]) {
      const variable = version.variable.find((v) => v.name === name)!;
      expect(variable.type).toBe(typeOf(WEB_TEMPLATE_FILES.identifier));
      expect(decodeParameters(variable.parameter).output).toBe(output);
    }
  });

  it("captures the conversion's email in a setup tag of the conversion tag", () => {
    const example = tagNamed(WEB_TEMPLATES_NAMES.exampleTag);
    expect(example.setupTag).toEqual([
      { tagName: WEB_TEMPLATES_NAMES.conversionCaptureTag, stopOnSetupFailure: false },
    ]);
    const setup = tagNamed(WEB_TEMPLATES_NAMES.conversionCaptureTag);
    expect(setup.firingTriggerId).toEqual([]);
    expect(decodeParameters(setup.parameter).email).toBe(`{{${WEB_TEMPLATES_NAMES.userData}}}`);
  });

  it('the check refuses a setup tag that is not in the file, and a tag that neither fires nor sets up', () => {
    const broken = copy(webTemplates);
    const example = broken.containerVersion.tag.find((t) => t.name === WEB_TEMPLATES_NAMES.exampleTag)!;
    example.setupTag = [{ tagName: 'Nowhere', stopOnSetupFailure: false }];
    expect(containerProblems(broken)).toHaveLength(2);
    expect(containerProblems(broken)).toEqual(
      expect.arrayContaining([
        `tag "${WEB_TEMPLATES_NAMES.exampleTag}" has the missing setup tag "Nowhere"`,
        `tag "${WEB_TEMPLATES_NAMES.conversionCaptureTag}" has no firing trigger`,
      ]),
    );
  });
});

describe('dist/gallery', () => {
  const packaged = [
    ...builtTemplates.map((name) => ({ name, built: `dist/sgtm/${name}` })),
    ...builtWebTemplates.map((name) => ({ name, built: `dist/web/${name}` })),
  ];
  it('has a package for every server and web template', () => {
    expect(packaged.map((t) => t.name)).toContain('rokt-capture.tpl');
    expect(packaged.map((t) => t.name)).toContain('rokt-identifier-web.tpl');
  });
  for (const { name, built: builtPath } of packaged) {
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
      const built = parseTpl(read(builtPath));
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
