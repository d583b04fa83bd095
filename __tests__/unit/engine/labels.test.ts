import { describe, expect, it } from 'vitest';
import { labelArgs } from '../../../src/engine/labels.js';

describe('labelArgs', () => {
  it('gives one --label key=value per label, in order', () => {
    expect(labelArgs({ 'dev.shipshape.run': 'acme/app/1', team: 'core' })).toEqual([
      '--label',
      'dev.shipshape.run=acme/app/1',
      '--label',
      'team=core',
    ]);
  });

  it('keeps = and blanks inside the value, and an empty value', () => {
    expect(labelArgs({ a: 'x=y z', b: '' })).toEqual(['--label', 'a=x=y z', '--label', 'b=']);
  });

  it('gives nothing for no labels', () => {
    expect(labelArgs({})).toEqual([]);
  });
});
