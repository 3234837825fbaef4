/**
 * ToolHive's upstream registry format as documented (stacklok/toolhive-core `registry/types/upstream_registry.go`
 * and `registry/types/data/upstream-registry.schema.json`), restated for the tests: the envelope's constraints, and
 * the official server.json schema (vendored) that the format's `data.servers` items refer to.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { serverValidator } from '../../scripts/schema/registry.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);

/** The upstream registry format's envelope: what a ToolHive registry server checks before it imports the servers. */
export const validEnvelope = ajv.compile({
  type: 'object',
  required: ['version', 'meta', 'data'],
  properties: {
    $schema: { type: 'string', format: 'uri' },
    version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+$' },
    meta: {
      type: 'object',
      required: ['last_updated'],
      properties: { last_updated: { type: 'string', format: 'date-time' } },
    },
    data: {
      type: 'object',
      required: ['servers'],
      properties: { servers: { type: 'array', items: { type: 'object' } } },
    },
  },
});
export const validServer = serverValidator('2025-12-11');
