export { startPreview, contentType, normalizeBasePath, type Preview, type PreviewOptions } from './server.ts';
