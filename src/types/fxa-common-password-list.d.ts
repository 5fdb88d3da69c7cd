// Mozilla's list of common passwords (the most frequent of ten million leaked ones), as a CommonJS module.
declare module 'fxa-common-password-list' {
  const commonPasswords: { test(password: string): boolean };
  export default commonPasswords;
}
