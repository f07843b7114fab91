/** Decodes an image file to RGBA in Node (EXIF orientation applied, as browsers do). */
import sharp from 'sharp';
import type { RgbaImage } from '../../src/lib/faces/pipeline/types';

export async function loadRgba(path: string): Promise<RgbaImage> {
  const { data, info } = await sharp(path).rotate().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}
