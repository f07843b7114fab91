// Renders the PWA PNG icons from static/icons/icon.svg (run after changing the SVG).
import sharp from 'sharp';
const src = new URL('../static/icons/icon.svg', import.meta.url);
for (const size of [192, 512]) {
	await sharp(src.pathname).resize(size, size).png().toFile(new URL(`../static/icons/icon-${size}.png`, import.meta.url).pathname);
}
