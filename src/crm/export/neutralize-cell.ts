/**
 * A text cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a tab/CR before one)
 * gets a leading apostrophe: opening an export must never run what a client typed into a field
 * (OWASP "CSV injection"). Applied to CSV and XLSX alike, since an XLSX is often re-saved as CSV.
 */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
