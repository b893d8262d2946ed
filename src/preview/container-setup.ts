/**
 * The preview's server container version: which variables and tags it has and how their fields are filled, as an
 * advertiser would set them up in the GTM UI for the project's two templates. The Rokt account and keys are made up;
 * the Rokt stand-in accepts exactly these.
 */
import { join } from 'node:path';
import { loadTpl, type Tpl } from '../sandbox/index.js';
import type { ContainerSetup } from './server-container.js';

/** Made-up credentials (rpub-/rsec- as Rokt issues them); the account ID is Rokt's documented example. */
export const PREVIEW_ACCOUNT = {
  accountId: '3051387316918867566',
  publicKey: 'rpub-preview-0000',
  secretKey: 'rsec-preview-0000',
};

/** How the tag reports: Rokt's Event API (POST) or the PII-less conversion GET. */
export type ContainerMode = 'event-api' | 'conversion-get';

/** The dataLayer / GA4 events that are conversions. */
export const CONVERSION_EVENTS = ['purchase'];

/** The two templates, parsed once. */
export interface Templates {
  identifier: Tpl;
  eventApi: Tpl;
}

/** Loads `rokt-identifier.tpl` and `rokt-event-api.tpl` from `dir`. */
export function loadTemplates(dir: string): Templates {
  return { identifier: loadTpl(join(dir, 'rokt-identifier.tpl')), eventApi: loadTpl(join(dir, 'rokt-event-api.tpl')) };
}

/**
 * The container version for `mode`. The tag finds the identifiers in event data itself; the variables are the ones
 * an advertiser would add next to it (for triggers, or a generic HTTP tag), and the container shows their values.
 */
export function containerSetup(templates: Templates, mode: ContainerMode): ContainerSetup {
  return {
    variables: {
      'Rokt ID': { template: templates.identifier, data: { output: 'roktId' } },
      'Rokt Email SHA-256': { template: templates.identifier, data: { output: 'emailSha256' } },
      'Rokt Event API body': {
        template: templates.identifier,
        data: { output: 'eventApiBody', accountId: PREVIEW_ACCOUNT.accountId },
      },
    },
    tags: [
      {
        name: mode === 'event-api' ? 'Rokt Event API' : 'Rokt Event API (PII-less GET)',
        template: templates.eventApi,
        firesOn: CONVERSION_EVENTS,
        data: {
          accountId: PREVIEW_ACCOUNT.accountId,
          apiMode: mode === 'event-api' ? 'eventApi' : 'conversionGet',
          publicKey: PREVIEW_ACCOUNT.publicKey,
          secretKey: PREVIEW_ACCOUNT.secretKey,
          identifierPolicy: 'both',
          consentMode: 'respect',
        },
      },
    ],
  };
}
