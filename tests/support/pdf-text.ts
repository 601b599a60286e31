import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of each page of a PDF, as pdf.js reads it (for checking running headers and page numbers). */
export async function pdfPageTexts(pdf: Uint8Array): Promise<string[]> {
	const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false }).promise;
	try {
		const pages: string[] = [];
		for (let n = 1; n <= doc.numPages; n++) {
			const content = await (await doc.getPage(n)).getTextContent();
			pages.push(
				content.items
					.map((item) => ('str' in item ? item.str : ''))
					.join(' ')
					.replace(/\s+/g, ' ')
			);
		}
		return pages;
	} finally {
		await doc.destroy();
	}
}
