// @vitest-environment node

import { type HttpRequestRecord, type HttpResponse, loadTpl, runTemplate } from 'gtm-template-runner';
import { describe, expect, it } from 'vitest';
import { type AudienceApiPod, checkAudienceApiRequest } from '../../src/formats/rokt-audience-api';
import { type CheckedRun, fireTag, NOW, purchaseEvent, tagFields, VARIABLE_TPL } from './fixtures';

const API_KEY = 'us2-4f1c0a9e8b7d6c5b4a3f2e1d0c9b8a7f';
const API_SECRET = 'Zx9_secret-Value.0123456789abcdefABCDEF';
const CREDENTIALS = Buffer.from(`${API_KEY}:${API_SECRET}`).toString('base64');
const ACCEPTED: HttpResponse = { statusCode: 202, body: '' };

/** Tag fields for the Event and Audience API, as the import file and an installer set them. */
function audienceFields(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return tagFields({
    apiMode: 'eventAudienceApi',
    accountId: '',
    publicKey: '',
    secretKey: '',
    pod: 'us2',
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    environment: 'production',
    customerId: '',
    sendDeviceInfo: true,
    ...overrides,
  });
}

type Run = CheckedRun;

function fire(
  fields: Record<string, unknown> = {},
  eventData: Record<string, unknown> = purchaseEvent(),
  answers: (HttpResponse | 'fail')[] = [ACCEPTED],
): Promise<Run> {
  const data = audienceFields(fields);
  const check = (req: HttpRequestRecord & { body: string }) =>
    checkAudienceApiRequest(req, { apiKey: API_KEY, apiSecret: API_SECRET, pod: data.pod as AudienceApiPod, now: NOW });
  return fireTag(data, { check, secrets: [API_SECRET, CREDENTIALS] }, eventData, answers);
}

// The Event and Audience API's behaviour is specified in the tag's ___TESTS___ (test/sgtm/rokt-event-api.test.ts
// runs them and checks each request against the contract). GTM's test API runs one template: that the Rokt
// Identifier variable outputs the very batch the tag sends needs both.
describe("Rokt Event and Audience API: the batch is the Rokt Identifier variable's", () => {
  it('outputs, as the Rokt Identifier variable, the very body the tag sends for the same fields', async () => {
    for (const fields of [{}, { identifierPolicy: 'emailSha256', customerId: 'C-1', sendDeviceInfo: false }]) {
      const run = await fire(fields);
      const variable = await runTemplate(loadTpl(VARIABLE_TPL), {
        data: { ...audienceFields(fields), output: 'audienceApiBody' },
        eventData: purchaseEvent(),
        now: NOW,
      });
      expect(variable.value).toBe(run.requests[0]!.body);
    }
  });
});
