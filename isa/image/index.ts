// Public API of the chip-image format: types, writer, reader, validator, inspect and the section registry.
export * from './types.ts';
export { crc32, hex32 } from './crc32.ts';
export { SECTIONS, SECTION_LIST, IMAGE_MAGIC, HEADER_BYTES, FILE_HEADER, SECTION_ENTRY, sectionById, type SectionEntry } from './layout.ts';
export type { SectionName, SectionParts, SectionCodec } from './section.ts';
export { encodeImage, encodeImageWithLayout, writeImageFile, type EncodedImage } from './write.ts';
export { decodeImage, decodeImageWithFrame, readImageFile, type DecodedImage } from './read.ts';
export { readImageFrame, type ImageFrame } from './frame.ts';
export { validateImage } from './validate.ts';
export { formatImage, inspectImageFile, hexWords, type FormatImageOptions } from './inspect.ts';
export { synapseEncodingStats } from './sections/synapses.ts';
