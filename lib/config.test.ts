import { afterEach, describe, expect, it } from 'vitest';
import { demoMode, smsDriver } from './config';

const saved = { env: process.env.AIR_COUNTER_ENV, sms: process.env.SMS_DRIVER };
afterEach(() => {
  for (const [key, value] of [['AIR_COUNTER_ENV', saved.env], ['SMS_DRIVER', saved.sms]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('demo mode and the SMS driver', () => {
  it('is demo only when explicitly so; the demo inbox driver is then the default', () => {
    process.env.AIR_COUNTER_ENV = 'demo';
    delete process.env.SMS_DRIVER;
    expect(demoMode()).toBe(true);
    expect(smsDriver()).toBe('log');
  });

  it('anywhere else uses the gateway, and refuses the demo inbox driver (it shows customers\' codes)', () => {
    for (const env of [undefined, 'production', 'staging']) {
      if (env === undefined) delete process.env.AIR_COUNTER_ENV;
      else process.env.AIR_COUNTER_ENV = env;
      delete process.env.SMS_DRIVER;
      expect(demoMode()).toBe(false);
      expect(smsDriver()).toBe('http');
      process.env.SMS_DRIVER = 'log';
      expect(() => smsDriver()).toThrow(/only allowed in demo mode/);
    }
  });
});
