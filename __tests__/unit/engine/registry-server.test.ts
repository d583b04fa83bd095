import { describe, expect, it } from 'vitest';
import { registryConfig } from '../../../src/engine/registry-server.js';

describe('registryConfig', () => {
  it('writes a registry configuration with deletes enabled on loopback', () => {
    expect(registryConfig('/s', '127.0.0.1:5000')).toContain('addr: 127.0.0.1:5000');
    expect(registryConfig('/s', '127.0.0.1:5000')).toMatch(/delete:\n\s+enabled: true/);
  });
});
