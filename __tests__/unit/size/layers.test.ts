import { describe, expect, it } from 'vitest';
import {
  instructionsForLayers,
  normaliseInstruction,
  sharedPrefix,
  totals,
} from '../../../src/size/layers.js';
import { HEX, layer } from './helpers.js';

describe('normaliseInstruction', () => {
  it('reads a legacy #(nop) metadata instruction as the instruction itself', () => {
    expect(normaliseInstruction('/bin/sh -c #(nop)  CMD ["hello"]')).toBe('CMD ["hello"]');
    expect(normaliseInstruction('/bin/sh -c #(nop)  ENV PATH=/usr/bin')).toBe('ENV PATH=/usr/bin');
  });

  it('drops the content hash of a legacy COPY, keeping the destination', () => {
    expect(normaliseInstruction(`/bin/sh -c #(nop) COPY file:${HEX} in /usr/local/bin/ `)).toBe(
      'COPY … /usr/local/bin/',
    );
    expect(normaliseInstruction(`/bin/sh -c #(nop) ADD dir:${HEX} in / `)).toBe('ADD … /');
    // Two builds of different content say the same instruction.
    expect(normaliseInstruction(`/bin/sh -c #(nop) COPY file:${'0'.repeat(64)} in /app/ `)).toBe(
      normaliseInstruction(`/bin/sh -c #(nop) COPY file:${'f'.repeat(64)} in /app/ `),
    );
  });

  it('reads a legacy shell command as a RUN', () => {
    expect(normaliseInstruction('/bin/sh -c dd if=/dev/zero of=/x')).toBe('RUN dd if=/dev/zero of=/x');
  });

  it('reads a legacy RUN with a build-argument prefix as the RUN without it', () => {
    expect(normaliseInstruction('|1 VERSION=2 /bin/sh -c make')).toBe('RUN make');
    expect(normaliseInstruction('|2 A=1 B= /bin/sh -c make install')).toBe('RUN make install');
  });

  it('reads BuildKit history, with and without build arguments', () => {
    expect(normaliseInstruction('RUN /bin/sh -c echo hi > /x # buildkit')).toBe('RUN echo hi > /x');
    expect(normaliseInstruction('COPY hello /usr/local/bin/ # buildkit')).toBe('COPY hello /usr/local/bin/');
    expect(normaliseInstruction('RUN |1 VERSION=2 /bin/sh -c make # buildkit')).toBe('RUN make');
    expect(normaliseInstruction('WORKDIR /app')).toBe('WORKDIR /app');
  });

  it('says the legacy and BuildKit forms of one RUN the same way', () => {
    expect(normaliseInstruction('/bin/sh -c echo hi > /x')).toBe(
      normaliseInstruction('RUN /bin/sh -c echo hi > /x # buildkit'),
    );
    expect(normaliseInstruction('/bin/sh -c apk add  --no-cache\n curl')).toBe(
      normaliseInstruction('RUN /bin/sh -c apk add --no-cache curl # buildkit'),
    );
  });

  it('collapses whitespace and names an empty instruction as unknown', () => {
    expect(normaliseInstruction('RUN   a \t b')).toBe('RUN a b');
    expect(normaliseInstruction('')).toBe('(unknown instruction)');
    expect(normaliseInstruction('   ')).toBe('(unknown instruction)');
  });
});

describe('instructionsForLayers', () => {
  const history = [
    { created_by: '/bin/sh -c #(nop) ADD file:' + HEX + ' in / ' },
    { created_by: '/bin/sh -c #(nop)  CMD ["/bin/sh"]', empty_layer: true },
    { created_by: 'ENV A=1', empty_layer: true, comment: 'buildkit.dockerfile.v0' },
    { created_by: 'RUN /bin/sh -c apk add curl # buildkit' },
    { created_by: 'COPY app /app # buildkit' },
  ];

  it('pairs the history entries that made a layer with the layers, in order', () => {
    expect(instructionsForLayers(history, 3)).toEqual(['ADD … /', 'RUN apk add curl', 'COPY app /app']);
  });

  it('says every instruction is unknown when the counts disagree', () => {
    expect(instructionsForLayers(history, 2)).toEqual(['(unknown instruction)', '(unknown instruction)']);
    expect(instructionsForLayers(history, 4)).toEqual(Array(4).fill('(unknown instruction)'));
    expect(instructionsForLayers([], 1)).toEqual(['(unknown instruction)']);
  });

  it('names an entry without created_by as unknown', () => {
    expect(instructionsForLayers([{}, { created_by: 'RUN /bin/sh -c x # buildkit' }], 2)).toEqual([
      '(unknown instruction)',
      'RUN x',
    ]);
  });
});

describe('sharedPrefix', () => {
  it('counts the leading layers two lists share', () => {
    expect(sharedPrefix(['a', 'b', 'c'], ['a', 'b', 'x', 'c'])).toBe(2);
    expect(sharedPrefix(['a', 'b'], ['a', 'b', 'c'])).toBe(2);
    expect(sharedPrefix(['x'], ['a'])).toBe(0);
    expect(sharedPrefix([], ['a'])).toBe(0);
    // A later match after a difference does not count.
    expect(sharedPrefix(['a', 'x', 'c'], ['a', 'y', 'c'])).toBe(1);
  });
});

describe('totals', () => {
  it('sums each size, and is unknown when any layer is unknown', () => {
    expect(totals([layer('a', 'RUN a', 10, 30), layer('b', 'RUN b', 5, 20)])).toEqual({
      size: 50,
      compressedSize: 15,
    });
    expect(totals([layer('a', 'RUN a', 10, undefined), layer('b', 'RUN b', 5, 20)])).toEqual({
      size: undefined,
      compressedSize: 15,
    });
    expect(totals([])).toEqual({ size: 0, compressedSize: 0 });
  });
});

describe('instructions of imported layers', () => {
  it('shows the history comment when no instruction was recorded', () => {
    expect(instructionsForLayers([{ created_by: '', comment: 'Imported from -' }], 1)).toEqual([
      '(Imported from -)',
    ]);
  });
});
