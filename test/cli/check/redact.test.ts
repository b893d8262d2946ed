import { describe, expect, it } from 'vitest';
import { redact, secretsOf } from '../../../src/cli/check/redact';

describe('redact', () => {
  const secrets = secretsOf(
    ['https://stage-user:p%40ss-w0rd@www.staging.example/', 'https://other:tok3n-xyz@checkout.staging.example/t'],
    'QA@Example.com',
  );

  it('replaces the user info of every URL in a text, whatever the scheme and wherever it stands', () => {
    expect(redact('Checked https://stage-user:p%40ss-w0rd@www.staging.example/?rtid=x')).toBe(
      'Checked https://***@www.staging.example/?rtid=x',
    );
    expect(redact('page.goto: net::ERR_CONNECTION_REFUSED at http://a:b@host:1/ and ws://c@d/')).toBe(
      'page.goto: net::ERR_CONNECTION_REFUSED at http://***@host:1/ and ws://***@d/',
    );
    expect(redact('{"url": "http://u:p@h/", "target":"https://x:y@z/"}')).toBe(
      '{"url": "http://***@h/", "target":"https://***@z/"}',
    );
  });

  it('covers user info with quotes or spaces once the URL parser has written it (as the check prints URLs)', () => {
    expect(redact(JSON.stringify({ target: new URL('https://us"er:p"a ss@h.example/t').href }))).toBe(
      '{"target":"https://***@h.example/t"}',
    );
  });

  it('replaces the secrets themselves, typed or decoded, where no URL surrounds them', () => {
    expect(redact('the page said p@ss-w0rd and tok3n-xyz to qa@example.com', secrets)).toBe(
      'the page said *** and *** to ***',
    );
  });

  it('leaves a text without secrets alone, and never replaces short ones that would match ordinary words', () => {
    expect(redact('✔ Bundle present — version 0.1.0', secretsOf(['https://a:b@host/']))).toBe(
      '✔ Bundle present — version 0.1.0',
    );
    expect(redact('mail me at qa@example.com')).toBe('mail me at qa@example.com');
  });
});
