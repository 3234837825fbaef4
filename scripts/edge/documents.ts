/**
 * Which of the static build's files the edge serves as they are, taken from the static plan so their bytes
 * are the same: the feed (index and day buckets) and the snapshot, plus the build manifest and the OpenAPI
 * document and the ToolHive export given as text. The official paths are answered by the handler; the paginated `_page/` listings
 * are not carried over (on the edge, the official `cursor` pages any list).
 */
import { codeUnitOrder } from '../core/compare.ts';
import { OWN, paths } from '../core/url-layout.ts';
import type { Output } from '../api/outputs.ts';
import type { EdgeDocument } from './layout.ts';

const OWN_LISTS = [`${OWN}/servers/_changes/`, `${OWN}/servers/_snapshot/`];

export function edgeDocuments(
  outputs: readonly Output[],
  texts: { manifest: string; openapi: string; toolhive: string },
): EdgeDocument[] {
  const docs: EdgeDocument[] = [];
  for (const o of outputs) {
    if (!('parts' in o) || !OWN_LISTS.some((p) => o.path.startsWith(p))) continue;
    docs.push({ path: underOwn(o.path), parts: o.parts });
  }
  docs.push({ path: underOwn(paths.manifest()), parts: [texts.manifest] });
  docs.push({ path: underOwn(paths.openapi()), parts: [texts.openapi] });
  docs.push({ path: underOwn(paths.toolhive()), parts: [texts.toolhive] });
  return docs.sort((a, b) => codeUnitOrder(a.path, b.path));
}

function underOwn(path: string): string {
  if (!path.startsWith(`${OWN}/`)) throw new Error(`edge documents: ${path} is not under /${OWN}`);
  return path.slice(OWN.length + 1);
}
