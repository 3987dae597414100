// What the tool list costs the model: every client puts each tool's name, description and
// inputSchema into the model's context in every conversation. Measured as a real client sees
// tools/list on `proxmox-mcp --demo`, as compact JSON in UTF-8 bytes. The ceilings are today's
// figures (a little rounded up), so that the list can only shrink; a tool added must pay for
// itself. Elevated mode stays within the Node.js server's 24,690 bytes for its 55 tools, with 74;
// basic mode under 8,000.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DemoSession, ELEVATED } from './lib/demo_session.mjs';

const CEILINGS = {
  basic: { tools: 24, bytes: 6050 },
  elevated: { tools: 74, bytes: 23950 },
};

const bytes = (value) => Buffer.byteLength(JSON.stringify(value), 'utf8');

async function measure(env) {
  const session = await DemoSession.start(env);
  try {
    const advertised = session.tools.map(({ name, description, inputSchema }) => (
      { name, description, inputSchema }));
    return {
      tools: session.tools.length,
      bytes: bytes(advertised),
      // Also in the context, not part of the ceiling: what a client may show besides.
      instructions: session.client.getInstructions() ?? '',
      full: bytes(session.tools),
    };
  } finally {
    await session.close();
  }
}

for (const [mode, env] of [['basic', {}], ['elevated', ELEVATED]]) {
  test(`${mode} mode: tools/list fits its context budget`, async () => {
    const figures = await measure(env);
    console.log(`context ${mode}: ${figures.tools} tools, ${figures.bytes} bytes of name + ` +
                `description + inputSchema (ceiling ${CEILINGS[mode].bytes}); ${figures.full} ` +
                `bytes with outputSchema and annotations; instructions ${Buffer.byteLength(figures.instructions, 'utf8')}`);
    assert.equal(figures.tools, CEILINGS[mode].tools, `${mode} mode lists a new number of tools: ` +
                 'measure again and set its ceiling');
    assert.ok(figures.bytes <= CEILINGS[mode].bytes,
              `${mode} mode advertises ${figures.bytes} bytes, more than its ceiling of ` +
              `${CEILINGS[mode].bytes}: shorten what was added (descriptions, schemas)`);
    if (mode === 'elevated') {
      // wait and timeout are in no tool's schema: the instructions carry them once.
      assert.match(figures.instructions, /takes wait \(boolean, default true\) and timeout/);
    }
  });
}
