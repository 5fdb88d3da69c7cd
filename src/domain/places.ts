/**
 * Where a host organisation is, as a reader of a language names it: "Valencia, Espagne". The country is named
 * from its ISO 3166-1 code; without a valid code, as the address wrote it.
 */
export function placeName(address: { addressLocality?: unknown; addressCountryCode?: unknown; addressCountry?: unknown }, locale: string): string {
  const code = typeof address.addressCountryCode === 'string' && /^[A-Z]{2}$/.test(address.addressCountryCode) ? address.addressCountryCode : undefined;
  const country = code ? countryName(code, locale) : address.addressCountry;
  return [address.addressLocality, country].filter((part): part is string => typeof part === 'string' && part !== '').join(', ');
}

/** A country by its ISO 3166-1 code, named in a language; the code itself when the language does not know it. */
export function countryName(code: string, locale: string): string {
  return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
}
