// CSV that a spreadsheet opens as it should: UTF-8 with a byte-order mark
// (without it Excel reads Chinese as mojibake), CRLF line ends and quoting as
// RFC 4180 has them, and no cell a spreadsheet would run as a formula.

const BOM = '\uFEFF';

/** A cell that starts like a formula (=, +, -, @, tab, CR) is prefixed with an apostrophe: text, never run. */
function cell(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(headings: readonly string[], rows: readonly (readonly string[])[]): string {
  return BOM + [headings, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
