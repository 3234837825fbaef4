export { startPreview, contentType, type Preview, type PreviewOptions } from './server.ts';
